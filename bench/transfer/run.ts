// File transfer benchmark, on loopback: bare Node HTTP and HTTPS streams (the
// baselines) against the Parley relay (uploader → real ChatHost → downloader),
// over TLS and over a --plain host side by side, and the direct path (an
// OfferServer, always TLS, → downloader), each side in its own process, with
// SHA-256 verification on everywhere and every TLS connection pinned.
//
//   npx tsx bench/transfer/run.ts            # 1 GiB file
//   npx tsx bench/transfer/run.ts --quick    # 256 MiB
//   options: --size-mib N  --tsx (workers as TypeScript under tsx instead of one esbuild bundle under plain node)
//            --out bench/results/transfer.json  --strict (exit 1 on FAIL)
//
// Prints MB/s per leg, the ratio to the plain stream, and the peak RSS of
// every process, with PASS/FAIL for the memory target. Gives up after 4 min.
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { FileInfo } from '../../src-shared/protocol/frames.js';
import type { SessionPin } from '../../src-main/trust/pinned-tls.js';
import { loadOrCreateIdentity } from '../../src-main/trust/session-identity.js';
import { bundleForNode } from '../bundle-for-node.js';
import { COMMON_OPTIONS, positiveInt } from '../common/args.js';
import { isRunning, killChild } from '../common/kill-child.js';
import { resultsFile, writeResults } from '../common/results-file.js';
import { targetsExitCode, verdict, type Target } from '../common/targets.js';
import type { MemoryAtPeak, MemorySnapshot, ParentMessage, WorkerJob, WorkerReport } from './ipc.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const HARD_TIMEOUT_MS = 4 * 60_000;
const MiB = 1024 * 1024;
const RSS_TARGET_BYTES = 150 * 1e6;
const DIRECT_TARGET_RATIO = 0.8;

const { values: args } = parseArgs({
  options: {
    ...COMMON_OPTIONS,
    'size-mib': { type: 'string' },
    tsx: { type: 'boolean', default: false },
  },
  strict: true,
});
const sizeMiB = positiveInt(args['size-mib'], args.quick ? 256 : 1024, 'size-mib');
const outFile = resultsFile(args.out, 'transfer');

// ------------------------------------------------------------------ processes

/** The workers' esbuild bundle, run by plain node as `npm run host` and the app run theirs (null with --tsx). */
let workerScript: string | null = null;

const children = new Set<ChildProcess>();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-transfer-'));

function cleanup(): void {
  for (const child of children) killChild(child);
  fs.rmSync(tmp, { recursive: true, force: true });
}

const hardTimeout = setTimeout(() => {
  console.error(`transfer benchmark: gave up after ${HARD_TIMEOUT_MS / 60_000} minutes`);
  cleanup();
  process.exit(1);
}, HARD_TIMEOUT_MS);
hardTimeout.unref();

class Worker {
  readonly child: ChildProcess;
  private queue: WorkerReport[] = [];
  private waiting: Array<{ resolve: (r: WorkerReport) => void; reject: (e: Error) => void }> = [];
  private exited: Error | null = null;

  constructor(readonly name: string, job: WorkerJob) {
    this.child = fork(workerScript ?? path.join(here, 'worker.ts'), [], {
      cwd: repoRoot,
      execArgv: workerScript ? [] : ['--import', import.meta.resolve('tsx')],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.add(this.child);
    this.child.on('message', (report: WorkerReport) => {
      const w = this.waiting.shift();
      if (w) w.resolve(report);
      else this.queue.push(report);
    });
    this.child.on('exit', (code, signal) => {
      children.delete(this.child);
      this.exited = new Error(`${name} process exited (${signal ?? code}) without a result`);
      for (const w of this.waiting.splice(0)) w.reject(this.exited);
    });
    this.send({ type: 'job', job });
  }

  send(message: ParentMessage): void {
    this.child.send(message);
  }

  next(): Promise<WorkerReport> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.exited) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  async exit(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await new Promise((resolve) => this.child.once('exit', resolve));
  }
}

function expectDone(name: string, report: WorkerReport): Extract<WorkerReport, { type: 'done' }> {
  if (report.type === 'done') return report;
  throw new Error(`${name}: ${report.type === 'failed' ? report.error : report.type}`);
}

// ------------------------------------------------------------------ the test file

/** Writes `size` bytes of non-repeating-looking data (a random 1 MiB block, stamped with a counter per block) and returns its SHA-256. */
function makeTestFile(file: string, size: number): string {
  const block = randomBytes(MiB);
  const hash = createHash('sha256');
  const fd = fs.openSync(file, 'w');
  try {
    for (let i = 0; i * MiB < size; i++) {
      block.writeUInt32LE(i, 0);
      block.writeUInt32LE((i ^ 0x9e3779b9) >>> 0, MiB / 2);
      const n = Math.min(MiB, size - i * MiB);
      fs.writeSync(fd, block, 0, n);
      hash.update(block.subarray(0, n));
    }
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

const mbps = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

// ------------------------------------------------------------------ the runs

interface Leg {
  name: string;
  ms: number;
  mbPerSecond: number;
  ratioToPlain?: number;
}
interface Proc {
  name: string;
  peakRssBytes: number;
  /** Peak RSS after loading modules, before transferring (tsx alone is ~30 MB of it). */
  startRssBytes?: number;
  parley: boolean;
  /** Memory at the highest RSS the worker's sampler saw. */
  peak?: MemoryAtPeak;
  /** Memory once modules were loaded, and when the worker reported (RSS the allocator kept stays in the second). */
  atStart?: MemorySnapshot;
  atEnd?: MemorySnapshot;
}
const memoryOf = (report: Extract<WorkerReport, { type: 'done' }>) => ({ peak: report.peak, atStart: report.atStart, atEnd: report.atEnd });

/**
 * Writes every dirty page to disk before a timed leg. Each leg writes a copy of
 * the whole file; without this, a leg pays for flushing the one before it, and
 * the order of the legs (not their speed) decides the ratios.
 */
function settle(): void {
  execFileSync('sync');
}

/**
 * The baseline: a bare Node server streaming the file — over HTTPS (a key and
 * self-signed certificate made for the run, pinned by the receiver) when
 * `tls`, else plain HTTP — to a receiver process that hashes it to disk.
 */
async function plainStream(file: string, size: number, sha256: string, tls: boolean): Promise<{ legs: Leg[]; procs: Proc[] }> {
  const serve = (_req: http.IncomingMessage, res: http.ServerResponse) => {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(size) });
    fs.createReadStream(file, { highWaterMark: 256 * 1024 }).pipe(res);
  };
  const identity = tls ? await loadOrCreateIdentity(path.join(tmp, 'https-identity')) : null;
  const server = identity ? https.createServer({ key: identity.keyPem, cert: identity.certPem }, serve) : http.createServer(serve);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const out = path.join(tmp, 'plain-copy.bin');
  const name = tls ? 'HTTPS receiver' : 'plain receiver';
  try {
    settle();
    const worker = new Worker(name, { kind: 'plain-download', url, out, ...(identity && { pin: { certPem: identity.certPem, fingerprint: identity.fingerprint } }) });
    const report = expectDone(name, await worker.next());
    await worker.exit();
    if (report.sha256 !== sha256 || report.bytes !== size) throw new Error(`${name}: the copy does not match`);
    fs.rmSync(out, { force: true });
    const leg = { name: `${tls ? 'HTTPS' : 'plain HTTP'} stream (SHA-256 on receiver)`, ms: report.ms, mbPerSecond: mbps(size, report.ms) };
    const proc = { name, peakRssBytes: report.maxRssBytes, startRssBytes: report.startRssBytes, parley: false, ...memoryOf(report) };
    if (tls) return { legs: [leg], procs: [proc] };
    // Diagnostic: the Parley downloader (downloadFile) fed by the same plain server, to separate client cost from host cost.
    const dir = path.join(tmp, 'writer-check');
    fs.mkdirSync(dir);
    const file: FileInfo = { id: 'plain', name: 'copy.bin', size, type: 'application/octet-stream', sha256, thumbnail: null, expiresAt: null };
    settle();
    const writer = new Worker('downloader (plain server)', { kind: 'download', baseUrl: url, token: 'unused', file, dir });
    const w = expectDone('downloader (plain server)', await writer.next());
    await writer.exit();
    fs.rmSync(dir, { recursive: true, force: true });
    return {
      legs: [leg, { name: 'Parley downloader ← plain server', ms: w.ms, mbPerSecond: mbps(size, w.ms), ratioToPlain: report.ms / w.ms }],
      procs: [
        proc,
        { name: 'downloader (plain server)', peakRssBytes: w.maxRssBytes, startRssBytes: w.startRssBytes, parley: true, ...memoryOf(w) },
      ],
    };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(out, { force: true });
  }
}

/** Uploader → host → downloader; over TLS pinned to the host's session identity, or to a --plain host. */
async function relay(file: string, size: number, sha256: string, tls: boolean): Promise<{ legs: Leg[]; procs: Proc[] } | string> {
  const label = tls ? 'TLS' : 'plain';
  const host = new Worker(`host (${label})`, { kind: 'host', dataDir: path.join(tmp, `host-data-${label}`), tls });
  const procs: Proc[] = [];
  try {
    const ready = await host.next();
    if (ready.type !== 'ready') throw new Error(`host: ${ready.type === 'failed' ? ready.error : ready.type}`);
    const pin: SessionPin | undefined = ready.pin ?? undefined;
    const baseUrl = `${tls ? 'https' : 'http'}://127.0.0.1:${ready.port}`;
    settle();
    const uploader = new Worker('uploader', { kind: 'upload', wsUrl: `${tls ? 'wss' : 'ws'}://127.0.0.1:${ready.port}/ws`, baseUrl, path: file, ...(pin && { pin }) });
    const up = await uploader.next();
    await uploader.exit();
    if (up.type === 'unavailable') return up.reason;
    const upDone = expectDone('uploader', up);
    procs.push({ name: `uploader (${label})`, peakRssBytes: upDone.maxRssBytes, startRssBytes: upDone.startRssBytes, parley: true, ...memoryOf(upDone) });
    if (upDone.sha256 !== sha256) throw new Error('uploader: the host stored a different SHA-256');

    const dir = path.join(tmp, `downloads-${label}`);
    fs.mkdirSync(dir);
    settle();
    const downloader = new Worker('downloader', { kind: 'download', baseUrl, token: upDone.token ?? '', file: upDone.file as FileInfo, dir, ...(pin && { pin }) });
    const downDone = expectDone('downloader', await downloader.next());
    await downloader.exit();
    procs.push({ name: `downloader (${label})`, peakRssBytes: downDone.maxRssBytes, startRssBytes: downDone.startRssBytes, parley: true, ...memoryOf(downDone) });
    if (downDone.sha256 !== sha256) throw new Error('downloader: the copy does not match');
    fs.rmSync(dir, { recursive: true, force: true });

    host.send({ type: 'stop' });
    const hostDone = expectDone('host', await host.next());
    await host.exit();
    procs.unshift({ name: `host (${label})`, peakRssBytes: hostDone.maxRssBytes, startRssBytes: hostDone.startRssBytes, parley: true, ...memoryOf(hostDone) });
    return {
      legs: [
        { name: `relay upload, ${label} (uploader → host)`, ms: upDone.ms, mbPerSecond: mbps(size, upDone.ms) },
        { name: `relay download, ${label} (host → downloader)`, ms: downDone.ms, mbPerSecond: mbps(size, downDone.ms) },
      ],
      procs,
    };
  } finally {
    if (host.child.pid !== undefined && isRunning(host.child)) {
      host.send({ type: 'stop' });
      await Promise.race([host.exit(), new Promise((r) => setTimeout(r, 5000))]);
      killChild(host.child);
    }
  }
}

/** Direct transfer: OfferServer (TLS, the sender's device key) in a sender process → downloadFile (sourceUrl, pinned) in a receiver process. */
async function direct(file: string, size: number, sha256: string): Promise<{ legs: Leg[]; procs: Proc[] }> {
  const sender = new Worker('direct sender', { kind: 'offer-sender', path: file, size, sha256, identityDir: path.join(tmp, 'device-identity') });
  try {
    const ready = await sender.next();
    if (ready.type !== 'offer') throw new Error(`direct sender: ${ready.type === 'failed' ? ready.error : ready.type}`);
    const dir = path.join(tmp, 'direct-downloads');
    fs.mkdirSync(dir);
    const info: FileInfo = { id: 'direct', name: 'copy.bin', size, type: 'application/octet-stream', sha256, thumbnail: null, expiresAt: null, direct: true };
    settle();
    const receiver = new Worker('direct receiver', { kind: 'direct-download', url: ready.url, pin: ready.pin, file: info, dir });
    const got = expectDone('direct receiver', await receiver.next());
    await receiver.exit();
    if (got.sha256 !== sha256) throw new Error('direct receiver: the copy does not match');
    fs.rmSync(dir, { recursive: true, force: true });
    sender.send({ type: 'stop' });
    const sent = expectDone('direct sender', await sender.next());
    await sender.exit();
    return {
      legs: [{ name: 'Parley direct, TLS (OfferServer → downloader)', ms: got.ms, mbPerSecond: mbps(size, got.ms) }],
      procs: [
        { name: 'direct sender (OfferServer)', peakRssBytes: sent.maxRssBytes, startRssBytes: sent.startRssBytes, parley: true, ...memoryOf(sent) },
        { name: 'direct receiver', peakRssBytes: got.maxRssBytes, startRssBytes: got.startRssBytes, parley: true, ...memoryOf(got) },
      ],
    };
  } finally {
    killChild(sender.child);
  }
}

async function main(): Promise<number> {
  const size = sizeMiB * MiB;
  console.log(`transfer benchmark: ${sizeMiB} MiB file on loopback, SHA-256 verification on`);
  if (!args.tsx) workerScript = await bundleForNode(path.join(here, 'worker.ts'), 'transfer-worker');
  console.log(
    args.tsx
      ? 'workers: TypeScript under tsx (--tsx; tsx adds ~25–30 MB to every process, which nothing Parley ships carries)\n'
      : 'workers: one esbuild bundle under plain node (as `npm run host` runs dist/cli/host.js and the app its bundle; --tsx runs the sources under tsx)\n',
  );
  const file = path.join(tmp, 'payload.bin');
  const t0 = performance.now();
  const sha256 = makeTestFile(file, size);
  console.log(`test file written in ${((performance.now() - t0) / 1000).toFixed(1)} s (sha256 ${sha256.slice(0, 16)}…)`);

  const plain = await plainStream(file, size, sha256, false);
  const plainLeg = plain.legs[0]!;
  const secure = await plainStream(file, size, sha256, true);
  const httpsLeg = secure.legs[0]!;
  const legs: Leg[] = [...plain.legs, { ...httpsLeg, ratioToPlain: httpsLeg.mbPerSecond / plainLeg.mbPerSecond }];
  const procs: Proc[] = [...plain.procs, ...secure.procs];
  // TLS legs are compared with the HTTPS stream, plain ones with the plain stream.
  const relayLegs: Record<'tls' | 'plain', Leg[]> = { tls: [], plain: [] };
  let relayNote: string | null = null;
  for (const tls of [false, true]) {
    const relayResult = await relay(file, size, sha256, tls);
    if (typeof relayResult === 'string') {
      relayNote = `relay: host side not available yet (${relayResult})`;
      continue;
    }
    const base = tls ? httpsLeg : plainLeg;
    for (const leg of relayResult.legs) legs.push({ ...leg, ratioToPlain: leg.mbPerSecond / base.mbPerSecond });
    relayLegs[tls ? 'tls' : 'plain'] = relayResult.legs;
    procs.push(...relayResult.procs);
  }
  const directResult = await direct(file, size, sha256);
  const directLeg = directResult.legs[0]!;
  for (const leg of directResult.legs) legs.push({ ...leg, ratioToPlain: leg.mbPerSecond / httpsLeg.mbPerSecond });
  procs.push(...directResult.procs);
  procs.push({ name: 'bench process (plain server)', peakRssBytes: process.resourceUsage().maxRSS * 1024, parley: false });

  console.log('');
  console.log('leg                                               time      MB/s   vs the bare stream of the same transport (HTTPS legs: vs plain HTTP)');
  for (const leg of legs) {
    console.log(
      `${leg.name.padEnd(48)} ${(leg.ms / 1000).toFixed(2).padStart(6)} s ${leg.mbPerSecond.toFixed(0).padStart(7)}   ${leg.ratioToPlain === undefined ? '' : `${(leg.ratioToPlain * 100).toFixed(0)} %`}`,
    );
  }
  if (relayNote) console.log(relayNote);
  relayLegs.tls.forEach((leg, i) => {
    const plainRelay = relayLegs.plain[i];
    if (plainRelay) console.log(`${leg.name.replace(/, TLS/, '')}: TLS ${leg.mbPerSecond.toFixed(0)} MB/s vs plain ${plainRelay.mbPerSecond.toFixed(0)} MB/s = ${((leg.mbPerSecond / plainRelay.mbPerSecond) * 100).toFixed(0)} %`);
  });
  console.log(`\nprocess                          peak RSS   (after loading modules, before the transfer${args.tsx ? '; tsx adds ~30 MB' : ''})`);
  for (const p of procs) console.log(`${p.name.padEnd(32)} ${mb(p.peakRssBytes).padStart(8)}   ${p.startRssBytes === undefined ? '' : `(${mb(p.startRssBytes)})`}`);
  console.log('\nat the highest RSS sampled (every 20 ms):  RSS = young generation + rest of the V8 heap + outside the V8 heap (Buffers, native, code)');
  for (const p of procs) {
    if (!p.peak) continue;
    const { rss, heapTotal, youngGeneration, heapUsed, arrayBuffers } = p.peak;
    console.log(
      `${p.name.padEnd(32)} ${mb(rss).padStart(8)} = young ${mb(youngGeneration).padStart(6)} + heap ${mb(heapTotal - youngGeneration).padStart(6)} (${mb(heapUsed)} used)` +
        ` + outside ${mb(rss - heapTotal).padStart(6)} (Buffers ${mb(arrayBuffers)})`,
    );
  }
  const withMaps = procs.filter((p) => p.atStart?.maps && p.atEnd?.maps);
  if (withMaps.length > 0) {
    console.log('\nresident memory by mapping, modules loaded → done (/proc/self/smaps; arenas = glibc malloc arenas, see bench/process-memory.ts):');
    for (const p of withMaps) {
      const [a, b] = [p.atStart!.maps!, p.atEnd!.maps!];
      const part = (name: string, key: keyof typeof a) => `${name} ${mb(a[key])} → ${mb(b[key])}`;
      console.log(`${p.name.padEnd(32)} ${part('main arena', 'mainArena')}, ${part('thread arenas', 'threadArenas')}, ${part('other anon', 'otherAnonymous')}, ${part('files', 'files')}`);
    }
  }

  const targets: Target[] = [];
  const parleyProcs = procs.filter((p) => p.parley);
  if (parleyProcs.length > 0) {
    const worst = parleyProcs.reduce((a, b) => (b.peakRssBytes > a.peakRssBytes ? b : a));
    targets.push({ name: `every Parley process under ${mb(RSS_TARGET_BYTES)} peak RSS`, pass: worst.peakRssBytes < RSS_TARGET_BYTES, detail: `worst: ${worst.name} ${mb(worst.peakRssBytes)}` });
  } else {
    targets.push({ name: `every Parley process under ${mb(RSS_TARGET_BYTES)} peak RSS`, pass: null, detail: 'relay not measured' });
  }
  const directRatio = directLeg.mbPerSecond / httpsLeg.mbPerSecond;
  targets.push({
    name: `direct transfer over TLS ≥ ${DIRECT_TARGET_RATIO * 100} % of a bare HTTPS stream`,
    pass: directRatio >= DIRECT_TARGET_RATIO,
    detail: `${directLeg.mbPerSecond.toFixed(0)} MB/s vs ${httpsLeg.mbPerSecond.toFixed(0)} MB/s = ${(directRatio * 100).toFixed(0)} %`,
  });
  const directProcs = directResult.procs;
  const worstDirect = directProcs.reduce((a, b) => (b.peakRssBytes > a.peakRssBytes ? b : a));
  targets.push({ name: `direct sender and receiver under ${mb(RSS_TARGET_BYTES)} peak RSS`, pass: worstDirect.peakRssBytes < RSS_TARGET_BYTES, detail: `worst: ${worstDirect.name} ${mb(worstDirect.peakRssBytes)}` });
  console.log('');
  for (const t of targets) console.log(`${verdict(t.pass)}  ${t.name} (${t.detail})`);

  writeResults(outFile, { date: new Date().toISOString(), node: process.version, platform: `${os.platform()} ${os.arch()}`, cpus: os.cpus().length, sizeBytes: size, bundled: args.tsx !== true, legs, processes: procs, relayNote, targets });
  return targetsExitCode(args.strict, targets);
}

try {
  const code = await main();
  cleanup();
  clearTimeout(hardTimeout);
  process.exit(code);
} catch (error) {
  console.error(`transfer benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
  cleanup();
  process.exit(1);
}
