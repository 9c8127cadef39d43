// The process that becomes the new host in the hand-over benchmark (forked by
// run.ts with an IPC channel, one process per job): the successor of a
// take-over (takeOverSession, as `npm run host -- --take-over` runs it), or
// the host of a cold restart (fs.cp of the stopped host's folder, then a
// ChatHost on the copy). Reports when it is hosting, with its own timings, and
// its peak RSS when stopped.
import fs from 'node:fs';
import path from 'node:path';
import { takeOverSession } from '../../src-main/handover/take-over.js';
import { ChatHost } from '../../src-main/host/chat-host.js';
import { pinnedWebSocket } from '../../src-main/trust/pinned-websocket.js';
import { ChatClient } from '../../src-shared/chat-client.js';
import type { ParentMessage, TakeOverBreakdown, WorkerJob, WorkerReport } from './ipc.js';

// Peak RSS by sampling, not process.resourceUsage().maxRSS: Linux carries a
// forked child's high-water mark over from its parent (the bench process, with
// the whole session built in it), so maxRSS would report the parent's peak.
const startRssBytes = process.memoryUsage.rss();
let peakRssBytes = startRssBytes;
setInterval(() => {
  peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss());
}, 20).unref();
const maxRssBytes = () => Math.max(peakRssBytes, process.memoryUsage.rss());
const send = (report: WorkerReport) => process.send?.(report);
const log = (line: string) => console.error(`  new host: ${line}`);

let host: ChatHost | null = null;
let go: () => void = () => {};
const goSignal = new Promise<void>((resolve) => (go = resolve));

/** Sum of the sizes of every file under `dir`. */
function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

async function coldRestart(job: Extract<WorkerJob, { kind: 'cold-restart' }>): Promise<void> {
  const t0 = performance.now();
  await fs.promises.cp(job.from, job.to, { recursive: true });
  const t1 = performance.now();
  host = new ChatHost({ dataDir: job.to, port: 0, bindAddress: '127.0.0.1', log });
  const { port } = await host.start();
  send({ type: 'hosting', port, copyMs: t1 - t0, hostStartMs: performance.now() - t1 });
}

async function takeOver(job: Extract<WorkerJob, { kind: 'take-over' }>): Promise<void> {
  const client = new ChatClient({ url: job.wsUrl, WebSocket: pinnedWebSocket(job.pin), reconnect: false, requestTimeoutMs: 120_000 });
  await client.connect();
  await client.signIn({ name: job.name, password: job.password, canHost: true });
  send({ type: 'signed-in' });
  await goSignal;

  // Timestamps of the steps inside takeOverSession, taken from the outside:
  // the requests it makes on the client, and the successor's ChatHost.start.
  const marks: Record<'go' | 'startReplied' | 'hostStarting' | 'hostStarted' | 'readySent' | 'readyReplied', number> = {
    go: performance.now(),
    startReplied: NaN,
    hostStarting: NaN,
    hostStarted: NaN,
    readySent: NaN,
    readyReplied: NaN,
  };
  const request = client.request.bind(client);
  client.request = ((type: Parameters<typeof request>[0], params: Parameters<typeof request>[1]) => {
    if (type === 'handover.ready') marks.readySent = performance.now();
    const reply = request(type, params);
    if (type === 'handover.start') void reply.then(() => (marks.startReplied = performance.now()), () => {});
    if (type === 'handover.ready') void reply.then(() => (marks.readyReplied = performance.now()), () => {});
    return reply;
  }) as typeof client.request;
  const start = ChatHost.prototype.start;
  ChatHost.prototype.start = async function timedStart(this: ChatHost) {
    marks.hostStarting = performance.now();
    const started = await start.call(this);
    marks.hostStarted = performance.now();
    return started;
  };

  const taken = await takeOverSession({
    client,
    origin: job.origin,
    pin: job.pin,
    dataDir: job.dataDir,
    hostOptions: { bindAddress: '127.0.0.1', log },
    addresses: ['127.0.0.1'],
    log,
  });
  const done = performance.now();
  host = taken.host;
  const breakdown: TakeOverBreakdown = {
    snapshotMs: marks.startReplied - marks.go,
    fetchCheckMs: marks.hostStarting - marks.startReplied,
    hostStartMs: marks.hostStarted - marks.hostStarting,
    readyMs: marks.readyReplied - marks.readySent,
    totalMs: done - marks.go,
  };
  send({ type: 'hosting', port: host.port, takeOver: breakdown });
  // This device's own connection to the old host is not needed any more.
  client.close();
  const files = await taken.files;
  send({ type: 'files', ms: performance.now() - marks.go, moved: files.moved, givenUp: files.givenUp.length, bytes: bytesUnder(path.join(job.dataDir, 'files')) });
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'go') go();
  else if (message.type === 'stop') {
    void (async () => {
      await host?.stop();
      send({ type: 'done', maxRssBytes: maxRssBytes(), startRssBytes });
      process.disconnect();
    })();
  } else {
    const run = message.job.kind === 'cold-restart' ? coldRestart(message.job) : takeOver(message.job);
    run.catch((error: unknown) => send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
  }
});
send({ type: 'loaded', rssBytes: startRssBytes });
