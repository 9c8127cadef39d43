// End to end, in Debian's Chromium against a real host: search and jump to a
// message, the Ctrl/Cmd+K switcher, read state across devices and "Seen",
// mention notifications in a muted channel, signing out, and an admin
// removing someone. Other people are either browser windows or a ChatClient
// in this process (to write a long history quickly).
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ChatClient } from '../../src-shared/chat-client.js';
import { dmKey } from '../../src-shared/protocol/conversations.js';
import { sayOnPage, signInOnPage } from './helpers/app-page.js';
import { chatSocketUrl, LONG_HISTORY_HOST, TestWebSocket } from './helpers/web-host.js';
import { useBrowserSuite } from './helpers/browser-suite.js';

const suite = useBrowserSuite();

/** Records notifications instead of showing them (and says permission was granted). */
const RECORD_NOTIFICATIONS = `
  window.__notifications = [];
  window.Notification = class {
    static permission = 'granted';
    static requestPermission() { return Promise.resolve('granted'); }
    constructor(title, options) { window.__notifications.push({ title, body: options && options.body }); }
    close() {}
  };
`;

async function openApp(options: { notifications?: boolean } = {}): Promise<Page> {
  return suite.openPage(options.notifications ? { initScripts: [RECORD_NOTIFICATIONS] } : {});
}

async function signIn(name: string, options: { notifications?: boolean } = {}): Promise<Page> {
  return signInOnPage(await openApp(options), name);
}

/** Someone chatting from this process (a second client of the same host). */
const bot = (name: string) => suite.person(name);


const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Conversations' });
const log = (page: Page) => page.getByRole('log');

async function userId(client: ChatClient, name: string): Promise<number> {
  const { users } = await client.request('users.list', {});
  const user = users.find((u) => u.name === name);
  if (!user) throw new Error(`${name} is not in the session`);
  return user.id;
}

describe('Parley in the browser: search, switcher, read state, moderation', () => {
  it('finds a message far back in the history and jumps to it', async () => {
    await suite.startWebHost(LONG_HISTORY_HOST);
    const alice = await signIn('Alice');
    const bob = await bot('Bob');
    await bob.send('ch:1', 'the needle is in the haystack').done;
    const sends: Array<Promise<unknown>> = [];
    for (let i = 1; i <= 130; i++) sends.push(bob.send('ch:1', `filler message number ${i}`).done);
    await Promise.all(sends);
    // A burst can leave the list short of its very end (react-virtuoso's
    // follow-output; issue 12 is about scrolling): scroll there as a reader would.
    await expect
      .poll(async () => {
        await alice.locator('.message-list__scroller').evaluate((el) => (el.scrollTop = el.scrollHeight));
        return log(alice).getByText('filler message number 130').isVisible();
      })
      .toBe(true);

    await alice.getByRole('searchbox', { name: 'Search messages' }).fill('needle');
    await alice.getByRole('searchbox', { name: 'Search messages' }).press('Enter');
    const results = alice.getByRole('complementary', { name: 'Search results' });
    const hit = results.getByRole('listitem').first();
    await hit.waitFor();
    expect(await results.getByRole('listitem').count()).toBe(1);
    expect(await hit.locator('mark').allTextContents()).toEqual(['needle']);
    await expect.poll(() => hit.textContent()).toContain('Bob');

    await hit.getByRole('button').click();
    const target = log(alice).locator('.message', { hasText: 'the needle is in the haystack' });
    await target.waitFor();
    await expect.poll(() => target.evaluate((el) => el.className)).toContain('message--highlight');
    await expect.poll(() => target.isVisible()).toBe(true);
    const box = await target.boundingBox();
    const viewport = await log(alice).boundingBox();
    expect(box && viewport && box.y >= viewport.y && box.y + box.height <= viewport.y + viewport.height).toBe(true);
  });

  it('Ctrl+K switches to a DM with a person, which a reload reopens', async () => {
    await suite.startWebHost();
    const alice = await signIn('Alice');
    await bot('Bob');
    await sidebar(alice).getByRole('list', { name: 'Online users' }).getByText('Bob').waitFor();
    await alice.keyboard.press('Control+k');
    const combo = alice.getByRole('combobox', { name: 'Jump to a conversation or person' });
    await combo.fill('bo');
    await alice.getByRole('option', { name: /Bob/ }).waitFor();
    await combo.press('Enter');
    await alice.getByRole('heading', { level: 1, name: 'Bob' }).waitFor();
    expect(await alice.getByRole('textbox', { name: 'Message' }).getAttribute('placeholder')).toBe('Message Bob');
    expect(await alice.getByRole('dialog').count()).toBe(0);

    // Bob is a bot without a device for end-to-end encrypted DMs. He has
    // just come online, so the page first waits for his device key
    // (E2E_PEER_DEVICE_WAIT_MS); none comes: it refuses to send in plain
    // text, says why and keeps the draft.
    await sayOnPage(alice, 'hi Bob');
    await alice.getByRole('alert').filter({ hasText: "Waiting for Bob's app to finish signing in" }).waitFor();
    await alice.getByRole('alert').filter({ hasText: 'Bob has no device that can read encrypted messages yet' }).waitFor();
    expect(await alice.getByRole('textbox', { name: 'Message' }).inputValue()).toBe('hi Bob');
    // The conversation I was in is the one the app reopens.
    await alice.reload();
    await alice.getByRole('heading', { level: 1, name: 'Bob' }).waitFor();
  });

  it('reading in one window clears the unread badge in my other window', async () => {
    await suite.startWebHost();
    const first = await signIn('Alice');
    const second = await signIn('Alice');
    const bob = await bot('Bob');
    const aliceId = await userId(bob, 'Alice');
    await bob.send(dmKey(aliceId, bob.me!.id), 'are you there?').done;
    const badge = (page: Page) => sidebar(page).getByRole('list', { name: 'Direct messages' }).getByText('1 unread');
    await badge(first).waitFor();
    await badge(second).waitFor();

    await first.bringToFront();
    await sidebar(first).getByRole('list', { name: 'Direct messages' }).getByRole('button', { name: /Bob/ }).click();
    await log(first).getByText('are you there?').waitFor();
    await badge(second).waitFor({ state: 'detached' });
  });

  it('opens a conversation with many new messages at the "New messages" line, and reports it read only at the bottom', async () => {
    await suite.startWebHost();
    const alice = await signIn('Alice');
    const bob = await bot('Bob');
    const dm = dmKey(await userId(bob, 'Alice'), bob.me!.id);
    const reads: number[] = [];
    bob.on('read', (read) => read.conv === dm && reads.push(read.seq));
    let last = 0;
    for (let i = 1; i <= 40; i++) last = (await bob.send(dm, `news item ${i}`).done).seq;
    const dms = sidebar(alice).getByRole('list', { name: 'Direct messages' });
    await dms.getByText('40 unread').waitFor();

    await dms.getByRole('button', { name: /Bob/ }).click();
    const line = alice.getByRole('separator', { name: 'New messages' });
    await line.waitFor();
    const inView = async (locator: ReturnType<Page['locator']>) => {
      const box = await locator.boundingBox();
      const view = await log(alice).boundingBox();
      return !!box && !!view && box.y >= view.y - 1 && box.y + box.height <= view.y + view.height + 1;
    };
    await expect.poll(() => inView(line)).toBe(true);
    expect(await log(alice).getByText('news item 40', { exact: true }).count()).toBe(0); // far below
    await alice.waitForTimeout(1200);
    expect(reads.filter((seq) => seq >= last)).toEqual([]);

    // Reading on to the newest reports it.
    await log(alice).hover();
    for (let i = 0; i < 12 && !reads.includes(last); i++) {
      await alice.mouse.wheel(0, 1500);
      await alice.waitForTimeout(250);
    }
    await expect.poll(() => reads.includes(last)).toBe(true);
  });

  it('shows "Seen" under my DM once the other person has read it', async () => {
    await suite.startWebHost();
    const alice = await signIn('Alice');
    const bob = await signIn('Bob');
    // (Bob's page publishes its device key just after sign-in; under CI load
    // that once came after Alice's DM, which was then refused. It now waits
    // for his device: E2E_PEER_DEVICE_WAIT_MS.)
    await sidebar(alice).getByRole('list', { name: 'Online users' }).getByRole('button', { name: /^Bob/ }).click();
    await sayOnPage(alice, 'did you see the plan?');
    await log(alice).getByText('did you see the plan?').waitFor();
    expect(await log(alice).getByText('Seen', { exact: true }).count()).toBe(0);

    await bob.bringToFront();
    await sidebar(bob).getByRole('list', { name: 'Direct messages' }).getByRole('button', { name: /Alice/ }).click();
    await log(bob).getByText('did you see the plan?').waitFor();
    await log(alice).getByText('Seen', { exact: true }).waitFor();
  });

  it('a mention notifies in a muted channel, a plain message there does not', async () => {
    await suite.startWebHost();
    const alice = await signIn('Alice', { notifications: true });
    const bob = await bot('Bob');
    // Mute sits in the header's one bell (the notification settings), not a second look-alike button.
    await alice.getByRole('button', { name: 'Notifications: Mentions only' }).click();
    const settings = alice.getByRole('dialog', { name: 'Notifications for #general' });
    await settings.getByRole('checkbox', { name: 'Mute #general' }).check();
    await settings.getByRole('button', { name: 'Done' }).click();
    await alice.getByRole('button', { name: 'Notifications: Mentions only, muted' }).waitFor();
    // Leave #general for a DM, so #general is not being read.
    await sidebar(alice).getByRole('list', { name: 'Online users' }).getByRole('button', { name: /^Bob/ }).click();
    await alice.getByRole('heading', { level: 1, name: 'Bob' }).waitFor();

    await bob.send('ch:1', 'plain chatter').done;
    await bob.send('ch:1', '@Alice please look').done;
    await expect.poll(() => alice.evaluate(() => (window as unknown as { __notifications: unknown[] }).__notifications.length), { timeout: 10_000 }).toBe(1);
    const notes = await alice.evaluate(() => (window as unknown as { __notifications: Array<{ title: string; body: string }> }).__notifications);
    expect(notes).toEqual([{ title: 'Bob mentioned you in #general', body: '@Alice please look' }]);
    // The muted channel's badge still counts.
    await sidebar(alice).getByRole('list', { name: 'Channels' }).getByText('2 unread, 1 mentioning you').waitFor();
  });

  it('sign out returns to the sign-in form, and a reload does not sign in again', async () => {
    await suite.startWebHost();
    const alice = await signIn('Alice');
    const token = await alice.evaluate(() => Object.entries(localStorage).find(([key]) => key.startsWith('parley.token.'))?.[1] ?? null);
    expect(token).toBeTruthy();
    await sidebar(alice).getByRole('button', { name: 'Sign out' }).click();
    await alice.getByRole('button', { name: 'Sign in' }).waitFor();
    // The host forgot the token: it no longer resumes.
    const other = new ChatClient({ url: chatSocketUrl(suite.web.url), WebSocket: TestWebSocket, keepaliveMs: 0 });
    suite.clients.push(other);
    await other.connect();
    await expect(other.resume(token!)).rejects.toMatchObject({ code: 'token_invalid' });
    await alice.reload();
    await alice.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await alice.getByRole('textbox', { name: 'Message' }).count()).toBe(0);
  });

  it('an admin removes a person, whose window then says so', async () => {
    await suite.startWebHost();
    const alice = await signIn('Alice');
    const bob = await signIn('Bob');
    await alice.getByRole('button', { name: 'Actions for Bob' }).click();
    await alice.getByRole('menuitem', { name: /Remove from session/ }).click();
    await alice.getByRole('dialog', { name: 'Remove Bob from this session?' }).getByRole('button', { name: 'Remove Bob' }).click();
    await bob.getByText(/An admin removed you from this session/).waitFor();
    await bob.getByRole('button', { name: 'Sign in' }).waitFor();
    await sidebar(alice).getByRole('list', { name: /Removed/ }).getByText('Bob').waitFor();
  });
});
