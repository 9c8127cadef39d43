// End to end, in Debian's Chromium against a real host: axe-core finds no
// accessibility violation of any impact (WCAG 2.0/2.1/2.2 A and AA, and
// axe's best practices) on every view of Parley — sign-in, a busy channel, an
// encrypted DM with its safety code, a thread, search results, the shortcuts
// list, session details — each in the light and the dark theme (the app
// follows prefers-color-scheme) at 1280 and 390 px wide (issue 12, item 9).
// One host and one signed-in page serve every view: the views are opened once
// and the width and theme changed under them, which keeps the file quick.
// A failure prints one line per offending element: view, width, theme, rule,
// impact, the element's selector and what axe says to fix.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ChatClient } from '../../src-shared/chat-client.js';
import { dmKey } from '../../src-shared/protocol/conversations.js';
import { animationsSettled } from './helpers/animations-settled.js';
import { sayOnPage, signInOnPage } from './helpers/app-page.js';
import { useBrowserSuite } from './helpers/browser-suite.js';
import { axeOn } from './helpers/axe.js';

const suite = useBrowserSuite({ scope: 'file' });

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const LAYOUTS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;
const THEMES = ['light', 'dark'] as const;
const MODAL: CheckOptions = { within: '[role="dialog"]' };

interface CheckOptions {
  /** Only these widths (default: all). */
  layouts?: readonly { width: number; height: number }[];
  /**
   * Only this part of the page: a modal dialog. The page behind it is inert
   * (aria-modal, under the backdrop) and has its own check in its own view.
   */
  within?: string;
}

/** Runs axe on `page` in every width × theme and returns one line per violating element. */
async function violations(page: Page, view: string, { layouts = LAYOUTS, within }: CheckOptions = {}): Promise<string[]> {
  const lines: string[] = [];
  for (const layout of layouts) {
    await page.setViewportSize(layout);
    for (const colorScheme of THEMES) {
      await page.emulateMedia({ colorScheme });
      await animationsSettled(page);
      // resultTypes: only violations are reported in full (passes are counted, not detailed), which is most of axe's time.
      let axe = axeOn(page).withTags(TAGS).options({ resultTypes: ['violations'] });
      if (within) axe = axe.include(within);
      const result = await axe.analyze();
      for (const v of result.violations) {
        for (const node of v.nodes) {
          const why = (node.failureSummary ?? v.help).split('\n').slice(1).join(' ').trim() || v.help;
          lines.push(`${view} @${layout.width}px ${colorScheme}: ${v.id} [${v.impact}] ${node.target.join(' ')} — ${why}`);
        }
      }
    }
  }
  // Back to the layout the views are opened in.
  await page.setViewportSize(LAYOUTS[0]);
  await page.emulateMedia({ colorScheme: 'light' });
  return lines;
}

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Conversations' });

let alice: Page;
let bobClient: ChatClient;

describe('Parley in the browser: accessibility (axe-core, light and dark, 1280 and 390 px)', () => {
  beforeAll(async () => {
    await suite.startWebHost();
    // #design: a topic, a join/leave run, a message with reactions, a reply, a thread, a file.
    bobClient = await suite.person('Bob');
    const { channel } = await bobClient.request('channel.create', { name: 'design', topic: 'Pixels, type and colour' });
    const conv = `ch:${channel.id}`;
    const carol = await suite.person('Carol');
    const dan = await suite.person('Dan');
    const aliceClient = await suite.person('Alice');
    for (const who of [carol, dan, aliceClient]) await who.request('channel.join', { channel: channel.id });
    await dan.request('channel.leave', { channelId: channel.id });
    const plan = await bobClient.send(conv, 'The **plan** for the release: colours first, then `type`. See https://example.com/plan').done;
    await carol.send(conv, 'Sounds good to me', undefined, { replyTo: plan.seq }).done;
    await carol.request('react', { seq: plan.seq, emoji: '👍', on: true });
    await aliceClient.request('react', { seq: plan.seq, emoji: '🎉', on: true });
    await carol.send(conv, 'Which palette do we start from?', undefined, { threadRoot: plan.seq }).done;
    await bobClient.send(conv, 'The warm one, @Carol', undefined, { threadRoot: plan.seq }).done;
    // A channel Alice created: she sees its settings.
    await aliceClient.request('channel.create', { name: 'alice-notes', topic: 'Mine' });

    alice = await signInOnPage(await suite.openPage(), 'Alice');
    await sidebar(alice).getByRole('button', { name: /design/ }).first().click();
    await alice.getByRole('log').getByText('Sounds good to me').first().waitFor();
    const [chooser] = await Promise.all([alice.waitForEvent('filechooser'), alice.getByRole('button', { name: 'Attach file' }).click()]);
    await chooser.setFiles({ name: 'palette-notes.txt', mimeType: 'text/plain', buffer: Buffer.from('warm: #c2410c\ncool: #0369a1\n') });
    // Picked files wait in the composer as chips; Enter sends them (with the text as caption).
    await alice.getByRole('list', { name: 'Files to send' }).getByText('palette-notes.txt').waitFor();
    await alice.getByRole('textbox', { name: 'Message' }).fill('Palette notes');
    await alice.getByRole('textbox', { name: 'Message' }).press('Enter');
    await alice.getByRole('log').getByRole('button', { name: 'Save palette-notes.txt' }).waitFor({ timeout: 20_000 });
  }, 90_000);

  it('the sign-in screen', async () => {
    const page = await suite.openPage();
    await page.getByLabel('Name').waitFor();
    expect(await violations(page, 'sign-in')).toEqual([]);
    await page.context().close();
  });

  it('the sign-in screen with a wrong password', async () => {
    const page = await suite.openPage();
    await page.getByLabel('Name').fill('Bob');
    await page.getByLabel('Password', { exact: true }).fill('not-his-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // A wrong password is the password field's own error (aria-invalid, described by its message).
    await page.locator('[aria-invalid="true"]').first().waitFor();
    expect(await violations(page, 'sign-in error')).toEqual([]);
    await page.context().close();
  });

  it('a channel with a topic, notices, reactions, a reply, a thread and a file', async () => {
    await alice.getByRole('log').getByText('palette-notes.txt').first().waitFor();
    expect(await violations(alice, 'channel')).toEqual([]);
  });

  it('a message with its actions shown, and the reaction picker', async () => {
    const plan = alice.getByRole('log').getByRole('article', { name: /for the release/ });
    await plan.focus();
    await plan.getByRole('button', { name: 'Add reaction' }).waitFor();
    expect(await violations(alice, 'message actions')).toEqual([]);
    await plan.getByRole('button', { name: 'Add reaction' }).click();
    await alice.getByRole('dialog', { name: 'Choose a reaction' }).waitFor();
    expect(await violations(alice, 'reaction picker', MODAL)).toEqual([]);
    await alice.keyboard.press('Escape');
    await alice.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('the sidebar as a drawer on a phone', async () => {
    await alice.setViewportSize(LAYOUTS[1]);
    await alice.getByRole('button', { name: 'Conversations' }).click();
    await sidebar(alice).getByRole('button', { name: 'Session details' }).waitFor();
    expect(await violations(alice, 'drawer', { layouts: [LAYOUTS[1]] })).toEqual([]);
    await alice.setViewportSize(LAYOUTS[1]);
    await alice.keyboard.press('Escape');
    await alice.setViewportSize(LAYOUTS[0]);
  });

  // (The header's "Share" — Invite people — shows only when the host has LAN addresses; this host listens on 127.0.0.1.)
  it('the channel dialogs: browse channels, new channel', async () => {
    await sidebar(alice).getByRole('button', { name: 'Browse channels' }).click();
    await alice.getByRole('dialog', { name: 'Browse channels' }).getByRole('list', { name: 'All channels' }).waitFor();
    expect(await violations(alice, 'browse channels', MODAL)).toEqual([]);
    await alice.keyboard.press('Escape');
    await alice.getByRole('dialog').waitFor({ state: 'detached' });

    await sidebar(alice).getByRole('button', { name: 'New channel' }).click();
    await alice.getByRole('dialog', { name: 'New channel' }).waitFor();
    expect(await violations(alice, 'new channel', MODAL)).toEqual([]);
    await alice.keyboard.press('Escape');
    await alice.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('an encrypted DM, and its safety code dialog', async () => {
    const bob = await signInOnPage(await suite.openPage(), 'Bob');
    await bob.getByRole('textbox', { name: 'Message' }).waitFor();
    await alice.bringToFront();
    await sidebar(alice).getByRole('list', { name: 'Online users' }).getByRole('button', { name: /^Bob/ }).click();
    await sayOnPage(alice, 'Lunch at noon?');
    await alice.getByRole('log').locator('.message', { hasText: 'Lunch at noon?' }).getByRole('img', { name: 'End-to-end encrypted' }).waitFor();
    expect(await violations(alice, 'DM')).toEqual([]);

    await alice.getByRole('button', { name: 'Safety code' }).click();
    const dialog = alice.getByRole('dialog', { name: /Safety code with/ });
    await dialog.getByLabel(/^Safety code: /).waitFor();
    expect(await violations(alice, 'safety code dialog', MODAL)).toEqual([]);
    await alice.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('a DM from an old app, labelled "Not end-to-end encrypted"', async () => {
    const old = await suite.person('Olda');
    const { users } = await old.request('users.list', {});
    const id = (name: string) => users.find((u) => u.name === name)!.id;
    await old.send(dmKey(id('Olda'), id('Alice')), 'hello from an old app').done;
    await sidebar(alice).getByRole('button', { name: /^Olda/ }).first().click();
    await alice.getByRole('log').locator('.message', { hasText: 'hello from an old app' }).getByText('Not end-to-end encrypted').waitFor();
    expect(await violations(alice, 'plain-text DM')).toEqual([]);
  });

  it('a thread panel', async () => {
    await sidebar(alice).getByRole('button', { name: /design/ }).first().click();
    await alice.getByRole('button', { name: /open thread$/ }).first().click();
    await alice.getByRole('log', { name: 'Thread replies' }).getByText('The warm one').waitFor();
    expect(await violations(alice, 'thread')).toEqual([]);
    await alice.getByRole('button', { name: /Close thread/ }).click();
  });

  it('search results', async () => {
    const box = alice.getByRole('searchbox', { name: 'Search messages' });
    await box.fill('plan');
    await box.press('Enter');
    const results = alice.getByRole('complementary', { name: 'Search results' });
    await results.getByRole('listitem').first().waitFor();
    expect(await violations(alice, 'search')).toEqual([]);
    await results.getByRole('button', { name: /Close/ }).first().click();
    await results.waitFor({ state: 'detached' });
  });

  it('the keyboard shortcuts dialog', async () => {
    await alice.getByRole('textbox', { name: 'Message' }).focus();
    await alice.keyboard.press('Control+/');
    await alice.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    expect(await violations(alice, 'shortcuts', MODAL)).toEqual([]);
    await alice.keyboard.press('Escape');
    await alice.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('the session details dialog', async () => {
    await alice.getByRole('button', { name: 'Session details' }).click();
    await alice.getByRole('dialog').waitFor();
    expect(await violations(alice, 'session details', MODAL)).toEqual([]);
    await alice.keyboard.press('Escape');
    await alice.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('a profile card, and editing my own profile', async () => {
    await sidebar(alice).getByRole('button', { name: /design/ }).first().click();
    await alice.getByRole('log').getByRole('button', { name: 'Profile of Bob' }).first().click();
    await alice.getByRole('dialog', { name: 'Profile of Bob' }).getByRole('button', { name: 'Message' }).waitFor();
    expect(await violations(alice, 'profile card', MODAL)).toEqual([]);
    await alice.keyboard.press('Escape');
    await alice.getByRole('dialog').waitFor({ state: 'detached' });

    await alice.getByRole('log').getByRole('button', { name: 'Profile of Alice' }).first().click();
    await alice.getByRole('dialog', { name: 'Profile of Alice' }).getByRole('button', { name: 'Edit profile' }).click();
    await alice.getByRole('dialog', { name: 'Edit profile' }).waitFor();
    expect(await violations(alice, 'edit profile', MODAL)).toEqual([]);
    await alice.keyboard.press('Escape');
    await alice.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('a channel’s member list, and the settings of a channel I created', async () => {
    await sidebar(alice).getByRole('button', { name: /design/ }).first().click();
    await alice.getByRole('button', { name: /^\d+ members$/ }).click();
    await alice.getByRole('dialog').getByRole('button', { name: 'Profile of Carol' }).waitFor();
    expect(await violations(alice, 'member list', MODAL)).toEqual([]);
    await alice.keyboard.press('Escape');
    await alice.getByRole('dialog').waitFor({ state: 'detached' });

    await sidebar(alice).getByRole('button', { name: /alice-notes/ }).first().click();
    await alice.getByRole('button', { name: 'Channel settings' }).click();
    await alice.getByRole('dialog', { name: /^Settings of #/ }).getByLabel('Topic').waitFor();
    expect(await violations(alice, 'channel settings', MODAL)).toEqual([]);
    await alice.keyboard.press('Escape');
    await alice.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('the quick switcher', async () => {
    await alice.keyboard.press('Control+k');
    await alice.getByRole('combobox', { name: 'Jump to a conversation or person' }).fill('d');
    await alice.getByRole('option').first().waitFor();
    expect(await violations(alice, 'quick switcher', MODAL)).toEqual([]);
    await alice.keyboard.press('Escape');
  });
});
