// End to end across client kinds (issue 13): Ann in the terminal client (its
// DmSession with a key file in a temp config folder, as `npm run chat` keeps
// it) and Bob in Debian's Chromium over HTTPS DM each other, encrypted, both
// ways. The host never has the text: not in session.db or its WAL (raw
// bytes), not in its search; Carol (a plain protocol client) is refused the
// conversation. After the host restarts, Bob's reloaded page and a new
// terminal over Ann's same config folder both still read the history.
// (The wire between a terminal and a plain host is checked in
// test/integration/terminal-e2e-dms.test.ts; the browser only talks TLS,
// whose bytes say nothing, so for it we check what the host keeps.)
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ChatClient } from '../../src-shared/chat-client.js';
import { accountFiles } from '../../src-main/e2e/account-files.js';
import { dmKey } from '../../src-shared/protocol/conversations.js';
import { tempDir } from '../helpers/host-harness.js';
import { startTerminal, type Terminal } from '../helpers/terminal-driver.js';
import { sayOnPage, signInOnPage } from './helpers/app-page.js';
import { useBrowserSuite } from './helpers/browser-suite.js';
import { chatSocketUrl, TestWebSocket } from './helpers/web-host.js';

const TO_BOB = 'the ferry leaves from quay marigold-seventeen';
const TO_ANN = 'bring the copper lantern-quokka';

const suite = useBrowserSuite();
let terminals: Terminal[] = [];
// The terminals end before the suite closes their clients.
suite.onCleanUp(async () => {
  for (const t of terminals) t.end();
  await Promise.all(terminals.map((t) => t.exit));
  terminals = [];
}, 'first');

/** The terminal client as Ann, her device in `dir`. */
async function terminal(dir: string): Promise<Terminal> {
  const client = new ChatClient({ url: chatSocketUrl(suite.web.url), WebSocket: TestWebSocket, minDelayMs: 20, maxDelayMs: 200 });
  suite.clients.push(client);
  const t = startTerminal(client, { name: 'Ann', password: 'secret-pw' }, 3000, { e2e: accountFiles(dir) });
  terminals.push(t);
  await t.waitForLine('Signed in as Ann');
  return t;
}

function databaseBytes(): Buffer {
  const parts: Buffer[] = [];
  const { dataDir } = suite.web;
  for (const name of fs.readdirSync(dataDir)) if (name.startsWith('session.db')) parts.push(fs.readFileSync(path.join(dataDir, name)));
  return Buffer.concat(parts);
}

const log = (page: Page) => page.getByRole('log');
const encryptedRow = (page: Page, text: string) => log(page).locator('.message', { hasText: text }).getByRole('img', { name: 'End-to-end encrypted' });

async function openDmWithAnn(page: Page): Promise<void> {
  const sidebar = page.getByRole('navigation', { name: 'Conversations' });
  const dms = sidebar.getByRole('list', { name: 'Direct messages' }).getByRole('button', { name: /Ann/ });
  await dms.first().waitFor({ timeout: 10_000 });
  await dms.first().click();
}

describe('encrypted DMs between a terminal and a browser', () => {
  it('both read each other; the host, its search and Carol never see the text; after a host restart both read the history', async () => {
    const web = await suite.startWebHost();
    const annDir = tempDir('parley-e2e-ann-');
    const bob = await signInOnPage(await suite.openPage(), 'Bob');
    const ann = await terminal(annDir);

    ann.type(`/msg Bob ${TO_BOB}`);
    await ann.waitForLine(`DM you → Bob: ${TO_BOB}`);
    await openDmWithAnn(bob);
    await encryptedRow(bob, TO_BOB).waitFor();
    await sayOnPage(bob, TO_ANN);
    await encryptedRow(bob, TO_ANN).waitFor();
    await ann.waitForLine(`DM Bob → you: ${TO_ANN}`);
    expect(ann.output.join('\n')).not.toContain('could not decrypt');

    // The host keeps only envelopes; its search finds nothing; Carol is refused the DM.
    for (const secret of ['marigold', 'lantern-quokka']) expect(databaseBytes().includes(Buffer.from(secret)), secret).toBe(false);
    const carol = await suite.person('Carol');
    expect((await carol.request('search', { query: 'marigold' })).hits).toEqual([]);
    const { users } = await carol.request('users.list', {});
    const dm = dmKey(users.find((u) => u.name === 'Ann')!.id, users.find((u) => u.name === 'Bob')!.id);
    await expect(carol.request('history', { conv: dm })).rejects.toMatchObject({ code: 'conversation_invalid' });

    // The host restarts; Ann's terminal comes back on her same device; Bob reloads.
    ann.type('/quit');
    expect(await ann.exit).toBe(0);
    terminals = [];
    await web.restart();
    for (const secret of ['marigold', 'lantern-quokka']) expect(databaseBytes().includes(Buffer.from(secret)), `${secret} after restart`).toBe(false);
    const annAgain = await terminal(annDir);
    annAgain.type('/msg Bob', '/history');
    await annAgain.waitForLine(`DM you → Bob: ${TO_BOB}`);
    await annAgain.waitForLine(`DM Bob → you: ${TO_ANN}`);
    await bob.reload();
    await bob.getByRole('textbox', { name: 'Message' }).waitFor({ timeout: 15_000 });
    await openDmWithAnn(bob);
    await encryptedRow(bob, TO_BOB).waitFor();
    await encryptedRow(bob, TO_ANN).waitFor();
    expect(await log(bob).getByText(/Could not decrypt/).count()).toBe(0);
  }, 180_000);
});
