// Reading a Chromium trace (CDP Tracing, `devtools.timeline` category) for
// bench/renderer/profile.ts --trace: self time per event name on the page's
// main thread (CrRendererMain), which splits the CPU profile's "(program)"
// into style recalculation (UpdateLayoutTree), layout, pre-paint, paint,
// layerize…; and the same split inside each task of 50 ms or more.
import type { CDPSession } from 'playwright-core';

export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { frame?: string; functionName?: string; url?: string; lineNumber?: number; type?: string } };
}

export const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink', 'blink.user_timing'].join(',');

/** Starts tracing on `cdp`; the returned function stops it and resolves with every event. */
export async function startTrace(cdp: CDPSession): Promise<() => Promise<TraceEvent[]>> {
  const events: TraceEvent[] = [];
  // CDP types each event as a string map; they are the trace event format's objects.
  cdp.on('Tracing.dataCollected', (payload) => events.push(...(payload.value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', { categories: TRACE_CATEGORIES, transferMode: 'ReportEvents' });
  return () =>
    new Promise((resolve) => {
      cdp.once('Tracing.tracingComplete', () => resolve(events));
      void cdp.send('Tracing.end');
    });
}

/** The renderer main thread: the thread named CrRendererMain with the most complete events. */
export function mainThread(events: TraceEvent[]): { pid: number; tid: number } | null {
  const named = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  let best: { pid: number; tid: number; count: number } | null = null;
  for (const t of named) {
    const count = events.filter((e) => e.pid === t.pid && e.tid === t.tid && e.ph === 'X').length;
    if (!best || count > best.count) best = { pid: t.pid, tid: t.tid, count };
  }
  return best;
}

export interface TraceSplit {
  /** Self ms by event name, largest first. */
  byName: Array<{ name: string; ms: number }>;
  totalMs: number;
  /** Tasks of 50 ms or more: start (µs, trace clock), duration and their own split. */
  longTasks: Array<{ ts: number; ms: number; byName: Array<{ name: string; ms: number }>; calls: string[] }>;
}

function selfTimes(events: TraceEvent[]): Map<string, number> {
  // Complete events nest on one thread: self = own duration − direct children's.
  const sorted = [...events].sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const self = new Map<string, number>();
  const stack: TraceEvent[] = [];
  for (const e of sorted) {
    while (stack.length && stack.at(-1)!.ts + (stack.at(-1)!.dur ?? 0) <= e.ts) stack.pop();
    const parent = stack.at(-1);
    const dur = e.dur ?? 0;
    self.set(e.name, (self.get(e.name) ?? 0) + dur);
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - dur);
    stack.push(e);
  }
  return self;
}

const ranked = (self: Map<string, number>, top: number) =>
  [...self.entries()]
    .map(([name, us]) => ({ name, ms: us / 1000 }))
    .filter((x) => x.ms >= 0.5)
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top);

/** What ran script in a task (events, timers, animation frames, callbacks) or collected garbage, 3 ms or more, with the function where the trace names it. */
const ENTRY_EVENTS = new Set(['EventDispatch', 'TimerFire', 'FireAnimationFrame', 'FunctionCall', 'MajorGC', 'MinorGC']);
function entryPoints(events: TraceEvent[]): string[] {
  return events
    .filter((e) => ENTRY_EVENTS.has(e.name) && (e.dur ?? 0) >= 3_000)
    .map((e) => {
      const d = e.args?.data;
      const where = d?.functionName || d?.url ? ` ${d.functionName || '(anonymous)'} ${d.url?.replace(/^.*\//, '') ?? ''}:${d.lineNumber ?? ''}` : '';
      return `${e.name}${d?.type ? ` ${d.type}` : ''}${where} ${((e.dur ?? 0) / 1000).toFixed(1)} ms`;
    });
}

export function splitTrace(events: TraceEvent[], top = 14): TraceSplit {
  const main = mainThread(events);
  if (!main) return { byName: [], totalMs: 0, longTasks: [] };
  const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined);
  const tasks = mine.filter((e) => e.name === 'RunTask');
  const totalMs = tasks.reduce((sum, t) => sum + (t.dur ?? 0), 0) / 1000;
  const longTasks = tasks
    .filter((t) => (t.dur ?? 0) >= 50_000)
    .map((t) => {
      const inside = mine.filter((e) => e.ts >= t.ts && e.ts < t.ts + (t.dur ?? 0));
      return { ts: t.ts, ms: (t.dur ?? 0) / 1000, byName: ranked(selfTimes(inside), 6), calls: entryPoints(inside) };
    });
  return { byName: ranked(selfTimes(mine), top), totalMs, longTasks };
}

export function formatSplit(split: TraceSplit): string {
  const lines = [`main thread busy ${split.totalMs.toFixed(0)} ms (sum of RunTask); self time by trace event:`];
  for (const { name, ms } of split.byName) lines.push(`  ${ms.toFixed(0).padStart(7)} ms  ${((100 * ms) / split.totalMs).toFixed(1).padStart(5)} %  ${name}`);
  lines.push(`tasks of 50 ms or more: ${split.longTasks.length}`);
  for (const task of split.longTasks.slice(0, 8)) {
    lines.push(`  ${task.ms.toFixed(0)} ms: ${task.byName.map((x) => `${x.name} ${x.ms.toFixed(0)}`).join(', ')}`);
    for (const call of task.calls) lines.push(`      ${call}`);
  }
  return lines.join('\n');
}
