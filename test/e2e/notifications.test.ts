// Notifications in Chromium: permission asked only from the banner's "Turn on
// notifications", the blocked case explained, and the per-conversation level.
// Notifications are recorded by wrapping the real Notification class, so the
// browser's real permission (granted or not by the test) still decides.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dmKey } from '../../src-shared/protocol/conversations.js';
import { signInOnPage } from './helpers/app-page.js';
import type { ChatClient } from '../../src-shared/chat-client.js';
import { useBrowserSuite } from './helpers/browser-suite.js';
import { axeOn } from './helpers/axe.js';

const suite = useBrowserSuite();

const RECORD_NOTIFICATIONS = `
  window.__notifications = [];
  const Real = window.Notification;
  window.Notification = class extends Real {
    constructor(title, options) {
      window.__notifications.push({ title, body: options && options.body });
      super(title, options);
    }
  };
`;

type Recorded = { title: string; body: string };
const recorded = (page: Page) => page.evaluate(() => (window as unknown as { __notifications: Recorded[] }).__notifications);
const sidebarDms = (page: Page) => page.getByRole('navigation', { name: 'Conversations' }).getByRole('list', { name: 'Direct messages' });
const banner = (page: Page) => page.getByRole('region', { name: 'Notifications' });

async function aliceAndBob(): Promise<{ alice: Page; bob: ChatClient; dm: string }> {
  await suite.startWebHost();
  const alice = await signInOnPage(await suite.openPage({ initScripts: [RECORD_NOTIFICATIONS] }), 'Alice');
  const bob = await suite.person('Bob');
  const { users } = await bob.request('users.list', {});
  const aliceId = users.find((u) => u.name === 'Alice')!.id;
  return { alice, bob, dm: dmKey(aliceId, bob.me!.id) };
}

async function axeViolations(page: Page, selector: string): Promise<string[]> {
  const axe = await axeOn(page).include(selector).analyze();
  return axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('notifications in the browser', () => {
  it('turned on from the banner (the browser grants), a DM notifies', async () => {
    const { alice, bob, dm } = await aliceAndBob();
    await banner(alice).getByText('Get notified of DMs and mentions.').waitFor();
    expect(await axeViolations(alice, '.notify-banner')).toEqual([]);
    expect(await alice.evaluate(() => Notification.permission)).toBe('default');
    // The person says yes in the browser's prompt.
    await alice.context().grantPermissions(['notifications'], { origin: new URL(suite.web.url).origin });
    await banner(alice).getByRole('button', { name: 'Turn on notifications' }).click();
    await banner(alice).waitFor({ state: 'detached' });

    await bob.send(dm, 'are you around?').done;
    await expect.poll(() => recorded(alice), { timeout: 10_000 }).toEqual([{ title: 'Bob', body: 'are you around?' }]);
  });

  it('when the browser blocks them, says so and how to allow them again', async () => {
    const { alice } = await aliceAndBob();
    // Headless Chromium answers the permission prompt with "denied" (as a person blocking it would).
    await banner(alice).getByRole('button', { name: 'Turn on notifications' }).click();
    await banner(alice).getByText('Notifications are blocked for this page.').waitFor();
    await expect.poll(() => banner(alice).textContent()).toMatch(/In Chrome: click the icon left of the address, open Site settings, set Notifications to Allow/);
    expect(await axeViolations(alice, '.notify-banner')).toEqual([]);
  });

  it('"Nothing" for a DM keeps it quiet, while a channel mention still notifies', async () => {
    const { alice, bob, dm } = await aliceAndBob();
    await alice.context().grantPermissions(['notifications'], { origin: new URL(suite.web.url).origin });
    await alice.reload();
    await alice.getByRole('textbox', { name: 'Message' }).waitFor();
    await expect.poll(() => banner(alice).count()).toBe(0);

    // Bob's DM appears in the sidebar once he wrote; open it and set it to Nothing.
    await bob.send(dm, 'first').done;
    await expect.poll(() => recorded(alice), { timeout: 10_000 }).toHaveLength(1);
    await sidebarDms(alice).getByRole('button', { name: /Bob/ }).click();
    await alice.getByRole('heading', { level: 2, name: 'Bob' }).waitFor();
    await alice.getByRole('button', { name: 'Notifications: All new messages' }).click();
    const dialog = alice.getByRole('dialog', { name: 'Notifications for Bob' });
    expect(await axeViolations(alice, '[role="dialog"]')).toEqual([]);
    await dialog.getByRole('radio', { name: 'Nothing' }).check();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await alice.getByRole('button', { name: 'Notifications: Nothing' }).waitFor();
    // Back to #general, so the DM is not being read.
    await alice.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /general/ }).first().click();
    await alice.getByRole('heading', { level: 2, name: /general/ }).waitFor();

    await bob.send(dm, 'quiet please').done;
    await bob.send('ch:1', 'plain channel chatter').done;
    // Events arrive in order: once the later channel message shows, the DM was handled (and did not notify).
    await alice.getByRole('log').getByText('plain channel chatter').waitFor();
    await sidebarDms(alice).getByText('1 unread').waitFor();
    expect(await recorded(alice)).toEqual([{ title: 'Bob', body: 'first' }]);
  });
});
