// How a held ArrowUp moves focus through #threaded: every key and focus change
// logged in the page, then summed up (README, "Keys that waited, one per frame").
//   npx tsx bench/renderer/roving-log.ts [--every MS] [--presses N]
// Prints how many messages focus went up, how many moves shared a frame with
// the one before (< 5 ms apart), how many waits between moves took over 150 ms,
// and how many moves came after the last press.
import { parseArgs } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { launchChromium } from '../../test/e2e/helpers/chromium.js';
import { PASSWORD, seedSession, startHost } from './seed.js';

const { values } = parseArgs({ options: { every: { type: 'string', default: '15' }, presses: { type: 'string', default: '400' }, 'web-root': { type: 'string' } } });
const EVERY_MS = Number(values.every);
const PRESSES = Number(values.presses);
const WEB_ROOT = path.resolve(values['web-root'] ?? 'dist/renderer');

// A string, run as is in the page (no bundler helpers in it): focus changes as [time, message number].
const WATCH = `(() => {
  const moves = [];
  window.rovingMoves = moves;
  document.addEventListener('focusin', (event) => {
    const n = /msg (\\d+):/.exec(event.target.getAttribute('aria-label') || '');
    if (n) moves.push([performance.now(), Number(n[1])]);
  });
})()`;

if (!fs.existsSync(path.join(WEB_ROOT, 'index.html'))) throw new Error('build the renderer first (npm run build:renderer)');
const seeded = await seedSession({ total: 20_000, threads: 1_000, heavyReplies: 1_000 });
const host = await startHost(seeded.dataDir, WEB_ROOT);
const browser = await launchChromium();
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(`http://127.0.0.1:${host.port}/`);
  await page.getByLabel('Name').fill('Reader');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('textbox', { name: 'Message' }).waitFor({ timeout: 15_000 });
  await page.getByRole('list', { name: 'Channels' }).getByRole('button', { name: /threaded/ }).click();
  await page.waitForTimeout(1500);
  await page.locator('[role="log"] [data-roving-key][tabindex="0"]').focus();
  await page.keyboard.press('End');
  await page.waitForTimeout(300);
  await page.evaluate(WATCH);
  let lastPress = 0;
  for (let i = 0; i < PRESSES; i++) {
    await page.keyboard.press('ArrowUp');
    lastPress = (await page.evaluate('performance.now()')) as number;
    await page.waitForTimeout(EVERY_MS);
  }
  await page.waitForTimeout(500);
  const moves = (await page.evaluate('window.rovingMoves')) as Array<[number, number]>;
  const gaps = moves.slice(1).map(([at], i) => at - moves[i]![0]);
  const moved = moves.length > 0 ? moves[0]![1] + 1 - moves.at(-1)![1] : 0;
  console.log(
    `ArrowUp every ${EVERY_MS} ms, ${PRESSES} presses: focus went up ${moved} messages; ` +
      `${gaps.filter((gap) => gap < 5).length} moves in the same frame as the one before; ` +
      `${gaps.filter((gap) => gap > 150).length} waits over 150 ms; ` +
      `${moves.filter(([at]) => at > lastPress).length} moves after the last press`,
  );
} finally {
  await browser.close();
  await host.stop();
}
