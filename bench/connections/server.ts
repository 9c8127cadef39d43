// The server under test, in a process of its own (forked by run.ts with
// --expose-gc and an IPC channel), so its memory is its own:
//
//   server.ts host DATA_DIR AUTH_TIMEOUT_MS   the real ChatHost on 127.0.0.1, port 0
//   server.ts bare                            a bare `ws` server (bare-server.ts)
//
// It answers `measure` with process.memoryUsage() and V8's heap spaces, read
// after full garbage collections once memory has settled, and `stop` by
// stopping the server and exiting.
import v8 from 'node:v8';
import { residentByMapping } from '../process-memory.js';
import { BareIdleServer } from './bare-server.js';
import type { ChildReply, MemoryFigures, MemorySample, ServerRequest, SettleSpec } from './ipc.js';

const send = (message: ChildReply) => process.send?.(message);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('bench/connections/server.ts needs --expose-gc');
  process.exit(2);
}

const [role, dataDir, authTimeout] = process.argv.slice(2);

interface Running {
  stop(): Promise<void>;
  connections(): number | null;
  frames(): number | null;
}

async function start(): Promise<{ port: number; running: Running }> {
  if (role === 'bare') {
    const bare = new BareIdleServer();
    const { port } = await bare.start();
    return { port, running: { stop: () => bare.stop(), connections: () => bare.connections, frames: () => bare.frames } };
  }
  if (role === 'host' && dataDir) {
    // Only ChatHost's public constructor, start, stop and port are used.
    const { ChatHost } = await import('../../src-main/host/chat-host.js');
    const host = new ChatHost({
      dataDir,
      port: 0,
      bindAddress: '127.0.0.1',
      tls: false,
      limits: { authTimeoutMs: Number(authTimeout) },
      log: (line) => console.error(`  host: ${line}`),
    });
    const { port } = await host.start();
    return { port, running: { stop: () => host.stop(), connections: () => null, frames: () => null } };
  }
  throw new Error(`usage: server.ts host DATA_DIR AUTH_TIMEOUT_MS | server.ts bare (got ${process.argv.slice(2).join(' ')})`);
}

/** One reading after a full collection. */
function read(): MemoryFigures & { spaces: MemorySample['spaces'] } {
  gc!();
  const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
  const spaces = Object.fromEntries(
    v8.getHeapSpaceStatistics().map((s) => [s.space_name, { size: s.space_size, physical: s.physical_space_size, used: s.space_used_size }]),
  );
  return { rss, heapTotal, heapUsed, external, arrayBuffers, spaces };
}

/**
 * Reads memory every `intervalMs` (each after a full GC) until RSS has been
 * flat for `stableMs` and at least `minMs` passed, or `maxMs` passed; returns
 * the last reading. V8 holds on to a grown young generation and pooled pages
 * for a few seconds after activity (its memory reducer then returns them), so
 * an early reading measures GC headroom, not what the connections keep.
 */
async function measure(running: Running, settle: SettleSpec): Promise<MemorySample> {
  const start = performance.now();
  const readings: Array<{ at: number; reading: ReturnType<typeof read> }> = [];
  for (;;) {
    const at = performance.now() - start;
    readings.push({ at, reading: read() });
    const window = readings.filter((r) => r.at >= at - settle.stableMs);
    const rss = window.map((r) => r.reading.rss);
    const flat = readings[0]!.at <= at - settle.stableMs && Math.max(...rss) - Math.min(...rss) <= settle.toleranceBytes;
    if ((flat && at >= settle.minMs) || at >= settle.maxMs) {
      // /proc/self/smaps only once: reading it allocates enough to keep V8's memory reducer from ever seeing the process idle.
      return { ...readings.at(-1)!.reading, mappings: residentByMapping(), connections: running.connections(), frames: running.frames(), waitedMs: at, settled: flat };
    }
    await sleep(settle.intervalMs);
  }
}

try {
  const { port, running } = await start();
  process.on('message', (raw) => {
    const request = raw as ServerRequest;
    const answer = (work: Promise<unknown>) =>
      work.then(
        (value) => send({ type: 'result', reqId: request.reqId, ok: true, value }),
        (error: unknown) => send({ type: 'result', reqId: request.reqId, ok: false, error: error instanceof Error ? error.message : String(error) }),
      );
    if (request.type === 'measure') void answer(measure(running, request.settle));
    else if (request.type === 'stop') {
      void answer(running.stop()).then(() => {
        process.disconnect();
        process.exit(0);
      });
    }
  });
  // The parent went away without stopping us: do not linger.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', port });
} catch (error) {
  console.error(`server process (${role}) failed to start: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  process.exit(1);
}
