// Screenshots of the keyboard work for docs/screenshots/: a message focused
// by keyboard, its ring and actions showing (keyboard-message-focus-<width>-<scheme>.png)
// the list itself focused (keyboard-list-focus-…: its message scrolled out of
// the rendered rows) and the "Keyboard shortcuts" dialog (keyboard-shortcuts-<width>-<scheme>.png),
// light and dark, 1280 and 390 px wide, against a real host.
//
//   npm run build:renderer && npx tsx test/e2e/helpers/keyboard-screenshots.ts [out-dir]
import path from 'node:path';
import { protocolPerson, signInOnPage } from './app-page.js';
import { eachVariant } from './screenshot-variants.js';
import { withScreenshotSession } from './screenshot-session.js';

const outDir = path.resolve(process.argv[2] ?? 'docs/screenshots');

const CHATTER = [
  'Morning all — the build from last night is on the share.',
  'Did anyone try it on the old laptops in room 2?',
  'Yes, starts in about 4 s there. Fine for now.',
  'Lunch at 12:30? The place on the corner has soup again.',
  'Reminder: the network goes down for maintenance at 17:00 for ten minutes.',
  'I put the agenda for Thursday in #planning.',
];

await withScreenshotSession({}, async ({ web, browser, contexts, clients }) => {
  const bob = await protocolPerson(web.url, 'Bob', clients);
  const carol = await protocolPerson(web.url, 'Carol', clients);
  for (const [i, text] of CHATTER.entries()) await (i % 3 === 2 ? carol : bob).send('ch:1', text).done;
  await eachVariant(browser, outDir, contexts, async ({ page, variant: { height }, shoot }) => {
    await page.goto(web.url);
    await signInOnPage(page, 'Alice');
    await page.getByRole('log').getByText(CHATTER[CHATTER.length - 1]!).last().waitFor();
    await page.mouse.move(5, height - 5); // no row hovered
    await page.waitForTimeout(800);
    // Keyboard only: from the composer back into the list, up two messages (its actions show).
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.focus();
    for (let i = 0; i < 6; i++) {
      if ((await page.evaluate(() => document.activeElement?.getAttribute('role'))) === 'article') break;
      await page.keyboard.press('Shift+Tab');
    }
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await page.waitForTimeout(300);
    await shoot('keyboard-message-focus');
    // Focus on the list itself (where it stays while the focused message is scrolled out of the rendered rows): its ring.
    await page.getByRole('log').focus();
    await page.waitForTimeout(200);
    await shoot('keyboard-list-focus');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Control+/');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.waitForTimeout(300);
    await shoot('keyboard-shortcuts');
  });
});
