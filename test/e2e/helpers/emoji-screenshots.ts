// Screenshots of emoji in the composer for docs/screenshots/: the ":" completion
// list and the "Insert emoji" picker, over a conversation with converted
// shortcodes, light and dark, 1280 and 390 px wide. Real host, real renderer
// build (npm run build:renderer first), Chromium with Noto Color Emoji.
//
//   npx tsx test/e2e/helpers/emoji-screenshots.ts [out-dir]
import path from 'node:path';
import type { Page } from 'playwright-core';
import { protocolPerson } from './app-page.js';
import { launchChromium } from './chromium.js';
import { startWebHost } from './web-host.js';
import type { ChatClient } from '../../../src-shared/chat-client.js';

const outDir = path.resolve(process.argv[2] ?? 'docs/screenshots');

const shots: { name: string; prepare: (page: Page) => Promise<void> }[] = [
  {
    name: 'emoji-completion',
    prepare: async (page) => {
      await page.getByRole('textbox', { name: 'Message' }).pressSequentially('Looks great :thu');
      await page.getByRole('listbox', { name: 'Emoji' }).waitFor();
    },
  },
  {
    name: 'emoji-picker',
    prepare: async (page) => {
      await page.getByRole('textbox', { name: 'Message' }).fill('Ship it ');
      await page.getByRole('button', { name: 'Insert emoji' }).click();
      await page.getByRole('dialog', { name: 'Insert emoji' }).waitFor();
    },
  },
];

const web = await startWebHost();
const clients: ChatClient[] = [];
const browser = await launchChromium();
try {
  const bob = await protocolPerson(web.url, 'Bob', clients);
  await bob.send('ch:1', 'The release build is green 🎉 — anyone up for a last look? ☕').done;
  await bob.send('ch:1', 'Notes: `npm run :tada:` is not a real script, just checking code stays as typed ❤️').done;
  for (const width of [1280, 390]) {
    for (const scheme of ['light', 'dark'] as const) {
      for (const shot of shots) {
        const context = await browser.newContext({ viewport: { width, height: width > 700 ? 800 : 844 }, colorScheme: scheme, ignoreHTTPSErrors: true, deviceScaleFactor: 1 });
        const page = await context.newPage();
        await page.addInitScript('window.__name = (fn) => fn;');
        await page.goto(web.url);
        await page.getByLabel('Name').fill('Alice');
        await page.getByLabel('Password', { exact: true }).fill('secret-pw');
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('textbox', { name: 'Message' }).waitFor({ timeout: 10_000 });
        await page.getByText('just checking code').waitFor({ timeout: 10_000 });
        await shot.prepare(page);
        await page.waitForTimeout(300);
        const file = path.join(outDir, `${shot.name}-${width}-${scheme}.png`);
        await page.screenshot({ path: file });
        console.log(file);
        await context.close();
      }
    }
  }
} finally {
  for (const client of clients) client.close();
  await browser.close();
  await web.stop();
}
