// Reading a Chromium CPU profile (CDP Profiler.stop) for bench/renderer/profile.ts:
// self time per function and per module (idle time left out). The renderer is built unminified
// for it (profile.ts), where the bundler marks each module with a comment
// line "// node_modules/react-markdown/lib/index.js" or
// "// src-renderer/conversation/MessageText.tsx": a sample's line number then
// names its module, no source map needed.
import fs from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

/** Module-start line numbers of a bundle, from its "// path" comments. */
function moduleIndex(file: string): Array<{ line: number; module: string }> {
  const index: Array<{ line: number; module: string }> = [];
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, line) => {
      const match = /^\/\/ (?:\\0)?((?:node_modules|src-renderer|src-shared|vite|\(?commonjs)[^\s]*)$/.exec(text);
      if (match) index.push({ line, module: match[1]!.replace(/^node_modules\//, '') });
    });
  return index;
}

function moduleAt(index: Array<{ line: number; module: string }>, line: number): string {
  let lo = 0;
  let hi = index.length - 1;
  let found = '(bundle start)';
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (index[mid]!.line <= line) {
      found = index[mid]!.module;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** A package name for a module path ("react-dom/cjs/…" → "react-dom"), or the source file itself. */
export function packageOf(module: string): string {
  if (module.startsWith('src-')) return module;
  const parts = module.split('/');
  return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

/**
 * Self time by function ("name  module:line") and by package or source file.
 * `bundleFor(url)` gives the local file of a script URL to find its modules in (or null).
 */
export function summarise(profile: CpuProfile, bundleFor: (url: string) => string | null, top = 25, window?: { from: number; to: number }): { total: number; functions: SelfTime[]; modules: SelfTime[] } {
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // A sample's time (µs, the same clock as a trace's `ts`) is the profile's start plus the deltas so far.
  let at = profile.startTime;
  for (let i = 0; i < samples.length; i++) {
    at += deltas[i] ?? 0;
    if (window && (at < window.from || at >= window.to)) continue;
    self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  }
  const indexes = new Map<string, Array<{ line: number; module: string }> | null>();
  const index = (url: string) => {
    if (!indexes.has(url)) {
      const file = bundleFor(url);
      indexes.set(url, file ? moduleIndex(file) : null);
    }
    return indexes.get(url) ?? null;
  };
  const byFunction = new Map<string, number>();
  const byModule = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const ms = self.get(node.id) ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    if (ms === 0 || functionName === '(idle)') continue;
    total += ms;
    const modules = url ? index(url) : null;
    const module = modules ? moduleAt(modules, lineNumber) : url ? url.replace(/^.*\//, '') : functionName || '(native)';
    const name = `${functionName || '(anonymous)'}  ${modules ? `${module}:${lineNumber + 1}` : module}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
    const group = modules ? packageOf(module) : `(${functionName || 'native'})`;
    byModule.set(group, (byModule.get(group) ?? 0) + ms);
  }
  const rank = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms, share: total ? ms / total : 0 }));
  return { total, functions: rank(byFunction), modules: rank(byModule) };
}

export function formatTable(title: string, rows: SelfTime[]): string {
  return [title, ...rows.map((r) => `  ${r.ms.toFixed(0).padStart(6)} ms ${(r.share * 100).toFixed(1).padStart(5)} %  ${r.name}`)].join('\n');
}
