// End to end, in Debian's Chromium over HTTPS against a real host: Ann and
// Bob, each in their own browser context (own IndexedDB, so own device keys),
// DM each other end-to-end encrypted (issue 13). Bob reads Ann's text, and a
// file she sends with a caption as one message (caption inside the envelope); the
// text never reaches the host's session.db or its WAL (raw bytes) nor the
// host's search; Bob's search finds it on his device; after a reload Bob still
// reads the history (his keys survived in IndexedDB); both see the same safety
// code and "Mark as verified" shows "Verified"; a DM sent in plain text by an
// old client is labelled "Not end-to-end encrypted"; a device the host adds
// for Bob is announced on Ann's page and, as she had verified him, holds her
// next DM until she chooses "Send anyway".
// (No axe-core check: axe-core is not a dependency of this project yet.)
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dmKey } from '../../src-shared/protocol/conversations.js';
import { makeDevices } from '../helpers/e2e-devices.js';
import { sayOnPage, signInOnPage } from './helpers/app-page.js';
import { useBrowserSuite } from './helpers/browser-suite.js';

const suite = useBrowserSuite();

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Conversations' });
const log = (page: Page) => page.getByRole('log');

/** The host's database files as raw bytes (session.db, -wal, -shm). */
function databaseBytes(dataDir: string): Buffer {
  const parts: Buffer[] = [];
  for (const name of fs.readdirSync(dataDir)) if (name.startsWith('session.db')) parts.push(fs.readFileSync(path.join(dataDir, name)));
  return Buffer.concat(parts);
}

async function openDm(page: Page, peer: string): Promise<void> {
  const dms = sidebar(page).getByRole('list', { name: 'Direct messages' }).getByRole('button', { name: new RegExp(peer) });
  if ((await dms.count()) > 0) await dms.first().click();
  else await sidebar(page).getByRole('list', { name: 'Online users' }).getByRole('button', { name: new RegExp(`^${peer}`) }).click();
}

async function safetyDigits(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Safety code' }).click();
  const dialog = page.getByRole('dialog', { name: /Safety code with/ });
  const digits = dialog.getByLabel(/^Safety code: /);
  await digits.waitFor();
  return (await digits.getAttribute('aria-label'))!;
}

describe('Parley in the browser: end-to-end encrypted DMs', () => {
  it('Ann and Bob DM encrypted: Bob reads it, the host never has it, search and reloads work, safety codes match', async () => {
    await suite.startWebHost();
    expect(suite.web.url.startsWith('https://')).toBe(true);
    const ann = await signInOnPage(await suite.openPage(), 'Ann');
    const bob = await signInOnPage(await suite.openPage(), 'Bob');

    const secret = 'the harbour key is under the blue tulip';
    await openDm(ann, 'Bob');
    await sayOnPage(ann, secret);
    const mine = log(ann).locator('.message', { hasText: secret });
    await mine.getByRole('img', { name: 'End-to-end encrypted' }).waitFor();

    await bob.bringToFront();
    await openDm(bob, 'Ann');
    const received = log(bob).locator('.message', { hasText: secret });
    await received.getByRole('img', { name: 'End-to-end encrypted' }).waitFor();

    // The host keeps only ciphertext: not in its database files, not in its search.
    expect(databaseBytes(suite.web.dataDir).includes(Buffer.from('blue tulip'))).toBe(false);
    const annClient = await suite.person('Ann');
    const { hits } = await annClient.request('search', { query: 'tulip', limit: 20 });
    expect(hits).toHaveLength(0);

    // Bob's search runs over what his page decrypted.
    await bob.getByRole('searchbox', { name: 'Search messages' }).fill('tulip');
    await bob.getByRole('searchbox', { name: 'Search messages' }).press('Enter');
    const hit = bob.getByRole('button', { name: /searched on this device/ });
    await hit.waitFor();
    expect(await hit.textContent()).toContain('tulip');

    // A file with a caption: one message on Bob's side (file and caption in one row), the caption inside the envelope.
    await ann.bringToFront();
    const caption = 'the map to the blue tulip';
    const [chooser] = await Promise.all([ann.waitForEvent('filechooser'), ann.getByRole('button', { name: 'Attach file' }).click()]);
    await chooser.setFiles({ name: 'garden-map.txt', mimeType: 'text/plain', buffer: Buffer.from('third bed from the gate') });
    await ann.getByRole('list', { name: 'Files to send' }).getByText('garden-map.txt').waitFor();
    await ann.getByRole('textbox', { name: 'Message' }).fill(caption);
    await ann.getByRole('textbox', { name: 'Message' }).press('Enter');
    await bob.bringToFront();
    const captioned = log(bob).getByRole('article').filter({ hasText: caption });
    await captioned.getByText('garden-map.txt').waitFor({ timeout: 20_000 });
    await captioned.getByRole('img', { name: 'End-to-end encrypted' }).waitFor();
    expect(await log(bob).getByRole('article').filter({ hasText: 'garden-map.txt' }).count()).toBe(1);
    expect(await log(bob).getByText(caption).count()).toBe(1);
    expect(databaseBytes(suite.web.dataDir).includes(Buffer.from('map to the blue'))).toBe(false);

    // A reload: Bob's keys are still in this browser's IndexedDB, so the history still reads.
    await bob.reload();
    await bob.getByRole('textbox', { name: 'Message' }).waitFor({ timeout: 10_000 });
    await openDm(bob, 'Ann');
    await log(bob).locator('.message', { hasText: secret }).getByRole('img', { name: 'End-to-end encrypted' }).waitFor();
    await log(bob).getByRole('article').filter({ hasText: caption }).getByText('garden-map.txt').waitFor();
    expect(await log(bob).getByText(/Could not decrypt/).count()).toBe(0);

    // Both see the same safety code; marking it verified shows "Verified".
    const annCode = await safetyDigits(ann);
    const bobCode = await safetyDigits(bob);
    expect(annCode).toBe(bobCode);
    expect(annCode).toMatch(/^Safety code: (\d{5} ){11}\d{5}$/);
    const bobDialog = bob.getByRole('dialog', { name: 'Safety code with Ann' });
    await bobDialog.getByRole('button', { name: 'Mark as verified' }).click();
    await bobDialog.getByRole('status').getByText(/Verified/).waitFor();
    await bobDialog.getByRole('button', { name: 'Done' }).click();
    await bob.locator('.conversation-header').getByText('Verified', { exact: true }).waitFor();
  }, 120_000);

  it('labels a DM sent in plain text by an old client "Not end-to-end encrypted"', async () => {
    await suite.startWebHost();
    const bob = await signInOnPage(await suite.openPage(), 'Bob');
    const old = await suite.person('Olda');
    const { users } = await old.request('users.list', {});
    const bobId = users.find((u) => u.name === 'Bob')!.id;
    const oldId = users.find((u) => u.name === 'Olda')!.id;
    await old.send(dmKey(oldId, bobId), 'hello from an old app').done;
    await openDm(bob, 'Olda');
    const row = log(bob).locator('.message', { hasText: 'hello from an old app' });
    await row.getByText('Not end-to-end encrypted').waitFor();
    expect(await row.getByRole('img', { name: 'End-to-end encrypted' }).count()).toBe(0);
  }, 60_000);

  it('a device the host adds for Bob is announced on Ann\'s page; having verified him, her next DM waits for "Send anyway", then goes', async () => {
    await suite.startWebHost();
    const ann = await signInOnPage(await suite.openPage(), 'Ann');
    const bob = await signInOnPage(await suite.openPage(), 'Bob');
    await openDm(ann, 'Bob');
    await sayOnPage(ann, 'first, before any change');
    await log(ann).locator('.message', { hasText: 'first, before any change' }).getByRole('img', { name: 'End-to-end encrypted' }).waitFor();
    await safetyDigits(ann);
    const dialog = ann.getByRole('dialog', { name: 'Safety code with Bob' });
    await dialog.getByRole('button', { name: 'Mark as verified' }).click();
    await dialog.getByRole('status').getByText(/Verified/).waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await ann.locator('.conversation-header').getByText('Verified', { exact: true }).waitFor();

    // The host (here: the test, signed in as Bob) publishes a device Bob does not have.
    const rogue = await suite.person('Bob');
    const [planted] = await makeDevices(String(rogue.me!.id), 1);
    await rogue.request('device.publish', { bundle: planted!.verified.bundle });

    await log(ann).getByText('Bob has a new device.').waitFor();
    const banner = ann.getByRole('alert').filter({ hasText: 'devices changed' });
    await banner.waitFor();
    expect(await ann.locator('.conversation-header').getByText('Verified', { exact: true }).count()).toBe(0);

    // Her next message waits (the draft is kept), and Bob gets nothing yet.
    await sayOnPage(ann, 'are you still you?');
    await expect.poll(() => ann.getByRole('textbox', { name: 'Message' }).inputValue()).toBe('are you still you?');
    await bob.bringToFront();
    await openDm(bob, 'Ann');
    await log(bob).locator('.message', { hasText: 'first, before any change' }).waitFor();
    expect(await log(bob).getByText('are you still you?').count()).toBe(0);

    // "Send anyway" sends it, encrypted, and Bob's page reads it.
    await ann.bringToFront();
    await banner.getByRole('button', { name: 'Send anyway' }).click();
    await log(ann).locator('.message', { hasText: 'are you still you?' }).getByRole('img', { name: 'End-to-end encrypted' }).waitFor();
    await expect.poll(() => banner.count()).toBe(0);
    await log(bob).locator('.message', { hasText: 'are you still you?' }).getByRole('img', { name: 'End-to-end encrypted' }).waitFor();
  }, 120_000);
});
