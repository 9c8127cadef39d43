// End to end: sharing files through the host in the browser build — Alice
// attaches a file, Bob saves it and gets the same bytes; a dropped file too.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signInOnPage } from './helpers/app-page.js';
import { useBrowserSuite } from './helpers/browser-suite.js';
import { axeOn } from './helpers/axe.js';

const suite = useBrowserSuite();

async function signIn(name: string, password = 'secret-pw'): Promise<Page> {
  return signInOnPage(await suite.openPage({ acceptDownloads: true }), name, password);
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function saveAndHash(page: Page, name: string): Promise<string> {
  const save = page.getByRole('log').getByRole('button', { name: `Save ${name}` });
  await save.waitFor({ timeout: 20_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), save.click()]);
  expect(download.suggestedFilename()).toBe(name);
  const savedPath = await download.path();
  return sha256(fs.readFileSync(savedPath));
}

describe('Files in the browser', () => {
  it('files wait as chips; the text typed is their caption: the other person sees one message with file and caption', async () => {
    await suite.startWebHost();
    const alice = await signIn('Alice');
    const bob = await signIn('Bob');
    const [chooser] = await Promise.all([alice.waitForEvent('filechooser'), alice.getByRole('button', { name: 'Attach file' }).click()]);
    await chooser.setFiles([
      { name: 'plan.txt', mimeType: 'text/plain', buffer: Buffer.from('the plan') },
      { name: 'oops.txt', mimeType: 'text/plain', buffer: Buffer.from('not this one') },
    ]);
    const chips = alice.getByRole('list', { name: 'Files to send' });
    await chips.getByText('plan.txt').waitFor();
    const axe = await axeOn(alice).include('.composer').analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await alice.getByRole('button', { name: 'Remove oops.txt' }).click();
    await chips.getByText('oops.txt').waitFor({ state: 'detached' });
    const box = alice.getByRole('textbox', { name: 'Message' });
    await box.fill('Here is the plan for Thursday');
    await box.press('Enter');
    await chips.waitFor({ state: 'detached' });

    // One message: the caption and the file in the same row.
    const row = bob.getByRole('log').getByRole('article').filter({ hasText: 'Here is the plan for Thursday' });
    await row.getByText('plan.txt').waitFor({ timeout: 20_000 });
    expect(await bob.getByRole('log').getByText('oops.txt').count()).toBe(0);
    expect(await bob.getByRole('log').getByRole('article').filter({ hasText: 'plan.txt' }).count()).toBe(1);
  });

  it('Alice attaches a file in #general; Bob saves it and gets the same bytes', async () => {
    await suite.startWebHost();
    const alice = await signIn('Alice');
    const bob = await signIn('Bob');
    // Larger than one 4 MiB slice, so the upload goes in several PUTs.
    const bytes = randomBytes(5 * 1024 * 1024 + 123);

    const [chooser] = await Promise.all([alice.waitForEvent('filechooser'), alice.getByRole('button', { name: 'Attach file' }).click()]);
    await chooser.setFiles({ name: 'report.bin', mimeType: 'application/octet-stream', buffer: bytes });
    // It waits in the composer until sent.
    await alice.getByRole('button', { name: 'Remove report.bin' }).waitFor();
    await alice.getByRole('button', { name: 'Send' }).click();
    await alice.getByRole('log').getByRole('button', { name: 'Save report.bin' }).waitFor({ timeout: 20_000 });

    await bob.getByRole('log').getByText('report.bin').waitFor({ timeout: 20_000 });
    expect(await saveAndHash(bob, 'report.bin')).toBe(sha256(bytes));
  });

  it('shares files dropped onto the conversation, with a preview for an image', async () => {
    await suite.startWebHost();
    const alice = await signIn('Alice');
    const bob = await signIn('Bob');
    const text = 'dropped file contents\n'.repeat(100);

    const dataTransfer = await alice.evaluateHandle(async (content) => {
      const canvas = document.createElement('canvas');
      canvas.width = 640;
      canvas.height = 480;
      const context = canvas.getContext('2d')!;
      context.fillStyle = '#e11d48';
      context.fillRect(0, 0, 640, 480);
      const png = await new Promise<Blob>((resolve) => canvas.toBlob((blob) => resolve(blob!), 'image/png'));
      const dt = new DataTransfer();
      dt.items.add(new File([content], 'notes.txt', { type: 'text/plain' }));
      dt.items.add(new File([png], 'red.png', { type: 'image/png' }));
      return dt;
    }, text);
    const pane = alice.getByRole('region', { name: '#general' });
    await pane.dispatchEvent('dragenter', { dataTransfer });
    await alice.getByText('Drop to share in #general').waitFor();
    await pane.dispatchEvent('drop', { dataTransfer });
    await alice.getByRole('list', { name: 'Files to send' }).getByRole('listitem').nth(1).waitFor();
    await alice.getByRole('textbox', { name: 'Message' }).press('Enter');

    expect(await saveAndHash(bob, 'notes.txt')).toBe(sha256(Buffer.from(text)));
    const preview = bob.getByRole('log').getByRole('img', { name: 'Preview of red.png' });
    await preview.waitFor({ timeout: 20_000 });
    expect(await preview.getAttribute('src')).toMatch(/^data:image\/(webp|jpeg|png);base64,/);
    await bob.getByRole('log').getByText(/PNG image/).waitFor();
  });
});
