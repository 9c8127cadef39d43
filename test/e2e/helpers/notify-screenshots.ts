// Screenshots of the notification settings for docs/screenshots/: the
// "Turn on notifications" banner (notify-banner-<width>-<scheme>.png), the
// banner once the browser blocked them (notify-blocked-…), and a
// conversation's notification settings (notify-settings-…), light and dark,
// 1280 and 390 px wide, against a real host.
//
//   npm run build:renderer && npx tsx test/e2e/helpers/notify-screenshots.ts [out-dir]
import path from 'node:path';
import { protocolPerson, signInOnPage } from './app-page.js';
import { eachVariant } from './screenshot-variants.js';
import { withScreenshotSession } from './screenshot-session.js';

const outDir = path.resolve(process.argv[2] ?? 'docs/screenshots');
await withScreenshotSession({}, async ({ web, browser, contexts, clients }) => {
  const bob = await protocolPerson(web.url, 'Bob', clients);
  await bob.send('ch:1', 'Morning all — the build from last night is on the share.').done;
  await bob.send('ch:1', 'Lunch at 12:30? The place on the corner has soup again.').done;
  await eachVariant(browser, outDir, contexts, async ({ page, variant, shoot }) => {
    await page.goto(web.url);
    await signInOnPage(page, `Alice${variant.width}${variant.scheme}`);
    const banner = page.getByRole('region', { name: 'Notifications' });
    await banner.waitFor();
    await page.waitForTimeout(500);
    await shoot('notify-banner');
    await banner.getByRole('button', { name: 'Turn on notifications' }).click();
    await banner.getByText('Notifications are blocked for this page.').waitFor();
    await shoot('notify-blocked');
    await page.getByRole('button', { name: /^Notifications: / }).click();
    await page.getByRole('dialog').waitFor();
    await page.waitForTimeout(300);
    await shoot('notify-settings');
  });
});
