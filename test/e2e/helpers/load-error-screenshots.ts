// Screenshots of the screen shown when the chat screen's code does not arrive
// from the host (src-renderer/app/chat-screen.tsx) for docs/screenshots/:
// chat-load-error-…, light and dark, 1280 and 390 px wide. The browser is
// made to fail that one chunk (a Playwright route), then signs in. Real host,
// real renderer build, Chromium.
//
//   npm run build:renderer && npx tsx test/e2e/helpers/load-error-screenshots.ts [out-dir]
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchChromium } from './chromium.js';
import { eachVariant } from './screenshot-variants.js';
import { startWebHost } from './web-host.js';

const outDir = path.resolve(process.argv[2] ?? 'docs/screenshots');

const web = await startWebHost();
const browser = await launchChromium();
const contexts: BrowserContext[] = [];
try {
  let person = 0;
  await eachVariant(browser, outDir, contexts, async ({ page, variant, shoot }) => {
    await page.route(/\/assets\/ChatLayout-[^/]*\.js$/, (route) => route.abort('connectionfailed'));
    await page.goto(web.url);
    await page.getByLabel('Name').fill(`Alice${++person}`);
    await page.getByLabel('Password', { exact: true }).fill('secret-pw');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'The chat could not be loaded' }).waitFor({ timeout: 15_000 });
    await page.mouse.move(5, variant.height - 5);
    await shoot('chat-load-error');
  });
} finally {
  for (const context of contexts) await context.close().catch(() => {});
  await browser.close();
  await web.stop();
}
