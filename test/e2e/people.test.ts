// People and channels in Chromium against a real host: a profile edited by
// one person (status and picture) is what the other sees on the card; the
// member list; channel settings for the creator only; archiving replaces the
// composer with a banner while search still finds the channel's messages.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sayOnPage, signInOnPage } from './helpers/app-page.js';
import { useBrowserSuite } from './helpers/browser-suite.js';
import { pngImage } from '../helpers/png-image.js';

const suite = useBrowserSuite();

const signIn = async (name: string): Promise<Page> => signInOnPage(await suite.openPage(), name);
const messages = (page: Page) => page.getByRole('log');

describe('People and channels', () => {
  it('edits one’s own profile (status + picture); the other person sees it on the card, with Message', async () => {
    await suite.startWebHost();
    const alice = await signIn('Alice');
    const bob = await signIn('Bob');
    await sayOnPage(alice, 'hello from alice');
    await messages(alice).getByRole('button', { name: 'Profile of Alice' }).first().click();
    const card = alice.getByRole('dialog', { name: 'Profile of Alice' });
    await card.getByRole('button', { name: 'Edit profile' }).click();
    const form = alice.getByRole('dialog', { name: 'Edit profile' });
    await form.getByLabel('Display name').fill('Alice Liddell');
    await form.getByLabel('Status emoji').fill('🍕');
    await form.getByLabel('Status', { exact: true }).fill('At lunch');
    // A picture that is too large is refused next to its field.
    await form.getByLabel('Profile picture').setInputFiles({ name: 'big.png', mimeType: 'image/png', buffer: pngImage(600, 600) });
    expect(await form.getByRole('alert').textContent()).toMatch(/at most 512×512/);
    await form.getByLabel('Profile picture').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: pngImage(96, 96) });
    await form.getByRole('button', { name: 'Save profile' }).click();
    await form.waitFor({ state: 'detached' });

    await messages(bob).getByRole('button', { name: 'Profile of Alice Liddell' }).first().click();
    const seen = bob.getByRole('dialog', { name: 'Profile of Alice Liddell' });
    await seen.getByText('@Alice').waitFor();
    await seen.getByText('🍕 At lunch').waitFor();
    await seen.getByText('Online').waitFor();
    const image = seen.locator('img.avatar__image');
    await image.waitFor();
    expect(await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(96);
    await seen.getByRole('button', { name: 'Message' }).click();
    await seen.waitFor({ state: 'detached' });
    // The display name everywhere: the DM title, and Bob's sidebar (sign-in name on hover).
    await bob.getByRole('heading', { level: 1, name: 'Alice Liddell' }).waitFor();
    const inSidebar = bob.getByRole('list', { name: 'Online users' }).getByRole('button', { name: /^Alice Liddell\b.*online/ });
    expect(await inSidebar.getAttribute('title')).toBe('Message Alice Liddell (@Alice)');
    await bob.getByRole('list', { name: 'Direct messages' }).getByRole('button', { name: /^Alice Liddell/ }).waitFor();
  });

  it('lists a channel’s members; the creator renames it and sets its topic, others have no settings; archive makes it read-only, still searchable', async () => {
    await suite.startWebHost();
    await signIn('Admin'); // the first person is admin
    const alice = await signIn('Alice');
    const bob = await signIn('Bob');

    await alice.getByRole('button', { name: 'New channel' }).click();
    await alice.getByLabel('Channel name').fill('plans');
    await alice.getByRole('button', { name: 'Create channel' }).click();
    await alice.getByRole('heading', { level: 1, name: 'plans', exact: true }).waitFor(); // the header (the empty channel's start shows a second, "#plans")
    await sayOnPage(alice, 'the quokka plan is ready');
    await bob.getByRole('button', { name: 'Browse channels' }).click();
    await bob.getByRole('button', { name: 'Join #plans' }).click();
    await bob.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /plans/ }).first().click();

    await bob.getByRole('button', { name: '2 members' }).click();
    const list = bob.getByRole('dialog', { name: 'Members of #plans' });
    await list.getByRole('button', { name: 'Profile of Alice' }).waitFor();
    await list.getByRole('button', { name: 'Profile of Bob' }).waitFor();
    await bob.keyboard.press('Escape');
    expect(await bob.getByRole('button', { name: 'Channel settings' }).count()).toBe(0);

    await alice.getByRole('button', { name: 'Channel settings' }).click();
    const settings = alice.getByRole('dialog', { name: /^Settings of #/ });
    await settings.getByLabel('Topic').fill('Friday lunch');
    await settings.getByLabel('Channel name').fill('lunch-plans');
    await settings.getByRole('button', { name: 'Save changes' }).click();
    await settings.getByText('Saved.').waitFor();
    await bob.getByRole('heading', { name: 'lunch-plans', exact: true }).waitFor();
    await bob.getByText('Friday lunch').first().waitFor();

    await settings.getByRole('button', { name: 'Archive channel' }).click();
    await bob.getByText('#lunch-plans is archived.').waitFor();
    expect(await bob.getByRole('textbox', { name: /Message/ }).count()).toBe(0);
    // It moved out of the channels into the sidebar's archived list (open while it is shown).
    await bob.getByRole('list', { name: 'Archived channels' }).getByRole('button', { name: /lunch-plans/ }).waitFor();
    expect(await bob.getByRole('list', { name: 'Channels', exact: true }).getByRole('button', { name: /lunch-plans/ }).count()).toBe(0);

    await bob.getByRole('searchbox').first().fill('quokka');
    await bob.keyboard.press('Enter');
    await bob.getByText('the quokka plan is ready').last().waitFor();
  });
});
