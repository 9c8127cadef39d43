// A/B of two (or more) renderer builds on the scroll of bench/renderer: for
// each build in turn, `--rounds` times, a fresh page opens #big (100,000
// messages) and wheel-scrolls back `--back` messages under a Chromium trace;
// prints the renderer main thread's busy time per 100 messages and how many of
// its tasks took 25, 33, 40 and 50 ms or more. Long tasks over 50 ms are too
// rare (0–2 per 2,000 messages) to compare builds on; the tasks of 33–50 ms
// are the same frames a little shorter, and there are tens of them. Rounds
// alternate the builds, so a machine getting busier moves them all.
//
//   npx tsx bench/renderer/scroll-ab.ts --web-root dist/renderer,/tmp/other-build [--rounds 3] [--back 3000]
//
// Build the other side with `npx vite build --outDir /tmp/other-build` from
// a changed tree (or an older commit, see README.md "--web-root").
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from '../../test/e2e/helpers/chromium.js';
import { positiveInt } from '../common/args.js';
import { installProbes, timeToPaint, wheelBackTo } from './page-probes.js';
import { PASSWORD, seedSession, startHost } from './seed.js';
import { mainThread, startTrace } from './trace-summary.js';

const { values } = parseArgs({ options: { 'web-root': { type: 'string' }, rounds: { type: 'string' }, back: { type: 'string' } } });
const roots = (values['web-root'] ?? '').split(',').filter(Boolean).map((root) => path.resolve(root));
if (roots.length === 0 || roots.some((root) => !fs.existsSync(path.join(root, 'index.html')))) {
  console.error('bench/renderer/scroll-ab: --web-root takes renderer builds separated by commas, each a folder with index.html');
  process.exit(2);
}
const ROUNDS = positiveInt(values.rounds, 3, 'rounds');
const BACK = positiveInt(values.back, 3_000, 'back');
const TOTAL = 100_000;
const THRESHOLDS = [25, 33, 40, 50] as const;
const hardTimer = setTimeout(() => {
  console.error('bench/renderer/scroll-ab: gave up after 15 minutes');
  process.exit(1);
}, 15 * 60_000);

const seeded = await seedSession({ total: TOTAL, threads: 0, heavyReplies: 0 });
const browser = await launchChromium();
try {
  for (let round = 1; round <= ROUNDS; round++) {
    for (const root of roots) {
      const host = await startHost(seeded.dataDir, root);
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      try {
        const page = await context.newPage();
        await installProbes(page);
        await page.goto(`http://127.0.0.1:${host.port}/`);
        await page.getByLabel('Name').fill('Reader');
        await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('textbox', { name: 'Message' }).waitFor({ timeout: 15_000 });
        const big = page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /big/ }).first();
        await timeToPaint(page, big, '[role="log"]', `msg ${TOTAL}:`);
        await page.waitForTimeout(500);
        const stopTrace = await startTrace(await context.newCDPSession(page));
        const { oldest } = await wheelBackTo(page, '[role="log"]', TOTAL, TOTAL - BACK, 120_000);
        const events = await stopTrace();
        const main = mainThread(events);
        const tasks = main ? events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.name === 'RunTask').map((e) => (e.dur ?? 0) / 1000) : [];
        const back = TOTAL - oldest;
        const busy = tasks.reduce((sum, ms) => sum + ms, 0);
        const counts = THRESHOLDS.map((ms) => `≥${ms}: ${tasks.filter((t) => t >= ms).length}`).join(', ');
        console.log(`round ${round} ${path.relative(process.cwd(), root) || root}: back ${back}, main thread ${((100 * busy) / Math.max(1, back)).toFixed(0)} ms per 100 messages, tasks ${counts} ms, longest ${Math.max(0, ...tasks).toFixed(0)} ms`);
      } finally {
        await context.close();
        await host.stop();
      }
    }
  }
} finally {
  await browser.close();
  fs.rmSync(seeded.dataDir, { recursive: true, force: true });
  clearTimeout(hardTimer);
}
