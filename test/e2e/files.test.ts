// End to end: sharing files through the host in the browser build — Alice
// attaches a file, Bob saves it and gets the same bytes; a dropped file too.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { openAppPage, signInOnPage } from './helpers/app-page.js';
import { launchChromium } from './helpers/chromium.js';
import { startWebHost, type WebHost } from './helpers/web-host.js';

let browser: Browser;
let web: WebHost;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
  await web?.stop();
});

async function signIn(name: string, password = 'secret-pw'): Promise<Page> {
  return signInOnPage(await openAppPage(browser, web.url, contexts, { acceptDownloads: true }), name, password);
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
  it('Alice attaches a file in #general; Bob saves it and gets the same bytes', async () => {
    web = await startWebHost();
    const alice = await signIn('Alice');
    const bob = await signIn('Bob');
    // Larger than one 4 MiB slice, so the upload goes in several PUTs.
    const bytes = randomBytes(5 * 1024 * 1024 + 123);

    const [chooser] = await Promise.all([alice.waitForEvent('filechooser'), alice.getByRole('button', { name: 'Attach file' }).click()]);
    await chooser.setFiles({ name: 'report.bin', mimeType: 'application/octet-stream', buffer: bytes });
    await alice.getByRole('log').getByRole('button', { name: 'Save report.bin' }).waitFor({ timeout: 20_000 });

    await bob.getByRole('log').getByText('report.bin').waitFor({ timeout: 20_000 });
    expect(await saveAndHash(bob, 'report.bin')).toBe(sha256(bytes));
  });

  it('shares files dropped onto the conversation, with a preview for an image', async () => {
    web = await startWebHost();
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

    expect(await saveAndHash(bob, 'notes.txt')).toBe(sha256(Buffer.from(text)));
    const preview = bob.getByRole('log').getByRole('img', { name: 'Preview of red.png' });
    await preview.waitFor({ timeout: 20_000 });
    expect(await preview.getAttribute('src')).toMatch(/^data:image\/(webp|jpeg|png);base64,/);
    await bob.getByRole('log').getByText(/PNG image/).waitFor();
  });
});
