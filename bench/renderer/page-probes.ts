// What bench/renderer measures inside the page, shared by the Parley renderer
// and the baseline page:
// - long tasks: a PerformanceObserver('longtask') records every main-thread
//   task of 50 ms or more; the longest gap between animation frames is kept too;
// - first paint: from a click to `needle` visible under `root`, plus two
//   animation frames (paint-probe.ts).
import type { Locator, Page } from 'playwright-core';
import { watchForPaint } from './paint-probe.js';

interface ProbeWindow {
  __longTasks: number[];
  __maxFrameGap: number;
  __trackFrames: boolean;
  __paintDone?: Promise<number>;
  __clickAt?: number;
}

/** Installs the long-task and frame-gap probes; call before the page loads. */
/**
 * `--cpu-slowdown N` (run.ts, profile.ts): how many times slower Chromium runs
 * a page's main thread (1: as is); throws naming the option when out of 1–20.
 */
export function cpuSlowdown(value: string | undefined): number {
  const rate = Number(value ?? '1');
  if (!(rate >= 1 && rate <= 20)) throw new Error(`--cpu-slowdown must be a number from 1 to 20, got “${value}”`);
  return rate;
}

/** Slows the page's main thread `rate` times (CDP Emulation.setCPUThrottlingRate); nothing at 1. */
export async function slowDownCpu(page: Page, rate: number): Promise<void> {
  if (rate > 1) await (await page.context().newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate });
}

export async function installProbes(page: Page): Promise<void> {
  // tsx (esbuild keepNames) wraps named functions in __name(); page code has no such helper.
  await page.addInitScript('window.__name = (fn) => fn;');
  await page.addInitScript(() => {
    const w = window as unknown as ProbeWindow;
    w.__longTasks = [];
    w.__maxFrameGap = 0;
    w.__trackFrames = false;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
    let last = performance.now();
    const frame = (now: number) => {
      if (w.__trackFrames) w.__maxFrameGap = Math.max(w.__maxFrameGap, now - last);
      last = now;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

/** Milliseconds from clicking `target` to `needle` painted inside the first element matching `rootSelector`. */
export async function timeToPaint(page: Page, target: Locator, rootSelector: string, needle: string): Promise<number> {
  await page.evaluate(watchForPaint, [rootSelector, needle] as const);
  await target.click();
  return page.evaluate(async () => {
    const w = window as unknown as ProbeWindow;
    return (await w.__paintDone!) - w.__clickAt!;
  });
}

export interface TaskWindow {
  longTasks: number[];
  longestTaskMs: number;
  maxFrameGapMs: number;
  /**
   * Main-thread time meanwhile, from Chromium's own counters (CDP
   * Performance.getMetrics): all tasks, and of them script, style and layout.
   * Unlike long tasks (a count over a threshold) it moves with every change,
   * so two builds or two runs compare on it.
   */
  busy: { taskMs: number; scriptMs: number; styleMs: number; layoutMs: number };
}

const BUSY_METRICS = { taskMs: 'TaskDuration', scriptMs: 'ScriptDuration', styleMs: 'RecalcStyleDuration', layoutMs: 'LayoutDuration' } as const;

/** Runs `work` and returns the long tasks, the longest frame gap and the main-thread time seen meanwhile. */
export async function watchTasks(page: Page, work: () => Promise<void>): Promise<TaskWindow> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const counters = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const value = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
    return Object.fromEntries(Object.entries(BUSY_METRICS).map(([key, name]) => [key, value(name)])) as TaskWindow['busy'];
  };
  const before = await counters();
  await page.evaluate(() => {
    const w = window as unknown as ProbeWindow;
    w.__longTasks = [];
    w.__maxFrameGap = 0;
    w.__trackFrames = true;
  });
  await work();
  const { longTasks, maxFrameGap } = await page.evaluate(() => {
    const w = window as unknown as ProbeWindow;
    w.__trackFrames = false;
    return { longTasks: w.__longTasks, maxFrameGap: w.__maxFrameGap };
  });
  const after = await counters();
  await cdp.detach();
  const busy = { taskMs: after.taskMs - before.taskMs, scriptMs: after.scriptMs - before.scriptMs, styleMs: after.styleMs - before.styleMs, layoutMs: after.layoutMs - before.layoutMs };
  return { longTasks, longestTaskMs: longTasks.length ? Math.max(...longTasks) : 0, maxFrameGapMs: maxFrameGap, busy };
}

/** The lowest "<prefix> N:" number in the text of `selector` (the oldest message on screen). */
export function oldestShown(page: Page, selector: string, prefix: string): Promise<number> {
  return page.evaluate(
    ([sel, pre]) => {
      const text = document.querySelector(sel)?.textContent ?? '';
      let min = Infinity;
      for (const match of text.matchAll(new RegExp(`${pre} (\\d+):`, 'g'))) min = Math.min(min, Number(match[1]));
      return min;
    },
    [selector, prefix] as const,
  );
}

/**
 * Wheel-scrolls the list under `selector` up until the message numbered
 * `target` (or older) is on screen, or `maxMs` passed; returns the oldest reached.
 */
export async function wheelBackTo(page: Page, selector: string, from: number, target: number, maxMs: number): Promise<{ oldest: number; steps: number; seconds: number }> {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`nothing on screen matches ${selector}`);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const started = performance.now();
  let oldest = from;
  let steps = 0;
  while (oldest > target && performance.now() - started < maxMs) {
    await page.mouse.wheel(0, -600);
    await page.waitForTimeout(16);
    steps++;
    if (steps % 5 === 0) oldest = await oldestShown(page, selector, 'msg');
  }
  return { oldest, steps, seconds: (performance.now() - started) / 1000 };
}
