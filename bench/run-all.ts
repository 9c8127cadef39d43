// Runs every benchmark: each folder bench/<name>/ with a run.ts, one after the
// other, each in its own process. Options (--quick, …) are passed to every
// benchmark; bare words pick benchmarks by name.
//
//   npm run bench                  # all of them
//   npm run bench -- --quick       # all, quick
//   npm run bench -- fanout        # only bench/fanout
//   npm run bench -- search        # only bench/search (also: npm run bench:search)
//   npm run bench -- renderer      # only bench/renderer (the real renderer in Chromium)
// Benchmarks that load the built renderer (BUILT_RENDERER) get a fresh
// `npm run build:renderer` first, once, so they never measure a stale build.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');
/** Longer than any benchmark's own hard timeout (bench/renderer: 8 minutes), so theirs fire first. */
const PER_BENCH_TIMEOUT_MS = 9 * 60_000;
/** Benchmarks that serve dist/renderer. */
const BUILT_RENDERER = new Set(['renderer', 'dm-open', 'web-client']);

const argv = process.argv.slice(2);
const picked = argv.filter((a) => !a.startsWith('-'));
const passed = argv.filter((a) => a.startsWith('-'));

const found = fs
  .readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'results' && fs.existsSync(path.join(here, d.name, 'run.ts')))
  .map((d) => d.name)
  .sort();
const unknown = picked.filter((name) => !found.includes(name));
if (unknown.length > 0) {
  console.error(`No benchmark called ${unknown.join(', ')}. There are: ${found.join(', ')}.`);
  process.exit(2);
}
const selected = picked.length > 0 ? found.filter((name) => picked.includes(name)) : found;

function runOne(name: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(here, name, 'run.ts'), ...passed], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
    const timer = setTimeout(() => {
      console.error(`bench ${name}: no result after ${PER_BENCH_TIMEOUT_MS / 60_000} minutes; stopping it`);
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    }, PER_BENCH_TIMEOUT_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

function buildRenderer(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'build:renderer'], { cwd: repoRoot, stdio: 'inherit' });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

const outcomes: Array<{ name: string; code: number; seconds: number }> = [];
if (selected.some((name) => BUILT_RENDERER.has(name))) {
  console.log('\n=== building the renderer (dist/renderer)\n');
  const code = await buildRenderer();
  if (code !== 0) {
    console.error('bench: the renderer did not build; see above. Fix the build, or pick benchmarks that do not need it.');
    process.exit(1);
  }
}
for (const name of selected) {
  console.log(`\n=== bench/${name} ${passed.join(' ')}\n`);
  const start = performance.now();
  const code = await runOne(name);
  outcomes.push({ name, code, seconds: (performance.now() - start) / 1000 });
}
console.log('\n=== summary');
for (const o of outcomes) console.log(`${o.code === 0 ? 'ok    ' : `exit ${o.code}`}  ${o.name} (${o.seconds.toFixed(0)} s)`);
process.exit(outcomes.some((o) => o.code !== 0) ? 1 : 0);
