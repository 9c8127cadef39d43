// Connections benchmark: memory per idle connection on the real ChatHost
// against a bare `ws` server, each in its own process, with the clients in a
// third one, all on loopback.
//
//   npx tsx bench/connections/run.ts            # 1,000 connections per batch
//   npx tsx bench/connections/run.ts --quick    # 200
//   options: --connections N  --users K  --settle-ms 10000  --one-batch
//            --runs signed-in,bare,not-signed-in  --data-dir DIR  --server-flags=--single-threaded-gc
//            --out bench/results/connections.json  --strict (exit 1 on FAIL)
//
// Each run starts a fresh server process (plain node --expose-gc, the server
// bundled with esbuild), warms it up, lets its memory settle and reads it
// after full GCs, opens N connections that then sit idle, lets memory settle,
// reads it again and divides the difference by N; then opens N more and does
// the same (the marginal cost). The target (issue 9): host memory per idle
// signed-in connection ≤ 1.5 × bare. Gives up after 5 minutes; stops the
// processes it started by pid.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleForNode } from '../bundle-for-node.js';
import { COMMON_OPTIONS, positiveInt } from '../common/args.js';
import { killChild } from '../common/kill-child.js';
import { machineInfo, machineLine } from '../common/machine.js';
import { resultsFile, writeResults } from '../common/results-file.js';
import { runBench } from '../common/run-bench.js';
import { printTargets, targetsExitCode, type Target } from '../common/targets.js';
import type { CheckResult, ChildReply, ClientRequest, ConnectionMode, MemoryFigures, MemorySample, OpenResult, ServerRequest, ServerRole, SettleSpec, SignInResult, Unnumbered } from './ipc.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');

const HARD_TIMEOUT_MS = 5 * 60_000;
const TARGET_RATIO = 1.5;
const PASSWORD = 'bench-password-1';
/** scrypt runs on libuv's 4 pool threads; more at once only queues. */
const SIGNIN_CONCURRENCY = 4;
const OPEN_CONCURRENCY = 50;
/**
 * The host closes a socket that has not signed in within 10 s. The
 * not-signed-in run needs its sockets open longer than that, so every host in
 * this bench gets 10 minutes instead (a timer per connection either way).
 */
const BENCH_AUTH_TIMEOUT_MS = 10 * 60_000;

type RunKind = 'signed-in' | 'not-signed-in' | 'bare';
const RUNS: Record<RunKind, { server: ServerRole; mode: ConnectionMode; label: string }> = {
  'signed-in': { server: 'host', mode: 'signed-in', label: 'host, signed in' },
  'not-signed-in': { server: 'host', mode: 'open-only', label: 'host, not signed in' },
  bare: { server: 'bare', mode: 'one-frame', label: 'bare ws' },
};

// ------------------------------------------------------------------ options

const { values: args } = parseArgs({
  options: {
    ...COMMON_OPTIONS,
    connections: { type: 'string' },
    users: { type: 'string' },
    'settle-ms': { type: 'string' },
    'one-batch': { type: 'boolean', default: false },
    'server-flags': { type: 'string' },
    runs: { type: 'string' },
    'data-dir': { type: 'string' },
  },
  strict: true,
});

const quick = args.quick === true;
const connections = positiveInt(args.connections, quick ? 200 : 1000, 'connections');
const config = {
  quick,
  connections,
  /** Distinct users signed in with a password before the baseline; the measured connections resume with their tokens, round-robin. */
  users: Math.min(connections, positiveInt(args.users, quick ? 10 : 20, 'users')),
  /** After the measured batch, open as many again and measure the marginal cost too. */
  secondBatch: args['one-batch'] !== true,
  /** Memory is read once it has settled: at least minMs after the phase, RSS flat for stableMs, at most maxMs. */
  settle: {
    minMs: positiveInt(args['settle-ms'], 10_000, 'settle-ms'),
    maxMs: Math.max(25_000, positiveInt(args['settle-ms'], 10_000, 'settle-ms') + 10_000),
    stableMs: 4000,
    intervalMs: 500,
    toleranceBytes: 128 * 1024,
  } satisfies SettleSpec,
  runs: (args.runs ?? 'signed-in,bare,not-signed-in').split(',').map((s): RunKind => {
    const kind = s.trim();
    if (!(kind in RUNS)) throw new Error(`--runs takes signed-in, not-signed-in and/or bare, got “${kind}”`);
    return kind as RunKind;
  }),
  /** Connections opened and closed before the baseline, so one-time costs (code, first allocations) stay out of the difference. */
  warmupConnections: Math.min(connections, 50),
  signInConcurrency: SIGNIN_CONCURRENCY,
  openConcurrency: OPEN_CONCURRENCY,
  authTimeoutMs: BENCH_AUTH_TIMEOUT_MS,
  dataParent: path.resolve(args['data-dir'] ?? os.tmpdir()),
  /** Extra node flags for every server process (diagnosis, e.g. --single-threaded-gc); none by default. */
  serverFlags: (args['server-flags'] ?? '').split(' ').filter((f) => f.length > 0),
};
const outFile = resultsFile(args.out, 'connections');

// ------------------------------------------------------------------ child processes

/** Every process this bench started, stopped by pid at the end, on error and on timeout. */
const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();

function cleanup(): void {
  for (const child of children) killChild(child);
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
}

class Child<Req extends { reqId: number }> {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  private exited: Error | null = null;

  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    child.on('message', (raw) => {
      const message = raw as ChildReply;
      if (message.type !== 'result') return;
      const entry = this.waiting.get(message.reqId);
      if (!entry) return;
      this.waiting.delete(message.reqId);
      clearTimeout(entry.timer);
      if (message.ok) entry.resolve(message.value);
      else entry.reject(new Error(`${name}: ${message.error}`));
    });
    child.on('exit', (code, signal) => {
      children.delete(child);
      this.exited = new Error(`${name} exited (${signal ?? code})`);
      for (const entry of this.waiting.values()) {
        clearTimeout(entry.timer);
        entry.reject(this.exited);
      }
      this.waiting.clear();
    });
  }

  /** Forks `script`: a .ts file runs under tsx, a built .mjs under plain node. */
  static start<R extends { reqId: number }>(name: string, script: string, argv: string[], nodeFlags: string[]): Promise<{ child: Child<R>; port: number | undefined }> {
    const child = fork(script, argv, {
      cwd: repoRoot,
      execArgv: script.endsWith('.ts') ? [...nodeFlags, '--import', import.meta.resolve('tsx')] : nodeFlags,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.add(child);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not start within 30 s`)), 30_000);
      child.once('message', (raw) => {
        clearTimeout(timer);
        const message = raw as ChildReply;
        resolve({ child: new Child<R>(name, child), port: message.type === 'ready' ? message.port : undefined });
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited at start (${code})`));
      });
    });
  }

  request<T>(message: Unnumbered<Req>, timeoutMs: number): Promise<T> {
    if (this.exited) return Promise.reject(this.exited);
    const reqId = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(reqId);
        reject(new Error(`${this.name}: ${(message as unknown as { type: string }).type} took longer than ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(reqId, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.child.send({ ...message, reqId });
    });
  }

  /** Waits up to `ms` for the process to exit, then kills it by pid. */
  async ensureExited(ms: number): Promise<void> {
    const { child } = this;
    if (child.exitCode === null && child.signalCode === null) {
      await Promise.race([new Promise((resolve) => child.once('exit', resolve)), new Promise((resolve) => setTimeout(resolve, ms))]);
    }
    killChild(child);
  }
}

let serverScript = '';

async function startServer(kind: RunKind): Promise<{ server: Child<ServerRequest>; url: string }> {
  const role = RUNS[kind].server;
  let argv: string[] = ['bare'];
  if (role === 'host') {
    const dataDir = fs.mkdtempSync(path.join(config.dataParent, 'parley-bench-connections-'));
    tempDirs.add(dataDir);
    argv = ['host', dataDir, String(config.authTimeoutMs)];
  }
  const { child, port } = await Child.start<ServerRequest>(`${kind} server`, serverScript, argv, ['--expose-gc', ...config.serverFlags]);
  if (port === undefined) throw new Error(`${kind} server: no port`);
  return { server: child, url: role === 'host' ? `ws://127.0.0.1:${port}/ws` : `ws://127.0.0.1:${port}/` };
}

async function stopServer(server: Child<ServerRequest>): Promise<void> {
  try {
    await server.request({ type: 'stop' }, 15_000);
  } catch {
    // killed below
  }
  await server.ensureExited(5000);
}

// ------------------------------------------------------------------ one run

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The figures compared per connection, from one memory reading. */
interface Figures extends MemoryFigures {
  /**
   * RSS without V8's young generation. After a full GC the young generation is
   * empty: its resident pages are headroom that V8 grew during the burst of
   * connecting and gives back when its memory reducer sees the process idle —
   * which a host with timers (heartbeat, search indexer) does not always get
   * to within the wait. The target is judged on this figure; raw RSS is shown too.
   */
  rssLessYoung: number;
  /** RSS outside the V8 heap (RSS − resident pages of every V8 space): sockets, buffers, malloc, SQLite. */
  outsideHeap: number;
  /** Resident bytes of glibc's malloc arenas: the main one (`[heap]`) and the per-thread ones (see bench/process-memory.ts). */
  mallocArenas: number;
  /** Resident pages of V8's young generation. */
  youngGeneration: number;
}
function figures(sample: MemorySample): Figures {
  const resident = Object.values(sample.spaces).reduce((sum, s) => sum + s.physical, 0);
  const young = sample.spaces.new_space?.physical ?? 0;
  const { rss, heapTotal, heapUsed, external, arrayBuffers } = sample;
  return { rss, rssLessYoung: rss - young, heapTotal, heapUsed, external, arrayBuffers, outsideHeap: rss - resident, mallocArenas: sample.mappings ? sample.mappings.mainArena + sample.mappings.threadArenas : NaN, youngGeneration: young };
}
const FIGURES: Array<keyof Figures> = ['rss', 'rssLessYoung', 'heapUsed', 'heapTotal', 'external', 'arrayBuffers', 'outsideHeap', 'mallocArenas', 'youngGeneration'];

interface RunResult {
  run: RunKind;
  label: string;
  server: ServerRole;
  mode: ConnectionMode;
  /** Connections asked for, opened, and still open after the idle wait. */
  connections: number;
  opened: number;
  stillOpen: number;
  closedByServer: number;
  firstClose: string | null;
  openFailures: number;
  firstOpenError: string | null;
  /** Distinct users signed in with a password before the baseline (host, signed in). */
  users: number | null;
  signInMs: number | null;
  openMs: number;
  before: MemorySample;
  after: MemorySample;
  /** (after − before) / stillOpen, bytes. */
  perConnection: Figures;
  /** A second batch of as many connections on top of the first: (after it − after the first) / added — the marginal cost, with one-time costs (JIT, allocator arenas) paid by the first batch. */
  next: { added: number; after: MemorySample; perConnection: Figures } | null;
}

async function measureRun(kind: RunKind, clients: Child<ClientRequest>): Promise<RunResult> {
  const { mode, label, server: role } = RUNS[kind];
  const { server, url } = await startServer(kind);
  try {
    // Warm-up: the same kind of connection, opened and closed, so the first
    // use of every code path (and the users' accounts) is in the baseline.
    let tokens: string[] = [];
    let after = 0;
    let signInMs: number | null = null;
    if (mode === 'signed-in') {
      const signedIn = await clients.request<SignInResult>({ type: 'sign-in-users', url, users: config.users, concurrency: config.signInConcurrency, password: PASSWORD }, 180_000);
      tokens = signedIn.tokens;
      after = signedIn.lastSeq;
      signInMs = signedIn.ms;
      console.log(`[${label}] ${config.users} users signed in with a password (scrypt, ${config.signInConcurrency} at a time) in ${(signedIn.ms / 1000).toFixed(1)} s`);
    }
    const warm = await clients.request<OpenResult>({ type: 'open', url, mode, count: config.warmupConnections, concurrency: config.openConcurrency, tokens, after }, 120_000);
    if (warm.failures > 0) throw new Error(`${label}: ${warm.failures} warm-up connections failed (first: ${warm.firstError})`);
    await clients.request({ type: 'close-all' }, 30_000);
    await sleep(500);

    const measure = () => server.request<MemorySample>({ type: 'measure', settle: config.settle }, config.settle.maxMs + 10_000);
    /** Opens one batch of `config.connections`, lets memory settle, reads it and checks that every connection is still open. */
    const batch = async (name: string) => {
      const opened = await clients.request<OpenResult>({ type: 'open', url, mode, count: config.connections, concurrency: config.openConcurrency, tokens, after }, 180_000);
      console.log(
        `[${label}] ${name}: ${opened.opened} connections opened in ${(opened.ms / 1000).toFixed(1)} s` +
          (opened.failures > 0 ? `, ${opened.failures} failed (first: ${opened.firstError})` : '') +
          '; idle while memory settles',
      );
      const sample = await measure();
      const checked = await clients.request<CheckResult>({ type: 'check' }, 10_000);
      if (checked.closed > 0) console.log(`[${label}] WARNING: the server closed ${checked.closed} idle connections (first: ${checked.firstClose})`);
      if (sample.connections !== null && sample.connections !== checked.open) {
        console.log(`[${label}] WARNING: the server holds ${sample.connections} sockets, the clients ${checked.open}`);
      }
      return { opened, sample, checked };
    };
    const perConnection = (from: MemorySample, to: MemorySample, n: number) => {
      const [a, b] = [figures(to), figures(from)];
      return Object.fromEntries(FIGURES.map((key) => [key, n > 0 ? (a[key] - b[key]) / n : NaN])) as unknown as Figures;
    };

    const before = await measure();
    const first = await batch('first batch');
    const firstPer = perConnection(before, first.sample, first.checked.open);
    let next: RunResult['next'] = null;
    if (config.secondBatch) {
      const second = await batch('second batch');
      const added = second.checked.open - first.checked.open;
      next = { added, after: second.sample, perConnection: perConnection(first.sample, second.sample, added) };
    }
    await clients.request({ type: 'close-all' }, 30_000);
    for (const [when, sample] of [['before connecting', before], ['after the first batch', first.sample], ['after the second batch', next?.after]] as const) {
      if (sample && !sample.settled) console.log(`[${label}] WARNING: memory had not settled ${when} (${(sample.waitedMs / 1000).toFixed(0)} s); that figure is noisy`);
    }
    const describe = (f: Figures) => `RSS ${kb(f.rss)} (${kb(f.rssLessYoung)} without the young generation), heap used ${kb(f.heapUsed)}, outside the V8 heap ${kb(f.outsideHeap)}`;
    console.log(`[${label}] per connection, first ${first.checked.open}: ${describe(firstPer)}`);
    if (next) console.log(`[${label}] per connection, next ${next.added}:  ${describe(next.perConnection)}`);
    return {
      run: kind,
      label,
      server: role,
      mode,
      connections: config.connections,
      opened: first.opened.opened,
      stillOpen: first.checked.open,
      closedByServer: first.checked.closed,
      firstClose: first.checked.firstClose,
      openFailures: first.opened.failures,
      firstOpenError: first.opened.firstError,
      users: mode === 'signed-in' ? config.users : null,
      signInMs,
      openMs: first.opened.ms,
      before,
      after: first.sample,
      perConnection: firstPer,
      next,
    };
  } finally {
    await stopServer(server);
  }
}

// ------------------------------------------------------------------ output

const kb = (bytes: number) => (Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(1)} KiB` : '–');
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const fmtRatio = (r: number) => (Number.isFinite(r) ? `×${r.toFixed(2)}` : '–');

function table(rows: RunResult[]): string {
  const header = ['run', 'batch', 'RSS before → after', 'young gen before → after', 'RSS/conn', 'RSS − young/conn', 'heap used/conn', 'outside heap/conn', 'malloc arenas/conn'];
  const line = (label: string, batch: string, from: MemorySample, to: MemorySample, per: Figures) => [
    label,
    batch,
    `${mb(from.rss)} → ${mb(to.rss)}`,
    `${mb(from.spaces.new_space?.physical ?? NaN)} → ${mb(to.spaces.new_space?.physical ?? NaN)}`,
    kb(per.rss),
    kb(per.rssLessYoung),
    kb(per.heapUsed),
    kb(per.outsideHeap),
    kb(per.mallocArenas),
  ];
  const lines = rows.flatMap((r) => [
    line(r.label, `first ${r.stillOpen}`, r.before, r.after, r.perConnection),
    ...(r.next ? [line(r.label, `next ${r.next.added}`, r.after, r.next.after, r.next.perConnection)] : []),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const render = (cells: string[]) => `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [render(header), `|${widths.map((w, i) => (i < 2 ? `${'-'.repeat(w + 2)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...lines.map(render)].join('\n');
}

/** Share of the machine's CPU time that was busy over `ms`, in % of one core (from /proc/stat; NaN elsewhere). */
async function machineLoad(ms: number): Promise<number> {
  const read = () => {
    try {
      const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
      const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
      return { total, idle: (fields[3] ?? 0) + (fields[4] ?? 0) };
    } catch {
      return null;
    }
  };
  const a = read();
  await sleep(ms);
  const b = read();
  if (!a || !b || b.total <= a.total) return NaN;
  return (1 - (b.idle - a.idle) / (b.total - a.total)) * 100 * os.cpus().length;
}

// ------------------------------------------------------------------ main

async function main(): Promise<number> {
  const machine = machineInfo();
  console.log('Parley connections benchmark — memory per idle connection: ChatHost vs a bare `ws` server (loopback, each server in its own process)');
  console.log(machineLine(machine));
  console.log(`${config.connections} connections per run (${config.warmupConnections} opened and closed first as a warm-up); runs: ${config.runs.join(', ')}`);
  console.log(`memory is read after full GCs once it has settled: ≥ ${config.settle.minMs / 1000} s after each phase and RSS flat (± ${config.settle.toleranceBytes / 1024} KiB) for ${config.settle.stableMs / 1000} s, at most ${config.settle.maxMs / 1000} s`);
  console.log(`host, signed in: ${config.users} users sign in with a password before the baseline; the ${config.connections} measured connections each send \`resume\` with one of their tokens (round-robin, ~${Math.ceil(config.connections / config.users)} devices per user).`);
  console.log(`NOTE: the host's sign-in timeout (10 s) is raised to ${config.authTimeoutMs / 60_000} min so the not-signed-in sockets stay open while measured. Nothing else is changed.`);
  const load = await machineLoad(1000);
  console.log(`machine load before starting: ${load.toFixed(0)}% of one core busy${load > 20 ? ' — WARNING: other programs are running; figures will be noisy' : ''}`);
  console.log('');

  // The server runs from an esbuild bundle under plain node: tsx's loader thread would move RSS on its own schedule.
  serverScript = await bundleForNode(path.join(here, 'server.ts'), 'connections-server');
  const { child: clients } = await Child.start<ClientRequest>('client process', path.join(here, 'clients.ts'), [], []);
  const rows: RunResult[] = [];
  try {
    for (const kind of config.runs) rows.push(await measureRun(kind, clients));
  } finally {
    if (clients.child.connected) clients.child.disconnect();
    await clients.ensureExited(3000);
  }

  console.log('');
  console.log(table(rows));
  console.log('');
  console.log('per connection = (after − before) / connections still open, from process.memoryUsage() in the server process after full GCs, once memory had settled.');
  console.log('first = from before connecting to after the first batch (the target\'s figure); next = a second batch on top of the first (marginal cost, one-time costs paid already).');
  console.log('young gen = resident pages of V8\'s new space, empty after a full GC (headroom V8 gives back once the process is idle); RSS − young = the figure the target is judged on.');
  console.log('outside heap = RSS − resident pages of every V8 space (sockets, buffers, malloc, SQLite); malloc arenas = glibc\'s main and per-thread arenas (/proc/self/smaps, bench/process-memory.ts): part of outside heap.');
  console.log('');

  const find = (kind: RunKind) => rows.find((r) => r.run === kind);
  const bare = find('bare');
  const signedIn = find('signed-in');
  const notSignedIn = find('not-signed-in');
  const ratio = (host: RunResult | undefined, key: keyof Figures) => (host && bare ? host.perConnection[key] / bare.perConnection[key] : NaN);
  const nextRatio = (host: RunResult | undefined, key: keyof Figures) => (host?.next && bare?.next ? host.next.perConnection[key] / bare.next.perConnection[key] : NaN);
  const ratios = {
    signedInRss: ratio(signedIn, 'rss'),
    signedInRssLessYoung: ratio(signedIn, 'rssLessYoung'),
    signedInHeapUsed: ratio(signedIn, 'heapUsed'),
    notSignedInRss: ratio(notSignedIn, 'rss'),
    notSignedInRssLessYoung: ratio(notSignedIn, 'rssLessYoung'),
    notSignedInHeapUsed: ratio(notSignedIn, 'heapUsed'),
    nextSignedInRssLessYoung: nextRatio(signedIn, 'rssLessYoung'),
    nextSignedInHeapUsed: nextRatio(signedIn, 'heapUsed'),
    nextNotSignedInRssLessYoung: nextRatio(notSignedIn, 'rssLessYoung'),
  };
  console.log('Ratios host / bare, per connection:');
  if (signedIn && bare) console.log(`  signed in:     RSS − young ${fmtRatio(ratios.signedInRssLessYoung)}, RSS ${fmtRatio(ratios.signedInRss)}, heap used ${fmtRatio(ratios.signedInHeapUsed)}`);
  if (notSignedIn && bare) console.log(`  not signed in: RSS − young ${fmtRatio(ratios.notSignedInRssLessYoung)}, RSS ${fmtRatio(ratios.notSignedInRss)}, heap used ${fmtRatio(ratios.notSignedInHeapUsed)}`);
  if (signedIn?.next && bare?.next) {
    console.log(`  next batch (marginal): signed in RSS − young ${fmtRatio(ratios.nextSignedInRssLessYoung)}, heap used ${fmtRatio(ratios.nextSignedInHeapUsed)}` + (notSignedIn?.next ? `; not signed in RSS − young ${fmtRatio(ratios.nextNotSignedInRssLessYoung)}` : ''));
  }
  console.log('');

  const incomplete = rows.filter((r) => r.stillOpen !== r.connections);
  const targets: Target[] = [
    {
      name: `memory (RSS − young generation) per idle signed-in connection: host ≤ ${TARGET_RATIO} × bare`,
      pass: signedIn && bare && incomplete.length === 0 ? ratios.signedInRssLessYoung <= TARGET_RATIO : null,
      detail:
        signedIn && bare
          ? `host ${kb(signedIn.perConnection.rssLessYoung)} vs bare ${kb(bare.perConnection.rssLessYoung)} (${fmtRatio(ratios.signedInRssLessYoung)})` +
            (incomplete.length > 0 ? `; not judged: ${incomplete.map((r) => `${r.label} ${r.stillOpen}/${r.connections} open`).join(', ')}` : '')
          : 'not run (needs the signed-in and bare runs)',
    },
    {
      name: `same, next batch (marginal cost, one-time costs paid by the first batch): host ≤ ${TARGET_RATIO} × bare`,
      pass: signedIn?.next && bare?.next && incomplete.length === 0 ? ratios.nextSignedInRssLessYoung <= TARGET_RATIO : null,
      detail:
        signedIn?.next && bare?.next
          ? `host ${kb(signedIn.next.perConnection.rssLessYoung)} vs bare ${kb(bare.next.perConnection.rssLessYoung)} (${fmtRatio(ratios.nextSignedInRssLessYoung)})`
          : 'not run (--one-batch, or the signed-in or bare run missing)',
    },
  ];
  printTargets(targets);
  if (signedIn && bare) {
    console.log(`info  raw RSS per idle signed-in connection: host ${kb(signedIn.perConnection.rss)} vs bare ${kb(bare.perConnection.rss)} (${fmtRatio(ratios.signedInRss)})`);
    console.log(`info  heap used per idle signed-in connection: host ${kb(signedIn.perConnection.heapUsed)} vs bare ${kb(bare.perConnection.heapUsed)} (${fmtRatio(ratios.signedInHeapUsed)})`);
  }
  if (notSignedIn) {
    console.log(
      `info  not signed in (socket open, nothing sent): host ${kb(notSignedIn.perConnection.rssLessYoung)} RSS − young, ${kb(notSignedIn.perConnection.heapUsed)} heap used per connection` +
        (bare ? ` (${fmtRatio(ratios.notSignedInRssLessYoung)} and ${fmtRatio(ratios.notSignedInHeapUsed)} bare)` : ''),
    );
  }

  writeResults(outFile, {
    benchmark: 'connections',
    date: new Date().toISOString(),
    machine,
    config,
    machineLoadBeforePercent: load,
    rows,
    ratios,
    targets,
  });
  return targetsExitCode(args.strict, targets);
}

await runBench(main, { title: 'connections benchmark', hardTimeoutMs: HARD_TIMEOUT_MS, cleanup });
