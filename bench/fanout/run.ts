// Fan-out benchmark: the real ChatHost (validation, SQLite persistence with
// WAL + synchronous=FULL, fan-out) over TLS as people use it (wss, clients
// pinned to its certificate), the same host in plain (ws), and a bare `ws`
// broadcast loop, side by side on loopback, with the clients in another
// process.
//
//   npx tsx bench/fanout/run.ts            # 10, 100 and 500 clients, 3 s phases
//   npx tsx bench/fanout/run.ts --quick    # 10 and 100 clients, 1.5 s phases
//   options: --clients 10,100  --servers host-tls,host,bare  --duration-ms 3000  --rate 1000  --window 8
//            --senders 20  --out bench/results/fanout.json  --strict (exit 1 on FAIL)
//            --retries 4 (phases measured again when other programs were busy; 1 with --quick, which stays quick on a busy machine)
//            --data-dir DIR (parent of the host's temp session folder; default the OS temp dir)
//            --probes K (only K evenly spaced clients, the senders, decrypt, parse and time what they receive;
//              the others drain their sockets unread, as separate devices would — tapped-socket.ts)
//            --rounds N (the comparison N times, the servers' order alternating; p99 targets on each server's median,
//              ratios on the median of the rounds' ratios — rounds.ts)
//
// The servers run in this process (so its CPU is the server's CPU); the
// clients run in bench/fanout/clients.ts, forked with an IPC channel.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import Database from 'libsql';
import { ChatHost } from '../../src-main/host/chat-host.js';
import { COMMON_OPTIONS, positiveInt } from '../common/args.js';
import { machineLoad, machineTicks } from '../common/machine-load.js';
import { machineInfo, machineLine } from '../common/machine.js';
import { resultsFile, writeResults } from '../common/results-file.js';
import { runBench } from '../common/run-bench.js';
import { printTargets, targetsExitCode } from '../common/targets.js';
import { BareBroadcastServer } from './bare-server.js';
import type { BenchPin, ConnectResult, PhaseResult, PhaseSpec, ServerKind } from './ipc.js';
import { LoadGenerator } from './load-generator.js';
import { fmt, printRatios, ratiosOf, table, targetsOf, type Durability, type Row } from './report.js';
import { loopDelayP99 } from './histogram.js';
import { medianRatios, medianRows, serverOrder } from './rounds.js';

const HARD_TIMEOUT_MS = 5 * 60_000;
const PASSWORD = 'secret-pw';
const SIGNIN_CONCURRENCY = 8;
/** The host's per-connection rate limit (20 frames/s, bursts of 40) would throttle the bench's few senders; raised for the load generator. */
const BENCH_LIMITS = { ratePerSecond: 100_000, burst: 100_000, maxQueuedFrames: 100_000 };
/** A phase during which other programs kept more than this much of a core busy (% of one core) is measured again. */
const OTHER_CPU_LIMIT = 25;

// ------------------------------------------------------------------ options

const { values: args } = parseArgs({
  options: {
    ...COMMON_OPTIONS,
    clients: { type: 'string' },
    servers: { type: 'string' },
    'data-dir': { type: 'string' },
    retries: { type: 'string' },
    'duration-ms': { type: 'string' },
    rate: { type: 'string' },
    window: { type: 'string' },
    senders: { type: 'string' },
    probes: { type: 'string' },
    rounds: { type: 'string' },
  },
  strict: true,
});

const quick = args.quick === true;
/** Every round of the comparison, at every client count, the servers' order alternating (rounds.ts). */
const rounds = positiveInt(args.rounds, 1, 'rounds');
const hardTimeoutMs = HARD_TIMEOUT_MS * rounds;
const config = {
  quick,
  clientCounts: args.clients ? args.clients.split(',').map((s) => positiveInt(s.trim(), 0, 'clients')) : quick ? [10, 100] : [10, 100, 500],
  servers: (args.servers ?? 'host-tls,host,bare').split(',').map((s): ServerKind => {
    const kind = s.trim();
    if (kind !== 'host-tls' && kind !== 'host' && kind !== 'bare') throw new Error(`--servers takes host-tls, host and/or bare, got “${kind}”`);
    return kind;
  }),
  offeredRate: positiveInt(args.rate, 1000, 'rate'),
  warmupMs: quick ? 300 : 500,
  /**
   * The first phase after the clients connected warms up longer: the 100
   * sign-ins leave garbage, a WAL to checkpoint and cold code behind, and with
   * 500 ms the server measured first read a worse fixed-load p99 than the
   * same server measured second (README, "Order and warm-up").
   */
  firstWarmupMs: quick ? 300 : 2500,
  durationMs: positiveInt(args['duration-ms'], quick ? 1500 : 3000, 'duration-ms'),
  drainMs: quick ? 2000 : 3000,
  maxSenders: positiveInt(args.senders, 20, 'senders'),
  windowPerSender: positiveInt(args.window, 8, 'window'),
  /** Clients that decrypt, parse and time deliveries (and send); null: all of them. */
  probes: args.probes === undefined ? null : positiveInt(args.probes, 0, 'probes'),
  rounds,
  limits: BENCH_LIMITS,
  /** Sinks cannot answer pings, so with probes the host's heartbeat waits longer than any run. */
  heartbeatMs: args.probes === undefined ? null : hardTimeoutMs * 2,
  /** Phases measured while other programs were busy are measured again, at most this often in a run. */
  retries: args.retries === '0' ? 0 : positiveInt(args.retries, quick ? 1 : 4, 'retries'),
  /** Where the host's temp session folders go (default: the OS temp dir). */
  dataParent: path.resolve(args['data-dir'] ?? os.tmpdir()),
};
const outFile = resultsFile(args.out, 'fanout');

// ------------------------------------------------------------------ servers under test

interface ServerUnderTest {
  kind: ServerKind;
  url: string;
  /** What the clients pin (the TLS host's certificate), null for ws://. */
  pin: BenchPin | null;
  stop(): Promise<void>;
  /** After stop: rows with kind 'text' in the database (host only). */
  storedTextMessages(): number | null;
  journalMode(): string | null;
}

async function startServer(kind: ServerKind): Promise<ServerUnderTest> {
  if (kind === 'bare') {
    const bare = new BareBroadcastServer();
    const { port } = await bare.start();
    return { kind, url: `ws://127.0.0.1:${port}/`, pin: null, stop: () => bare.stop(), storedTextMessages: () => null, journalMode: () => null };
  }
  const dataDir = fs.mkdtempSync(path.join(config.dataParent, 'parley-bench-'));
  const tls = kind === 'host-tls';
  const limits = config.heartbeatMs === null ? BENCH_LIMITS : { ...BENCH_LIMITS, heartbeatMs: config.heartbeatMs };
  const host = new ChatHost({ dataDir, port: 0, bindAddress: '127.0.0.1', tls, limits, log: (line) => console.error(`  host: ${line}`) });
  const { port } = await host.start();
  const identity = host.identity;
  let stored: number | null = null;
  let journal: string | null = null;
  return {
    kind,
    url: `${tls ? 'wss' : 'ws'}://127.0.0.1:${port}/ws`,
    pin: identity ? { certPem: identity.certPem, fingerprint: identity.fingerprint } : null,
    async stop() {
      await host.stop();
      const db = new Database(host.dataFile);
      try {
        stored = Number((db.prepare("SELECT COUNT(*) AS n FROM messages WHERE kind = 'text'").get() as { n: number }).n);
        journal = String((db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode);
      } finally {
        db.close();
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
    storedTextMessages: () => stored,
    journalMode: () => journal,
  };
}

// ------------------------------------------------------------------ measuring

async function runPhase(gen: LoadGenerator, clients: number, server: ServerKind, spec: PhaseSpec, round: number): Promise<Row> {
  // Server CPU and event-loop use over the measured window, timed by this
  // process's own timers (an IPC message from the client process can sit
  // behind thousands of socket callbacks when the loop is saturated). The
  // figures are over the wall time that actually passed between the timers.
  // The whole machine's busy time too, to see other programs competing.
  const snapshot = () => ({ cpu: process.cpuUsage(), elu: performance.eventLoopUtilization(), wall: performance.now(), machine: machineTicks() });
  const usage = (from: ReturnType<typeof snapshot>) => {
    const { user, system } = process.cpuUsage(from.cpu);
    const now = machineTicks();
    const ticks = now && from.machine ? { total: now.total - from.machine.total, busy: now.busy - from.machine.busy, steal: now.steal - from.machine.steal } : null;
    return {
      cpu: ((user + system) / 1000 / (performance.now() - from.wall)) * 100,
      loop: performance.eventLoopUtilization(from.elu).utilization * 100,
      machineBusy: ticks && ticks.total > 0 ? (ticks.busy / ticks.total) * 100 * os.cpus().length : NaN,
      steal: ticks && ticks.total > 0 ? (ticks.steal / ticks.total) * 100 * os.cpus().length : NaN,
    };
  };
  let from = snapshot();
  let measured = null as ReturnType<typeof usage> | null;
  let endTimer: NodeJS.Timeout | undefined;
  // How late the server's loop got round to what was ready (a message waiting to be read or written waits as long).
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  const startTimer = setTimeout(() => {
    from = snapshot();
    loopDelay.enable();
    endTimer = setTimeout(() => {
      measured = usage(from);
      loopDelay.disable();
    }, spec.durationMs);
  }, spec.warmupMs);
  let result: PhaseResult;
  try {
    result = await gen.request<PhaseResult>({ type: 'phase', spec }, spec.warmupMs + spec.durationMs + spec.drainMs + 60_000);
  } finally {
    clearTimeout(startTimer);
    clearTimeout(endTimer);
    loopDelay.disable();
  }
  // A loop so swamped that the window's timers never ran in time: fall back to
  // whatever stretch was measured (marked "~" in the table).
  const serverApprox = measured === null;
  const { cpu: serverCpuPercent, loop: serverEventLoopPercent, machineBusy, steal } = measured ?? usage(from);
  const seconds = result.windowMs / 1000;
  return {
    clients,
    server,
    phase: spec.mode,
    offeredPerSec: spec.mode === 'fixed' ? spec.rate : null,
    sentPerSec: result.sentInWindow / seconds,
    receivers: result.receivers,
    sinkBytesRatio: result.sinkBytesRatio ?? null,
    deliveredPerSec: result.deliveriesInWindow / result.receivers / seconds,
    deliveriesPerSec: result.deliveriesInWindow / seconds,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    serverCpuPercent,
    serverEventLoopPercent,
    serverApprox,
    serverLoopDelayP99: loopDelayP99(loopDelay),
    clientCpuPercent: result.clientCpuPercent,
    clientLoopDelayP99: result.clientLoopDelayP99,
    otherCpuPercent: machineBusy - serverCpuPercent - result.clientCpuPercent,
    stealPercent: steal,
    attempts: 1,
    undelivered: result.expectedWindowDeliveries - result.windowMessageDeliveries,
    drained: result.drained,
    errors: result.errors,
    firstError: result.firstError,
    acks: result.acks,
    sentTotal: result.sentTotal,
    round,
  };
}

// ------------------------------------------------------------------ output

// ------------------------------------------------------------------ main

/** The load-generator process, killed (by its pid) on a timeout or failure. */
let generator: LoadGenerator | null = null;

async function main(): Promise<number> {
  const machine = machineInfo();
  console.log('Parley fan-out benchmark — ChatHost over TLS (wss, pinned) and in plain (ws) vs a bare `ws` broadcast loop (loopback, clients in a separate process)');
  console.log(machineLine(machine));
  console.log(`clients: ${config.clientCounts.join(', ')}; phases: fixed ${config.offeredRate} msg/s offered and saturation (≤ ${config.windowPerSender} messages in flight per sender, in flight = not yet delivered to every client); up to ${config.maxSenders} senders; ${config.warmupMs} ms warm-up (${config.firstWarmupMs} ms for the first phase after connecting) + ${config.durationMs} ms measured`);
  if (config.probes !== null) {
    console.log(`probes: ${config.probes} evenly spaced clients (also the senders) decrypt, parse and time what they receive; the others are sinks that read`);
    console.log('        every byte off their sockets without decrypting or parsing it (as separate devices would, seen from the host). Delivered msg/s');
    console.log(`        and latency are the probes'; in flight = not yet at every probe. Host heartbeat raised to ${config.heartbeatMs} ms (sinks cannot answer pings).`);
  }
  if (rounds > 1) console.log(`rounds: ${rounds} at each client count, the servers' order alternating (${config.servers.join(', ')}, then reversed); p99 targets on each server's median p99, ratios on the median of the rounds' ratios`);
  console.log(`host: real ChatHost, session.db in a temp folder under ${config.dataParent} — SQLite WAL, synchronous=FULL; every send is committed (fsync) before it is acknowledged and fanned out.`);
  console.log(`NOTE: the host's per-connection rate limit (20 frames/s, bursts of 40) is raised to ${BENCH_LIMITS.ratePerSecond}/s for this run: the load generator`);
  console.log('      pushes 1,000+ msg/s through at most 20 sockets, which the real limit would (correctly) throttle. Nothing else is changed.');
  console.log('');

  const idleLoad = await machineLoad(1000);
  console.log(`machine load before starting: ${fmt(idleLoad)}% of one core busy (other programs)${idleLoad > 20 ? ' — WARNING: something else is running; figures will be noisy' : ''}`);
  console.log('');

  const gen = await LoadGenerator.start();
  generator = gen;
  const rows: Row[] = [];
  let retriesLeft = config.retries;
  const storage: Durability[] = [];
  try {
    for (const clients of config.clientCounts) {
      for (let round = 1; round <= rounds; round++) {
        for (const kind of serverOrder(config.servers, round)) {
          const server = await startServer(kind);
          let acked = 0;
          try {
            const connected = await gen.request<ConnectResult>(
              { type: 'connect', server: kind, url: server.url, pin: server.pin, clients, concurrency: kind === 'bare' ? 32 : SIGNIN_CONCURRENCY, password: PASSWORD, probes: config.probes },
              180_000,
            );
            const label = `${clients} clients, ${kind}${rounds > 1 ? `, round ${round}` : ''}`;
            console.log(`[${label}] connected${kind === 'bare' ? '' : ' and signed in'} in ${(connected.ms / 1000).toFixed(1)} s`);
            const senders = Math.min(clients, config.maxSenders);
            const base = { warmupMs: config.warmupMs, durationMs: config.durationMs, drainMs: config.drainMs, senders };
            for (const spec of [
              { ...base, warmupMs: config.firstWarmupMs, mode: 'fixed', rate: config.offeredRate, window: 0 },
              { ...base, mode: 'saturate', rate: 0, window: config.windowPerSender },
            ] satisfies PhaseSpec[]) {
              let best: Row | null = null;
              for (let attempt = 1; ; attempt++) {
                const row = await runPhase(gen, clients, kind, spec, round);
                row.attempts = attempt;
                acked += row.acks;
                console.log(
                  `[${label}] ${spec.mode.padEnd(8)} delivered ${fmt(row.deliveredPerSec)} msg/s (${fmt(row.deliveriesPerSec)} deliveries/s), p50 ${fmt(row.p50, 2)} ms, p99 ${fmt(row.p99, 2)} ms, server cpu ${fmt(row.serverCpuPercent)}%, loop delay p99 server ${fmt(row.serverLoopDelayP99, 1)} / generator ${fmt(row.clientLoopDelayP99, 1)} ms` +
                    (row.sinkBytesRatio !== null ? `, sinks got ≥ ${fmt(row.sinkBytesRatio * 100)}% of a probe's bytes` : '') +
                    (row.errors > 0 ? `, ${row.errors} errors (first: ${row.firstError})` : '') +
                    (row.undelivered > 0 ? `, ${row.undelivered} deliveries missing after ${config.drainMs} ms drain` : ''),
                );
                if (!best || row.otherCpuPercent < best.otherCpuPercent) best = row;
                if (!(row.otherCpuPercent > OTHER_CPU_LIMIT) || retriesLeft === 0) break;
                retriesLeft--;
                console.log(`[${label}] other programs used ${fmt(row.otherCpuPercent)}% of a core meanwhile; measuring again (${retriesLeft} retries left)`);
              }
              rows.push(best);
            }
            await gen.request({ type: 'disconnect' }, 30_000);
          } finally {
            await server.stop();
          }
          if (kind !== 'bare') {
            storage.push({ clients, server: kind, acked, stored: server.storedTextMessages(), journalMode: server.journalMode() });
          }
        }
      }
    }
  } finally {
    gen.stop();
  }

  // ---- report
  console.log('');
  console.log(table(rows));
  console.log('');
  const summary = rounds > 1 ? medianRows(rows) : rows;
  if (rounds > 1) {
    console.log(`Medians over the ${rounds} rounds (each figure separately; the p99 targets below use these, the ratios are each the median of the rounds' ratios):`);
    console.log(table(summary));
    console.log('');
  }
  const timing = config.probes === null ? 'client' : 'probe';
  console.log(`delivered msg/s = messages per second that reached every ${timing} (deliveries / ${timing}s / window); deliveries/s = all receipts${config.probes === null ? '' : ' at the probes'}.`);
  console.log(`latency = receive time − send time at every receiving ${timing}, for messages sent in the window (same clock: one client process).`);
  console.log('other cpu% = busy time of the whole machine minus server and load generator (other programs, kernel threads).');
  const busy = rows.filter((r) => r.otherCpuPercent > OTHER_CPU_LIMIT);
  if (busy.length > 0) {
    console.log(`WARNING: other programs used > ${OTHER_CPU_LIMIT}% of a core during ${busy.length} of ${rows.length} phases (even after retries); those figures are noisy — rerun on an idle machine.`);
  }
  console.log('');

  const ratioOf = (a: ServerKind, b: ServerKind) => (rounds > 1 ? medianRatios(rows, config.clientCounts, a, b) : ratiosOf(rows, config.clientCounts, a, b));
  const ratios = { hostToBare: ratioOf('host', 'bare'), tlsToPlain: ratioOf('host-tls', 'host') };
  const ofRounds = rounds > 1 ? `, medians of the ${rounds} rounds' ratios` : '';
  printRatios(`Ratios host / bare${ofRounds} (delivered: > 1 means the host delivers more; p99: < 1 means the host is faster):`, ratios.hostToBare);
  printRatios(`Ratios host-tls / host${ofRounds} (what TLS costs; delivered: < 1 means TLS delivers less; p99 and cpu: > 1 means TLS is slower / uses more):`, ratios.tlsToPlain);
  console.log('Durability: acknowledged sends vs text messages found in session.db after the host stopped:');
  for (const s of storage) {
    console.log(`  ${s.server.padEnd(8)} ${String(s.clients).padStart(3)} clients: ${s.acked} acknowledged, ${s.stored ?? '?'} stored (journal_mode=${s.journalMode ?? '?'})${s.stored === s.acked ? '' : '  ← MISMATCH'}`);
  }
  console.log('');

  const targets = targetsOf(summary, config.clientCounts, config.offeredRate, storage, rows);
  printTargets(targets);

  writeResults(outFile, {
    benchmark: 'fanout',
    date: new Date().toISOString(),
    machine,
    config,
    machineLoadBeforePercent: idleLoad,
    rows,
    ...(rounds > 1 ? { medians: summary } : {}),
    ratios,
    storage,
    targets,
  });
  return targetsExitCode(args.strict, targets);
}

await runBench(main, { title: 'fan-out benchmark', hardTimeoutMs, cleanup: () => generator?.stop() });
