// Screenshots of threads for docs/screenshots/: the thread panel open beside
// #general (a full view with Back at 390 px), light and dark, 1280 and 390 px
// wide (threads-panel-<width>-<scheme>.png; threads-quote-… with "Replying to
// Carol" over the reply box), and the sidebar's "Threads"
// entry with unread replies (threads-sidebar-<width>-<scheme>.png, 1280 only).
//
//   npm run build:renderer && npx tsx test/e2e/helpers/threads-screenshots.ts [out-dir]
import path from 'node:path';
import { pngImage } from '../../helpers/png-image.js';
import { pinnedFetch } from '../../helpers/session-pin.js';
import { protocolPerson, signInOnPage } from './app-page.js';
import { withScreenshotSession } from './screenshot-session.js';

const outDir = path.resolve(process.argv[2] ?? 'docs/screenshots');

await withScreenshotSession({}, async ({ web, browser, contexts, clients }) => {
  const bob = await protocolPerson(web.url, 'Bob', clients);
  const carol = await protocolPerson(web.url, 'Carol', clients);
  await pinnedFetch(`${new URL(web.url).origin}/api/avatar`, web.host.identity!, { method: 'PUT', headers: { authorization: `Bearer ${bob.token}` }, body: pngImage(96, 96, [30, 140, 200]) });
  // Alice wrote the root, so she follows the thread (its unread replies show under "Threads").
  const alice = await protocolPerson(web.url, 'Alice', clients);
  await bob.send('ch:1', 'Morning all — the build from last night is on the share.').done;
  const root = await alice.send('ch:1', 'Who can take the Friday demo for the customer visit?').done;
  alice.close();
  const thread = { threadRoot: root.seq };
  await bob.send('ch:1', 'I can, if it is after lunch.', undefined, thread).done;
  await carol.send('ch:1', '14:00 works for them. @Alice can you book room 2?', undefined, thread).done;
  await bob.send('ch:1', 'I will bring the old laptops too, in case the projector acts up.', undefined, thread).done;
  await bob.send('ch:1', 'Reminder: the network goes down for maintenance at 17:00 for ten minutes.').done;
  const signedIn = async (width: number, scheme: 'light' | 'dark') => {
    const height = width > 700 ? 800 : 844;
    const context = await browser.newContext({ viewport: { width, height }, colorScheme: scheme, ignoreHTTPSErrors: true, deviceScaleFactor: 1 });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(web.url);
    await signInOnPage(page, 'Alice');
    await page.getByRole('log').getByText('Reminder: the network').last().waitFor();
    await page.locator('.thread-summary__avatars img.avatar__image').first().waitFor();
    await page.mouse.move(5, height - 5);
    return page;
  };
  // The unread entry first (opening the thread reads it).
  for (const scheme of ['light', 'dark'] as const) {
    const page = await signedIn(1280, scheme);
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /Thread in #general/ }).waitFor();
    await page.waitForTimeout(500);
    const file = path.join(outDir, `threads-sidebar-1280-${scheme}.png`);
    await page.screenshot({ path: file });
    console.log(file);
    await page.context().close();
  }
  for (const width of [1280, 390]) {
    for (const scheme of ['light', 'dark'] as const) {
      const page = await signedIn(width, scheme);
      await page.getByRole('button', { name: /^3 replies, last at .*: open thread$/ }).click();
      await page.getByRole('complementary', { name: /^Thread in/ }).getByText('bring the old laptops').waitFor();
      await page.getByRole('textbox', { name: 'Reply in thread' }).fill('Booked, room 2 from 13:30.');
      await page.mouse.move(5, width > 700 ? 795 : 839);
      await page.waitForTimeout(500);
      const file = path.join(outDir, `threads-panel-${width}-${scheme}.png`);
      await page.screenshot({ path: file });
      console.log(file);
      // "Reply" on Carol's reply: the quote bar over the reply box.
      const panel = page.getByRole('complementary', { name: /^Thread in/ });
      const carols = panel.locator('.message', { has: page.locator('.message__text', { hasText: '14:00 works' }) }).first();
      await carols.hover();
      await carols.getByRole('button', { name: 'Reply', exact: true }).click();
      await page.mouse.move(5, width > 700 ? 795 : 839);
      await page.waitForTimeout(300);
      const quote = path.join(outDir, `threads-quote-${width}-${scheme}.png`);
      await page.screenshot({ path: quote });
      console.log(quote);
      await page.context().close();
    }
  }
});
