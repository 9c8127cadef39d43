// bench/cli-startup: what running built JavaScript instead of TypeScript
// through tsx did to the command-line programs' start-up (issue 9, part 3).
//
// Each program is started the old way and the new way, interleaved, on the
// same machine in the same run:
//   before   node --import tsx src-main/cli/host-cli.ts   (tsx compiles every module as it loads)
//   tsx CLI  node node_modules/tsx/dist/cli.mjs src-main/cli/host-cli.ts
//            — what `npm run host` ran before: tsx's CLI is a parent node
//            process that starts the program in a child (RSS = both)
//   after    node dist/cli/host.js                        (what `npm run host` runs now)
// and timed from spawn until it says it is ready:
//   host         until "Listening on port" (a fresh data folder each time)
//   chat usage   until it has printed its usage error and exited (no arguments)
//   chat signin  until "Signed in" against a host started for the purpose
// RSS is read from /proc/<pid>/status when ready (VmRSS; VmHWM = the peak so
// far), summed over the process and its children. Medians of --runs (5), after
// one warm-up round that is not counted (it also fills tsx's on-disk cache, so
// "before" is tsx at its fastest). Linux only (/proc).
//
//   npm run bench -- cli-startup         (or: npm run build:cli && npx tsx bench/cli-startup/run.ts)
//   options: --runs N (default 5; --quick: 3)
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildCli } from '../../build/scripts/build-cli.js';
import { median } from '../common/median.js';

const HARD_TIMEOUT_MS = 4 * 60_000;
const hardTimer = setTimeout(() => {
  console.error('bench/cli-startup: gave up after 4 minutes');
  process.exit(1);
}, HARD_TIMEOUT_MS);

const { values } = parseArgs({ options: { runs: { type: 'string' }, quick: { type: 'boolean' } } });
const runs = Number(values.runs ?? (values.quick ? 3 : 5));
if (!(Number.isInteger(runs) && runs >= 1)) {
  console.error('bench/cli-startup: --runs takes a whole number of at least 1.');
  process.exit(2);
}
if (process.platform !== 'linux') {
  console.error('bench/cli-startup: reads /proc for memory, so it runs on Linux only.');
  process.exit(2);
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsxCli = path.join(root, 'node_modules/tsx/dist/cli.mjs');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-cli-'));
await buildCli({ quiet: true });

type Variant = 'before' | 'tsx CLI' | 'after';
const VARIANTS: Variant[] = ['before', 'tsx CLI', 'after'];

/** The node arguments that start PROGRAM (host | chat) in each variant. */
function command(variant: Variant, program: 'host' | 'chat'): string[] {
  const source = `src-main/cli/${program}-cli.ts`;
  if (variant === 'before') return ['--import', 'tsx', source];
  if (variant === 'tsx CLI') return [tsxCli, source];
  return [`dist/cli/${program}.js`];
}

const kib = (status: string, field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);

/** The process and all its descendants, from /proc. */
function processTree(pid: number): number[] {
  const children: number[] = [];
  try {
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      const text = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (text) children.push(...text.split(/\s+/).map(Number));
    }
  } catch {
    // It exited meanwhile.
  }
  return [pid, ...children.flatMap(processTree)];
}

/** VmRSS and VmHWM in MiB, summed over the tree. */
function memory(pid: number): { rss: number; peak: number } {
  let rss = 0;
  let peak = 0;
  for (const member of processTree(pid)) {
    try {
      const status = fs.readFileSync(`/proc/${member}/status`, 'utf8');
      rss += kib(status, 'VmRSS');
      peak += kib(status, 'VmHWM');
    } catch {
      // Gone.
    }
  }
  return { rss: rss / 1024, peak: peak / 1024 };
}

interface Sample {
  ms: number;
  rss?: number;
  peak?: number;
}

interface Started {
  child: ChildProcess;
  sample: Sample;
  port?: number;
}

/** Spawns and resolves once stdout matches `ready` (or, with ready = 'exit', once it has exited). */
function start(args: string[], ready: RegExp | 'exit', { keepStdinOpen = false } = {}): Promise<Started> {
  return new Promise((resolve, reject) => {
    const begun = performance.now();
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
    if (!keepStdinOpen) child.stdin!.end();
    let out = '';
    let err = '';
    let done = false;
    const fail = (why: string) => {
      if (done) return;
      done = true;
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')}: ${why}\nstdout:\n${out}\nstderr:\n${err}`));
    };
    const timer = setTimeout(() => fail('not ready within 30 s'), 30_000);
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (done || ready === 'exit') return;
      const match = ready.exec(out);
      if (!match) return;
      done = true;
      clearTimeout(timer);
      const ms = performance.now() - begun;
      resolve({ child, sample: { ms, ...memory(child.pid!) }, ...(match[1] !== undefined && { port: Number(match[1]) }) });
    });
    child.on('exit', (code) => {
      if (ready !== 'exit') return fail(`exited (${code}) before it was ready`);
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ child, sample: { ms: performance.now() - begun } });
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

const hostArgs = (dataDir: string) => ['--port', '0', '--bind', '127.0.0.1', '--data-dir', dataDir];
let folders = 0;
const freshDir = () => path.join(scratch, `host-${folders++}`);

// The host the chat clients sign in to (the built one; it only has to answer).
const target = await start([...command('after', 'host'), ...hostArgs(freshDir())], /Listening on port (\d+)/);

type Case = 'host' | 'chat usage' | 'chat signin';
const CASES: Array<{ name: Case; what: string }> = [
  { name: 'host', what: 'host: spawn → "Listening on port"' },
  { name: 'chat usage', what: 'chat: spawn → usage error printed, exited' },
  { name: 'chat signin', what: 'chat: spawn → "Signed in"' },
];
const samples = new Map<string, Sample[]>();
let people = 0;

async function measure(name: Case, variant: Variant): Promise<Sample> {
  if (name === 'host') {
    const host = await start([...command(variant, 'host'), ...hostArgs(freshDir())], /Listening on port (\d+)/);
    await stop(host.child);
    return host.sample;
  }
  if (name === 'chat usage') return (await start(command(variant, 'chat'), 'exit')).sample;
  const chat = await start(
    [...command(variant, 'chat'), `127.0.0.1:${target.port}`, '--name', `bench${people++}`, '--password', 'bench-password'],
    /Signed in as/,
    { keepStdinOpen: true },
  );
  await stop(chat.child);
  return chat.sample;
}

for (let round = 0; round <= runs; round++) {
  for (const { name } of CASES) {
    for (const variant of VARIANTS) {
      const sample = await measure(name, variant);
      if (round === 0) continue; // warm-up
      const key = `${name}|${variant}`;
      samples.set(key, [...(samples.get(key) ?? []), sample]);
    }
  }
}
await stop(target.child);
fs.rmSync(scratch, { recursive: true, force: true });

const of = (name: Case, variant: Variant) => {
  const list = samples.get(`${name}|${variant}`)!;
  return {
    ms: median(list.map((s) => s.ms)),
    rss: list[0]!.rss === undefined ? undefined : median(list.map((s) => s.rss!)),
    peak: list[0]!.peak === undefined ? undefined : median(list.map((s) => s.peak!)),
  };
};
const pad = (text: string, width: number) => text.padEnd(width);
const num = (value: number | undefined, digits = 0) => (value === undefined ? '—' : value.toFixed(digits));

console.log(`bench/cli-startup: medians of ${runs} runs (+1 warm-up), Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'})`);
console.log('  before  = node --import tsx src-main/cli/<program>-cli.ts');
console.log('  tsx CLI = tsx src-main/cli/<program>-cli.ts, as the npm scripts ran it (parent + child process)');
console.log('  after   = node dist/cli/<program>.js, as the npm scripts run it now\n');
console.log(`${pad('', 44)}${pad('variant', 10)}${'start ms'.padStart(9)}${'RSS MiB'.padStart(9)}${'peak MiB'.padStart(10)}`);
for (const { name, what } of CASES) {
  for (const variant of VARIANTS) {
    const m = of(name, variant);
    console.log(`${pad(variant === 'before' ? what : '', 44)}${pad(variant, 10)}${num(m.ms).padStart(9)}${num(m.rss, 1).padStart(9)}${num(m.peak, 1).padStart(10)}`);
  }
  const before = of(name, 'before');
  const after = of(name, 'after');
  const ratios = [`start ×${(after.ms / before.ms).toFixed(2)}`];
  if (before.rss !== undefined && after.rss !== undefined) ratios.push(`RSS ×${(after.rss / before.rss).toFixed(2)}`, `peak ×${(after.peak! / before.peak!).toFixed(2)}`);
  console.log(`${pad('', 44)}after/before: ${ratios.join(', ')}\n`);
}
clearTimeout(hardTimer);
