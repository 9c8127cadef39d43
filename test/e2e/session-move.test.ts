// End to end: a browser and a terminal client follow their session to a new
// host (issue 11, PROTOCOL.md "Clients follow a move"). An admin's machine
// takes the session over to a host on another port — another origin, whose
// storage is empty — and the page goes there by itself, signed in without a
// password; the terminal client reconnects there; every message exactly once,
// and what was typed while the session moved arrives exactly once.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TakenOver } from '../../src-main/handover/take-over.js';
import { takeOverOnLoopback } from '../helpers/loopback-take-over.js';
import { pinnedWebSocket } from '../../src-main/trust/pinned-websocket.js';
import { ChatClient } from '../../src-shared/chat-client.js';
import { channelKey, GENERAL_CHANNEL_ID } from '../../src-shared/protocol/conversations.js';
import { movedSocketUrls } from '../../src-shared/session-move.js';
import { collect } from '../helpers/host-harness.js';
import { startTerminal, type Terminal } from '../helpers/terminal-driver.js';
import { sayOnPage, signInOnPage } from './helpers/app-page.js';
import { useBrowserSuite } from './helpers/browser-suite.js';
import { chatSocketUrl, WEB_ROOT } from './helpers/web-host.js';

const GENERAL = channelKey(GENERAL_CHANNEL_ID);
const suite = useBrowserSuite();
let taken: TakenOver | undefined;
const terminals: Terminal[] = [];
// The terminals end before the suite closes their clients; the host the session moved to stops before the first one.
suite.onCleanUp(async () => {
  for (const terminal of terminals.splice(0)) {
    terminal.end();
    await terminal.exit;
  }
}, 'first');
suite.onCleanUp(async () => {
  await taken?.host.stop();
  taken = undefined;
});

const messages = (page: Page) => page.getByRole('log');

/** How many messages in the open conversation read exactly `text` (once delivered, not pending). */
async function shown(page: Page, text: string): Promise<number> {
  return messages(page).getByText(text, { exact: true }).count();
}

describe('a browser and a terminal client after a hand-over', () => {
  it('go to the new address by themselves, stay signed in, and see and send every message exactly once', async () => {
    const web = await suite.startWebHost();
    const identity = web.host.identity!;
    const pin = { certPem: identity.certPem, fingerprint: identity.fingerprint };
    // People in the test process: Ann (the first account: admin) takes the session over; Cat follows moves like any app.
    const person = async (name: string) => {
      const client = new ChatClient({ url: chatSocketUrl(web.url), WebSocket: pinnedWebSocket(pin), minDelayMs: 20, maxDelayMs: 200 });
      suite.clients.push(client);
      await client.connect();
      await client.signIn({ name, password: 'secret-pw', mode: 'auto' });
      return client;
    };
    const ann = await person('Ann');
    const cat = await person('Cat');
    cat.on('moved', ({ to }) => cat.moveTo(movedSocketUrls(to)));
    const catSees = collect(cat);
    // Dan chats from the terminal client (the same code as `npm run chat`).
    const danClient = new ChatClient({ url: chatSocketUrl(web.url), WebSocket: pinnedWebSocket(pin), minDelayMs: 20, maxDelayMs: 200 });
    suite.clients.push(danClient);
    const dan = startTerminal(danClient, { name: 'Dan', password: 'secret-pw' });
    terminals.push(dan);
    await dan.waitForLine('Signed in as Dan');

    const page = await signInOnPage(await suite.openPage(), 'Bob');
    await ann.send(GENERAL, 'before the move').done;
    await sayOnPage(page, 'bob before');
    await messages(page).getByText('before the move', { exact: true }).waitFor({ timeout: 10_000 });
    await catSees.waitFor(() => catSees.texts(GENERAL).includes('bob before'));

    const moving = takeOverOnLoopback({ client: ann, origin: web.url.replace(/\/$/, ''), pin, hostOptions: { webRoot: WEB_ROOT, sessionName: 'E2E session' } });
    // Typed while the hand-over runs: held by the old host, or carried along and sent again — once either way.
    await sayOnPage(page, 'typed during the hand-over');
    dan.type('dan during the hand-over');
    taken = await moving;
    const newOrigin = `https://127.0.0.1:${taken.host.port}`;

    // The old page says where it goes and why the browser will ask about a certificate…
    const notice = page.getByRole('status').filter({ hasText: 'The session moved to' });
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.textContent()).toContain(`127.0.0.1:${taken.host.port}`);
    expect(await notice.textContent()).toContain(identity.code);
    // …and what is typed meanwhile (the old host only answers "moved") goes along in the outbox.
    await sayOnPage(page, 'typed while leaving');

    await page.waitForURL((url) => url.origin === newOrigin, { timeout: 15_000 });
    // Signed in at the new origin without the form: the composer is there, no password asked.
    await page.getByRole('textbox', { name: 'Message' }).waitFor({ timeout: 10_000 });
    expect(await page.getByLabel('Password', { exact: true }).count()).toBe(0);
    // The token left the address bar (and history) at once.
    expect(await page.evaluate(() => window.location.hash)).toBe('');
    expect(page.url()).toBe(`${newOrigin}/`);
    await page.getByRole('status').filter({ hasText: 'The session moved here from' }).waitFor({ timeout: 5000 });

    await dan.waitForLine(/Reconnected at 127\.0\.0\.1:\d+ — same session/, 15_000);
    await sayOnPage(page, 'bob after the move');
    await cat.send(GENERAL, 'cat after the move').done;
    dan.type('dan after the move');
    const everything = ['before the move', 'bob before', 'typed during the hand-over', 'dan during the hand-over', 'typed while leaving', 'bob after the move', 'cat after the move', 'dan after the move'];
    for (const text of everything) await messages(page).getByText(text, { exact: true }).first().waitFor({ timeout: 10_000 });
    await catSees.waitFor(() => everything.every((text) => catSees.texts(GENERAL).includes(text)), 10_000);
    for (const text of everything) {
      expect(await shown(page, text), `the page shows “${text}” once`).toBe(1);
      expect(catSees.texts(GENERAL).filter((t) => t === text), `Cat got “${text}” once`).toHaveLength(1);
      await dan.waitForLine(`> ${text}`, 10_000);
      expect(dan.lines(new RegExp(`> ${text}$`)), `Dan's terminal shows “${text}” once`).toHaveLength(1);
    }
    // Dan never typed a password again: one sign-in line, and the move in one line.
    expect(dan.lines('Signed in as Dan')).toHaveLength(1);
    expect(dan.lines(/The session moved to 127\.0\.0\.1:\d+ \(hand-over\)/)).toHaveLength(1);
    // A page opened at the old address afterwards (a bookmark) is sent on too, to the sign-in form there.
    const late = await suite.openPage();
    await late.waitForURL((url) => url.origin === newOrigin, { timeout: 15_000 });
    await late.getByLabel('Password', { exact: true }).waitFor({ timeout: 10_000 });

    // Stored once at the new host too (history as a newcomer's device would load it).
    const history = await cat.request('history', { conv: GENERAL });
    const stored = history.messages.filter((m) => m.kind === 'text').map((m) => m.text);
    for (const text of everything) expect(stored.filter((t) => t === text), text).toHaveLength(1);
  });
});
