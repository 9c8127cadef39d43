// Screenshots of files waiting in the composer (attachments-<width>-<scheme>.png):
// an image and a document as chips with a caption typed; then, sent, their
// upload cards with the caption above the first (upload-caption-…png; the
// host's upload address is held open so the cards stay on their way). Light
// and dark, 1280 and 390 px wide, against a real host.
//
//   npm run build:renderer && npx tsx test/e2e/helpers/attachment-screenshots.ts [out-dir]
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { signInOnPage } from './app-page.js';
import { launchChromium } from './chromium.js';
import { eachVariant } from './screenshot-variants.js';
import { startWebHost } from './web-host.js';

const outDir = path.resolve(process.argv[2] ?? 'docs/screenshots');
const web = await startWebHost();
const browser = await launchChromium();
const contexts: BrowserContext[] = [];
try {
  await eachVariant(browser, outDir, contexts, async ({ page, variant: { width, scheme }, shoot }) => {
    await page.goto(web.url);
    await signInOnPage(page, `Alice${width}${scheme}`);
    const notNow = page.getByRole('button', { name: 'Not now' });
    if (await notNow.count()) await notNow.click();
    const png = await page.evaluate(async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 320;
      canvas.height = 200;
      const c = canvas.getContext('2d')!;
      c.fillStyle = '#0ea5e9';
      c.fillRect(0, 0, 320, 200);
      c.fillStyle = '#f59e0b';
      c.beginPath();
      c.arc(220, 80, 40, 0, Math.PI * 2);
      c.fill();
      return canvas.toDataURL('image/png');
    });
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Attach file' }).click()]);
    await chooser.setFiles([
      { name: 'whiteboard-photo.png', mimeType: 'image/png', buffer: Buffer.from(png.split(',')[1]!, 'base64') },
      { name: 'quarterly-plan-final-v3.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(184_320, 1) },
    ]);
    await page.getByRole('textbox', { name: 'Message' }).fill('Notes from this morning, and the plan we agreed on');
    await page.waitForTimeout(400);
    await shoot('attachments');
    // Never answered: the cards stay "uploading" for the picture.
    await page.route('**/api/uploads/**', () => new Promise<void>(() => {}));
    await page.getByRole('textbox', { name: 'Message' }).press('Enter');
    await page.getByRole('article', { name: /^Alice.*: Notes from this morning/ }).waitFor();
    await page.waitForTimeout(400);
    await shoot('upload-caption');
  });
} finally {
  for (const context of contexts) await context.close().catch(() => {});
  await browser.close();
  await web.stop();
}
