// Where the renderer's time goes, by Chromium's own sampling profiler (CDP
// Profiler) while #big is opened and while scrolling back through it, while the
// thread with 1,000 replies opens and while ArrowUp moves through #threaded; prints
// the top self-time functions and packages / source files of each phase and
// saves the .cpuprofile files (open them in Chromium DevTools → Performance).
// Uses an unminified build (dist/renderer-profile) for readable names.
//
//   npx tsx bench/renderer/profile.ts [--quick] [--scroll 500] [--rebuild] [--trace] [--cpu-slowdown N]
//
// --trace: the scroll phase is recorded as a Chromium trace (CDP Tracing)
// as well as a CPU profile, and its main-thread time split by trace event
// (style, layout, paint, script…), also inside each task of 50 ms or more,
// where the profile's samples in the task's window name the functions.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from '../../test/e2e/helpers/chromium.js';
import { THREAD_PAGE_DEFAULT } from '../../src-shared/limits.js';
import { positiveInt } from '../common/args.js';
import { formatTable, summarise, type CpuProfile } from './cpu-profile.js';
import { cpuSlowdown, installProbes, slowDownCpu, timeToPaint, watchTasks, wheelBackTo } from './page-probes.js';
import { PASSWORD, seedSession, startHost } from './seed.js';
import { formatSplit, splitTrace, startTrace } from './trace-summary.js';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, scroll: { type: 'string' }, rebuild: { type: 'boolean', default: false }, trace: { type: 'boolean', default: false }, 'cpu-slowdown': { type: 'string' } } });
/** --cpu-slowdown N: the page's main thread N times slower (as in run.ts), so the tasks that would be long on a slower machine show. */
const CPU_SLOWDOWN = cpuSlowdown(values['cpu-slowdown']);
const TOTAL = values.quick ? 20_000 : 100_000;
const SCROLL_BACK = positiveInt(values.scroll, 2_000, 'scroll');
const WEB_ROOT = path.resolve('dist/renderer-profile');
const OUT = path.resolve('bench/results');
const hardTimer = setTimeout(() => {
  console.error('bench/renderer/profile: gave up after 5 minutes');
  process.exit(1);
}, 5 * 60_000);

if (values.rebuild || !fs.existsSync(path.join(WEB_ROOT, 'index.html'))) {
  console.log('building the renderer unminified into dist/renderer-profile …');
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error', '--minify', 'false', '--outDir', WEB_ROOT], { stdio: 'inherit' });
}

const seeded = await seedSession({ total: TOTAL, threads: values.quick ? 1_000 : 5_000, heavyReplies: 1_000 });
const host = await startHost(seeded.dataDir, WEB_ROOT);
const browser = await launchChromium();
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await slowDownCpu(page, CPU_SLOWDOWN);
  await installProbes(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  const origin = `http://127.0.0.1:${host.port}/`;
  const bundleFor = (url: string) => {
    if (!url.startsWith(origin)) return null;
    const file = path.join(WEB_ROOT, url.slice(origin.length).split('?')[0]!);
    return file.endsWith('.js') && fs.existsSync(file) ? file : null;
  };
  const report = (phase: string, profile: CpuProfile) => {
    const file = path.join(OUT, `renderer-${phase}.cpuprofile`);
    fs.mkdirSync(OUT, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(profile));
    const summary = summarise(profile, bundleFor, 20);
    console.log(`\n== ${phase}: ${summary.total.toFixed(0)} ms of CPU on the main thread (profile: ${path.relative(process.cwd(), file)})`);
    console.log(formatTable('by package or source file (self time):', summary.modules.slice(0, 15)));
    console.log(formatTable('by function (self time):', summary.functions));
  };

  await page.goto(origin);
  await page.getByLabel('Name').fill('Reader');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('textbox', { name: 'Message' }).waitFor({ timeout: 15_000 });
  const big = page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /big/ }).first();
  await big.waitFor();

  await cdp.send('Profiler.start');
  const paintMs = await timeToPaint(page, big, '[role="log"]', `msg ${TOTAL}:`);
  await page.waitForTimeout(300);
  report('open', (await cdp.send('Profiler.stop')).profile as CpuProfile);
  console.log(`(first paint under the profiler: ${paintMs.toFixed(0)} ms)`);

  const stopTrace = values.trace ? await startTrace(cdp) : null;
  await cdp.send('Profiler.start');
  let reached = TOTAL;
  const tasks = await watchTasks(page, async () => {
    reached = (await wheelBackTo(page, '[role="log"]', TOTAL, TOTAL - SCROLL_BACK, 120_000)).oldest;
  });
  const scrollProfile = (await cdp.send('Profiler.stop')).profile as CpuProfile;
  report('scroll', scrollProfile);
  if (stopTrace) {
    const split = splitTrace(await stopTrace());
    console.log(`\n== scroll (trace)\n${formatSplit(split)}`);
    for (const task of split.longTasks) {
      const inTask = summarise(scrollProfile, bundleFor, 12, { from: task.ts, to: task.ts + task.ms * 1000 });
      console.log(`\n-- the ${task.ms.toFixed(0)} ms task: ${inTask.total.toFixed(0)} ms sampled in script`);
      console.log(formatTable('by package or source file (self time):', inTask.modules.slice(0, 8)));
      console.log(formatTable('by function (self time):', inTask.functions));
    }
  }
  console.log(`(scrolled back ${TOTAL - reached} messages under the profiler: ${tasks.longTasks.length} long tasks, longest ${tasks.longestTaskMs.toFixed(0)} ms)`);

  // #threaded: open the thread with 1,000 replies, then ArrowUp through 200 messages.
  await page.getByRole('list', { name: 'Channels' }).getByRole('button', { name: /threaded/ }).click();
  const replies = page.getByRole('button', { name: /^1000 replies/ }).first();
  await replies.waitFor({ timeout: 15_000 });
  await page.waitForTimeout(500);
  await cdp.send('Profiler.start');
  // As in run.ts: the panel opens at the root with the newest page below it.
  const threadMs = await timeToPaint(page, replies, '.thread-panel [role="log"]', `reply ${1_000 - THREAD_PAGE_DEFAULT + 1} of 1000`);
  await page.waitForTimeout(300);
  report('thread', (await cdp.send('Profiler.stop')).profile as CpuProfile);
  console.log(`(thread panel first paint under the profiler: ${threadMs.toFixed(0)} ms)`);
  await page.getByRole('button', { name: 'Close thread' }).click();
  await page.locator('[role="log"] [data-roving-key][tabindex="0"]').focus();
  await page.keyboard.press('End');
  await cdp.send('Profiler.start');
  const keys = await watchTasks(page, async () => {
    for (let i = 0; i < 200; i++) await page.keyboard.press('ArrowUp');
  });
  report('roving', (await cdp.send('Profiler.stop')).profile as CpuProfile);
  console.log(`(200 × ArrowUp under the profiler: ${keys.longTasks.length} long tasks, longest ${keys.longestTaskMs.toFixed(0)} ms)`);
} finally {
  await browser.close();
  await host.stop();
  fs.rmSync(seeded.dataDir, { recursive: true, force: true });
  clearTimeout(hardTimer);
}
