// Hand-over: how long chat stops when a session moves to another machine
// (issue 11), against the baseline of a cold restart of the same session.
//
//   npx tsx bench/handover/run.ts            # 100,000 messages, 1 GiB of files, 5 people
//   npx tsx bench/handover/run.ts --quick    # 10,000 messages, 64 MiB, 3 people
//   options: --messages N  --files-mib N  --clients N  --out FILE  --strict
//
// The old host and the people run in this process; the new host (successor
// or restarted host) in a worker process of its own (worker.ts), pinned TLS
// on loopback throughout. One session is built (session.ts), then:
//   1. cold restart (baseline): the host stops, its folder is copied with
//      fs.cp, a ChatHost starts on the copy, the people re-point at it;
//   2. take-over: the same folder hosted again; an admin in the worker calls
//      takeOverSession and the people follow the host's `moved` frame.
// Each time, one person sends a message right after moving; "first message"
// is from the decision (stop / the take-over call) until another person has
// received it through the new host.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ChatHost } from '../../src-main/host/chat-host.js';
import type { SessionPin } from '../../src-main/trust/pinned-tls.js';
import { COMMON_OPTIONS, positiveInt } from '../common/args.js';
import { killChild } from '../common/kill-child.js';
import { machineLoad } from '../common/machine-load.js';
import { machineInfo, machineLine } from '../common/machine.js';
import { resultsFile, writeResults } from '../common/results-file.js';
import { runBench } from '../common/run-bench.js';
import { printTargets, targetsExitCode, type Target } from '../common/targets.js';
import { Crowd } from './clients.js';
import type { ParentMessage, TakeOverBreakdown, WorkerReport } from './ipc.js';
import { ADMIN_NAME, buildMessages, PASSWORD, uploadFiles } from './session.js';
import { firstMessageTarget } from './targets.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Under bench/run-all.ts's 6 minutes, so this one fires first. */
const HARD_TIMEOUT_MS = 5 * 60_000;
/** Any one step (a move, a client coming back, a file phase) that takes longer than this has failed. */
const STEP_TIMEOUT_MS = 120_000;

const { values: args } = parseArgs({ options: { ...COMMON_OPTIONS, messages: { type: 'string' }, 'files-mib': { type: 'string' }, clients: { type: 'string' } }, strict: true });
const config = {
  quick: args.quick === true,
  messages: positiveInt(args.messages, args.quick ? 10_000 : 100_000, 'messages'),
  fileBytes: positiveInt(args['files-mib'], args.quick ? 64 : 1024, 'files-mib') * 2 ** 20,
  clients: Math.max(2, positiveInt(args.clients, args.quick ? 3 : 5, 'clients')),
};
const outFile = resultsFile(args.out, 'handover');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-handover-'));
const workers = new Set<ChildProcess>();

// ------------------------------------------------------------------ the new host's process

class NewHostProcess {
  private readonly reports: WorkerReport[] = [];
  private wake: () => void = () => {};
  private exited = false;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (report: WorkerReport) => {
      this.reports.push(report);
      this.wake();
    });
    child.on('exit', () => {
      this.exited = true;
      workers.delete(child);
      this.wake();
    });
  }

  /** Forks worker.ts and waits until its modules are loaded (not part of any timing). */
  static async start(): Promise<NewHostProcess> {
    const child = fork(path.join(here, 'worker.ts'), [], { execArgv: ['--import', import.meta.resolve('tsx')], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    workers.add(child);
    const worker = new NewHostProcess(child);
    await worker.next('loaded', 60_000);
    return worker;
  }

  send(message: ParentMessage): void {
    this.child.send(message);
  }

  /** The next report of `type`; throws on the worker's error report, its exit, or after `timeoutMs`. */
  async next<T extends WorkerReport['type']>(type: T, timeoutMs = STEP_TIMEOUT_MS): Promise<Extract<WorkerReport, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const error = this.reports.find((r) => r.type === 'error');
      if (error?.type === 'error') throw new Error(`the new host's process failed: ${error.message}`);
      const index = this.reports.findIndex((r) => r.type === type);
      if (index >= 0) return this.reports.splice(index, 1)[0] as Extract<WorkerReport, { type: T }>;
      if (this.exited) throw new Error(`the new host's process exited before '${type}'`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no '${type}' from the new host's process within ${timeoutMs / 1000} s`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Kills the process by its pid, if it is still running (a failed run's way out). */
  kill(): void {
    killChild(this.child);
  }

  /** Stops its host; its peak RSS (whole life) and RSS after loading, bytes. */
  async stop(): Promise<{ maxRssBytes: number; startRssBytes: number }> {
    this.send({ type: 'stop' });
    const done = await this.next('done', 30_000);
    return { maxRssBytes: done.maxRssBytes, startRssBytes: done.startRssBytes };
  }
}

// ------------------------------------------------------------------ the old host

async function startOldHost(dataDir: string): Promise<{ host: ChatHost; wsUrl: string; origin: string; pin: SessionPin }> {
  const host = new ChatHost({ dataDir, port: 0, bindAddress: '127.0.0.1', log: (line) => console.error(`  old host: ${line}`) });
  const { port } = await host.start();
  const identity = host.identity!;
  return { host, wsUrl: `wss://127.0.0.1:${port}/ws`, origin: `https://127.0.0.1:${port}`, pin: { certPem: identity.certPem, fingerprint: identity.fingerprint } };
}

// ------------------------------------------------------------------ the two moves

interface ColdRestart {
  stopMs: number;
  copyMs: number;
  hostStartMs: number;
  reconnectMs: number;
  firstMessageMs: number;
  markerDeliveries: number;
  peakRssBytes: number;
  startRssBytes: number;
}

async function coldRestart(dataDir: string): Promise<ColdRestart> {
  const old = await startOldHost(dataDir);
  const crowd = await Crowd.join(old.wsUrl, old.pin, config.clients);
  const worker = await NewHostProcess.start();
  try {
    crowd.expect('first after the restart');
    const t0 = performance.now();
    await old.host.stop();
    const stopMs = performance.now() - t0;
    worker.send({ type: 'job', job: { kind: 'cold-restart', from: dataDir, to: path.join(root, 'restarted') } });
    const hosting = await worker.next('hosting');
    for (const client of crowd.clients) crowd.move(client, [`wss://127.0.0.1:${hosting.port}/ws`]);
    const deliveredAt = await crowd.delivered(STEP_TIMEOUT_MS);
    const { firstMovedAt, lastOnlineAt } = await crowd.allOnlineAt(hosting.port, STEP_TIMEOUT_MS);
    await new Promise((resolve) => setTimeout(resolve, 200)); // a repeated delivery would show by now
    const rss = await worker.stop();
    return {
      stopMs,
      copyMs: hosting.copyMs ?? NaN,
      hostStartMs: hosting.hostStartMs ?? NaN,
      reconnectMs: lastOnlineAt - firstMovedAt,
      firstMessageMs: deliveredAt - t0,
      markerDeliveries: crowd.markerDeliveries,
      peakRssBytes: rss.maxRssBytes,
      startRssBytes: rss.startRssBytes,
    };
  } finally {
    crowd.close();
    worker.kill();
    fs.rmSync(path.join(root, 'restarted'), { recursive: true, force: true });
  }
}

interface TakeOver {
  breakdown: TakeOverBreakdown;
  reconnectMs: number;
  firstMessageMs: number;
  markerDeliveries: number;
  filesMs: number;
  filesMoved: number;
  filesGivenUp: number;
  filesBytes: number;
  /** MB/s over the file phase (after chat resumed until the last file arrived). */
  filesMBps: number;
  oldHostFinished: boolean;
  peakRssBytes: number;
  startRssBytes: number;
}

async function takeOver(dataDir: string): Promise<TakeOver> {
  const old = await startOldHost(dataDir);
  let finished = false;
  old.host.onHandOver((event) => {
    if (event.kind === 'finished') finished = true;
  });
  const crowd = await Crowd.join(old.wsUrl, old.pin, config.clients);
  crowd.followMoves();
  crowd.expect('first after the take-over');
  const worker = await NewHostProcess.start();
  try {
    worker.send({ type: 'job', job: { kind: 'take-over', origin: old.origin, wsUrl: old.wsUrl, pin: old.pin, name: ADMIN_NAME, password: PASSWORD, dataDir: path.join(root, 'successor') } });
    await worker.next('signed-in');
    const t0 = performance.now();
    worker.send({ type: 'go' });
    const hosting = await worker.next('hosting');
    const deliveredAt = await crowd.delivered(STEP_TIMEOUT_MS);
    const { firstMovedAt, lastOnlineAt } = await crowd.allOnlineAt(hosting.port, STEP_TIMEOUT_MS);
    const files = await worker.next('files', HARD_TIMEOUT_MS);
    const rss = await worker.stop();
    const breakdown = hosting.takeOver!;
    return {
      breakdown,
      reconnectMs: lastOnlineAt - firstMovedAt,
      firstMessageMs: deliveredAt - t0,
      markerDeliveries: crowd.markerDeliveries,
      filesMs: files.ms,
      filesMoved: files.moved,
      filesGivenUp: files.givenUp,
      filesBytes: files.bytes,
      filesMBps: files.bytes / 1e6 / ((files.ms - breakdown.totalMs) / 1000),
      oldHostFinished: finished,
      peakRssBytes: rss.maxRssBytes,
      startRssBytes: rss.startRssBytes,
    };
  } finally {
    crowd.close();
    worker.kill();
    await old.host.stop();
  }
}

// ------------------------------------------------------------------ report

const sec = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : '–');
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

function table(rows: Array<[string, string, string]>): void {
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(`  ${r[0].padEnd(widths[0]!)}  ${r[1].padStart(widths[1]!)}  ${r[2].padStart(widths[2]!)}`);
}

async function main(): Promise<number> {
  const machine = machineInfo();
  console.log('Parley hand-over — chat through a successor after a take-over, vs a cold restart of the same session; pinned TLS, loopback');
  console.log(machineLine(machine));
  const idleLoad = await machineLoad(1000);
  console.log(`machine load before starting: ${idleLoad.toFixed(0)}% of one core busy (other programs)${idleLoad > 20 ? ' — WARNING: something else is running; figures will be noisy' : ''}`);
  console.log(`session: ${config.messages.toLocaleString('en')} messages, ${mib(config.fileBytes)} of relayed files; ${config.clients} people connected${config.quick ? ' (quick)' : ''}`);

  const dataDir = path.join(root, 'session');
  const built = await buildMessages(dataDir, config.messages);
  console.log(`built: messages through the database layer in ${sec(built.ms)} (session.db ${mib(built.dbBytes)})`);
  {
    const old = await startOldHost(dataDir);
    const uploader = await Crowd.join(old.wsUrl, old.pin, 2);
    const up = await uploadFiles({ client: uploader.clients[0]!, baseUrl: old.origin, pin: old.pin, totalBytes: config.fileBytes, scratchDir: root });
    console.log(`built: ${up.files} files uploaded through the HTTP API in ${sec(up.ms)} (${(config.fileBytes / 1e6 / (up.ms / 1000)).toFixed(0)} MB/s)`);
    uploader.close();
    await old.host.stop();
  }
  console.log('');

  const cold = await coldRestart(dataDir);
  const moved = await takeOver(dataDir);
  const ratio = moved.firstMessageMs / cold.firstMessageMs;

  console.log('time from the decision until the first message through the new host:');
  table([
    ['', 'cold restart', 'take-over'],
    ['first message delivered', sec(cold.firstMessageMs), sec(moved.firstMessageMs)],
    ['  stop the old host / snapshot on it', sec(cold.stopMs), sec(moved.breakdown.snapshotMs)],
    ['  copy the folder / fetch the database + checks', sec(cold.copyMs), sec(moved.breakdown.fetchCheckMs)],
    ['  new host starts', sec(cold.hostStartMs), sec(moved.breakdown.hostStartMs)],
    ['  handover.ready (everyone told to move)', '–', sec(moved.breakdown.readyMs)],
    ['  clients reconnect (first move → last online)', sec(cold.reconnectMs), sec(moved.reconnectMs)],
    ['every file in place', sec(cold.stopMs + cold.copyMs), sec(moved.filesMs)],
    ['new host process: peak RSS (after loading tsx + modules)', `${mib(cold.peakRssBytes)} (${mib(cold.startRssBytes)})`, `${mib(moved.peakRssBytes)} (${mib(moved.startRssBytes)})`],
  ]);
  console.log(`take-over / cold restart, first message: ×${ratio.toFixed(2)}`);
  console.log(`files: ${moved.filesMoved} moved, ${moved.filesGivenUp} given up, ${mib(moved.filesBytes)} at ${moved.filesMBps.toFixed(0)} MB/s after chat resumed (SHA-256 checked by the successor); old host finished: ${moved.oldHostFinished ? 'yes' : 'no'}`);
  console.log(`the message sent right after the move arrived ${cold.markerDeliveries}× (cold restart) and ${moved.markerDeliveries}× (take-over)`);
  console.log('');

  const targets: Target[] = [
    firstMessageTarget(moved.firstMessageMs),
    { name: 'the message sent during the move arrives exactly once', pass: moved.markerDeliveries === 1 && cold.markerDeliveries === 1, detail: `take-over ${moved.markerDeliveries}×, cold restart ${cold.markerDeliveries}×` },
    { name: 'every file moved with its SHA-256', pass: moved.filesGivenUp === 0 && moved.filesMoved > 0, detail: `${moved.filesMoved} moved, ${moved.filesGivenUp} given up` },
  ];
  printTargets(targets);
  writeResults(outFile, { benchmark: 'handover', date: new Date().toISOString(), machine, machineLoadBeforePercent: idleLoad, config, built, coldRestart: cold, takeOver: moved, ratio, targets });
  return targetsExitCode(args.strict, targets);
}

function cleanup(): void {
  for (const child of workers) killChild(child);
  fs.rmSync(root, { recursive: true, force: true });
}

// Ctrl-C too: the temp folder holds the session twice over (2 GiB in a full run).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`hand-over benchmark: ${signal}, cleaning up`);
    cleanup();
    process.exit(130);
  });
}

await runBench(main, { title: 'hand-over benchmark', hardTimeoutMs: HARD_TIMEOUT_MS, cleanup });
