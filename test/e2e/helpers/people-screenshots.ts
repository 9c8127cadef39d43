// Screenshots of people and channels for docs/screenshots/: the profile card
// (with a picture and status), the member list (Bob's picture, Alice's
// initials), the channel settings and a DM with Bob (his picture in the
// header, dm-avatar-…), light and dark, 1280 and 390 px wide. Real host, real renderer build
// (npm run build:renderer first), Chromium.
//
//   npx tsx test/e2e/helpers/people-screenshots.ts [out-dir]
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { ChatClient } from '../../../src-shared/chat-client.js';
import { pngImage } from '../../helpers/png-image.js';
import { pinnedFetch } from '../../helpers/session-pin.js';
import { protocolPerson } from './app-page.js';
import { launchChromium } from './chromium.js';
import { startWebHost } from './web-host.js';

const outDir = path.resolve(process.argv[2] ?? 'docs/screenshots');

const shots: { name: string; prepare: (page: Page) => Promise<void> }[] = [
  { name: 'profile-card', prepare: async (page) => { await page.getByRole('log').getByRole('button', { name: 'Profile of Bob Builder' }).first().click(); await page.locator('.profile-card img').waitFor(); } },
  { name: 'member-list', prepare: async (page) => { await page.getByRole('button', { name: /members$/ }).click(); await page.getByRole('dialog', { name: /Members of/ }).getByText('Bob Builder').waitFor(); await page.getByRole('dialog', { name: /Members of/ }).locator('img.avatar__image').waitFor(); } },
  { name: 'channel-settings', prepare: async (page) => { await page.getByRole('button', { name: 'Channel settings' }).click(); await page.getByRole('dialog', { name: /Settings of/ }).waitFor(); } },
  { name: 'dm-avatar', prepare: async (page) => { await openDmWithBob(page); await page.locator('.conversation-header__dm img.avatar__image').waitFor(); await page.mouse.move(5, 5); } },
];

/** Bob's row in the people list (in the drawer at 390 px). */
async function openDmWithBob(page: Page) {
  const drawer = page.getByRole('button', { name: 'Conversations', exact: true });
  if (await drawer.isVisible()) await drawer.click();
  await page.getByRole('list', { name: 'Online users' }).getByRole('button', { name: /^Bob Builder/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Bob Builder' }).waitFor();
}

const web = await startWebHost();
const clients: ChatClient[] = [];
const browser = await launchChromium();
try {
  const alice = await protocolPerson(web.url, 'Alice', clients); // admin: sees the settings of #general
  void alice;
  const bob = await protocolPerson(web.url, 'Bob', clients);
  await bob.request('profile.update', { displayName: 'Bob Builder', statusText: 'Fixing the printer', statusEmoji: '🛠️' });
  const origin = new URL(web.url).origin;
  await pinnedFetch(`${origin}/api/avatar`, web.host.identity!, { method: 'PUT', headers: { authorization: `Bearer ${bob.token}` }, body: pngImage(96, 96, [30, 140, 200]) });
  await bob.send('ch:1', 'Printer on floor 2 is back — the tray was jammed.').done;
  for (const width of [1280, 390]) {
    for (const scheme of ['light', 'dark'] as const) {
      // One window per width and scheme for all the shots (each closes its dialog with Escape): a window per
      // shot signed Alice in on more devices than a session allows, and the later shots showed that error.
      const context = await browser.newContext({ viewport: { width, height: width > 700 ? 800 : 844 }, colorScheme: scheme, ignoreHTTPSErrors: true, deviceScaleFactor: 1 });
      const page = await context.newPage();
      await page.addInitScript('window.__name = (fn) => fn;');
      await page.goto(web.url);
      await page.getByLabel('Name').fill('Alice');
      await page.getByLabel('Password', { exact: true }).fill('secret-pw');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('textbox', { name: 'Message' }).waitFor({ timeout: 10_000 });
      await page.getByText('tray was jammed').waitFor({ timeout: 10_000 });
      for (const shot of shots) {
        await shot.prepare(page);
        await page.waitForTimeout(300);
        const file = path.join(outDir, `${shot.name}-${width}-${scheme}.png`);
        await page.screenshot({ path: file });
        console.log(file);
        await page.keyboard.press('Escape');
        await page.getByRole('dialog').waitFor({ state: 'detached' });
        await page.mouse.move(5, 5); // off the rows, so no hover toolbar shows in the next shot
      }
      await context.close();
    }
  }
} finally {
  for (const client of clients) client.close();
  await browser.close();
  await web.stop();
}
