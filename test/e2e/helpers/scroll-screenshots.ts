// Screenshots of the "N new messages" pill for docs/screenshots/
// (scroll-pill-<width>-<scheme>.png): Alice has scrolled up in a busy
// #general of a real host serving the built renderer, and Bob writes three
// more messages. Light and dark, 1280 and 390 px wide.
//
//   npm run build:renderer && npx tsx test/e2e/helpers/scroll-screenshots.ts [out-dir]
import path from 'node:path';
import { openAppPage, protocolPerson, signInOnPage } from './app-page.js';
import { eachVariant } from './screenshot-variants.js';
import { withScreenshotSession } from './screenshot-session.js';

const outDir = path.resolve(process.argv[2] ?? 'docs/screenshots');

const CHATTER = [
  'Morning all — the build from last night is on the share.',
  'Did anyone try it on the old laptops in room 2?',
  'Yes, starts in about 4 s there. Fine for now.',
  'The projector still needs the HDMI adapter, it is in the drawer under the printer.',
  'Lunch at 12:30? The place on the corner has soup again.',
  'Count me in.',
  'Reminder: the network goes down for maintenance at 17:00 for ten minutes.',
  'Will the session survive that? We have the hand-over now, right?',
  'It should: the host moves to whoever is still on. Worth watching though.',
  'I put the agenda for Thursday in #planning.',
];
const NEWS = ['Soup is ready downstairs!', 'Also: the printer works again.', 'And someone left an umbrella in room 2 — grey, with ducks.'];

await withScreenshotSession({}, async ({ web, browser, contexts, clients }) => {
  const bob = await protocolPerson(web.url, 'Bob', clients);
  const carol = await protocolPerson(web.url, 'Carol', clients);
  for (let round = 0; round < 4; round++) {
    for (const [i, text] of CHATTER.entries()) await (i % 3 === 2 ? carol : bob).send('ch:1', text).done;
  }
  // Alice joins after all that: it is history to her, not unread (she opens at the newest).
  await (await signInOnPage(await openAppPage(browser, web.url, contexts), 'Alice')).close();
  await eachVariant(browser, outDir, contexts, async ({ page, variant: { height }, shoot }) => {
    await page.goto(web.url);
    await signInOnPage(page, 'Alice');
    await page.getByRole('log').getByText(CHATTER[CHATTER.length - 1]!).last().waitFor();
    await page.waitForTimeout(1200);
    await page.getByRole('log').hover();
    await page.mouse.wheel(0, -700);
    await page.getByRole('button', { name: 'Jump to newest' }).waitFor();
    for (const text of NEWS) await bob.send('ch:1', text).done;
    await page.getByRole('button', { name: '3 new messages — jump to newest' }).waitFor();
    await page.mouse.move(5, height - 5); // no row hovered
    await page.waitForTimeout(300);
    await shoot('scroll-pill');
    // Read them, so the next window opens without them unread.
    await page.getByRole('button', { name: '3 new messages — jump to newest' }).click();
    await page.getByRole('button', { name: /jump to newest/i }).waitFor({ state: 'detached' });
    await page.waitForTimeout(700);
  });
});
