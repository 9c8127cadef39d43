// The load generator: N WebSocket clients in one process (a child of the
// bench, so they never share an event loop with the server under test),
// controlled over the IPC channel. Every client (with `--probes`, every probe;
// the other clients are sinks, tapped-socket.ts) records the latency of every
// message it receives; all clients share this process's clock, so
// latency = receive time − send time, both from performance.now() here.
//
// Message bodies carry what is needed to measure: `b|phase|sender|n|sentAt`
// (host: the message text; bare: the same fields as JSON).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import { pinnedTlsOptions } from '../../src-main/trust/pinned-tls.js';
import { LatencyHistogram, loopDelayP99 } from './histogram.js';
import { tappedConnection, type Tap } from './tapped-socket.js';
import { protocolOf, type BenchPin, type ChildToParent, type ConnectResult, type ParentToChild, type PhaseResult, type PhaseSpec, type ServerKind } from './ipc.js';

interface BenchClient {
  index: number;
  ws: WebSocket;
  /** With `--probes`: the raw connection, turned into a sink unless this client is a probe. */
  tap: Tap | null;
  /** Resolves the pending sign-in, if any. */
  onSignIn: ((frame: { data?: unknown; code?: string; message?: string }) => void) | null;
  /** Saturation: messages this client sent that have not reached every receiving client yet (n → deliveries missing). */
  pending: Map<number, number>;
  counter: number;
}

class Phase {
  readonly hist = new LatencyHistogram();
  readonly t0 = performance.now();
  readonly windowStart: number;
  readonly windowEnd: number;
  sending = true;
  sentTotal = 0;
  sentInWindow = 0;
  deliveriesTotal = 0;
  deliveriesInWindow = 0;
  windowMessageDeliveries = 0;
  acks = 0;
  errors = 0;
  firstError: string | null = null;
  constructor(
    readonly id: number,
    readonly spec: PhaseSpec,
    readonly senders: BenchClient[],
    /** Clients that time what they receive: all, or the probes. */
    readonly receivers: number,
  ) {
    this.windowStart = this.t0 + spec.warmupMs;
    this.windowEnd = this.windowStart + spec.durationMs;
  }
}

const send = (message: ChildToParent) => process.send?.(message);

let protocol: 'host' | 'bare' = 'host';
let clients: BenchClient[] = [];
/** The clients that send and time deliveries: the probes, or (without `--probes`) every client. */
let receivers: BenchClient[] = [];
let phase: Phase | null = null;
let phaseCount = 0;
let lastFrameAt = performance.now();
let stray = { errors: 0, firstError: null as string | null };

function noteError(text: string): void {
  if (phase) {
    phase.errors++;
    phase.firstError ??= text;
  } else {
    stray.errors++;
    stray.firstError ??= text;
  }
}

// ------------------------------------------------------------------ receiving

function onDelivery(phaseId: number, sender: number, n: number, sentAt: number, now: number): void {
  const p = phase;
  if (!p || phaseId !== p.id) return;
  p.deliveriesTotal++;
  if (now >= p.windowStart && now < p.windowEnd) p.deliveriesInWindow++;
  if (sentAt >= p.windowStart && sentAt < p.windowEnd) {
    p.windowMessageDeliveries++;
    p.hist.record(now - sentAt);
  }
  if (p.spec.mode === 'saturate') {
    const owner = clients[sender];
    if (!owner) return;
    const missing = owner.pending.get(n);
    if (missing === undefined) return;
    if (missing > 1) {
      owner.pending.set(n, missing - 1);
    } else {
      owner.pending.delete(n);
      pump(owner);
    }
  }
}

const TEXT_MARKER = '"text":"b|';

/** Host frames: events frames are scanned for bench texts without a full JSON.parse (there are up to 500k a second). */
function onHostFrame(client: BenchClient, raw: string, now: number): void {
  if (raw.startsWith('{"v":1,"type":"events"')) {
    let at = raw.indexOf(TEXT_MARKER);
    while (at >= 0) {
      const a = at + TEXT_MARKER.length;
      const b = raw.indexOf('|', a);
      const c = raw.indexOf('|', b + 1);
      const d = raw.indexOf('|', c + 1);
      const e = raw.indexOf('"', d + 1);
      onDelivery(Number(raw.slice(a, b)), Number(raw.slice(b + 1, c)), Number(raw.slice(c + 1, d)), Number(raw.slice(d + 1, e)), now);
      at = raw.indexOf(TEXT_MARKER, e);
    }
    return;
  }
  if (raw.startsWith('{"v":1,"type":"reply","re":"m')) {
    if (phase) phase.acks++;
    return;
  }
  if (raw.startsWith('{"v":1,"type":"welcome"') || raw.startsWith('{"v":1,"type":"presence"')) return;
  const frame = JSON.parse(raw) as { type: string; re?: string; data?: unknown; code?: string; message?: string };
  if (frame.re === 'signin' && client.onSignIn) {
    client.onSignIn(frame);
    return;
  }
  if (frame.type === 'error') noteError(`${frame.code}: ${frame.message}`);
}

function onBareFrame(raw: string, now: number): void {
  const m = JSON.parse(raw) as { id: string; p: number; s: number; n: number; t: number };
  onDelivery(m.p, m.s, m.n, m.t, now);
}

// ------------------------------------------------------------------ sending

function sendFrom(client: BenchClient, p: Phase): void {
  const n = ++client.counter;
  const now = performance.now();
  const sentAt = now.toFixed(3);
  if (protocol === 'host') {
    client.ws.send(
      `{"v":1,"type":"send","id":"m${n}","conv":"ch:1","clientMsgId":"p${p.id}-${n}","text":"b|${p.id}|${client.index}|${n}|${sentAt}"}`,
    );
  } else {
    client.ws.send(`{"id":"${client.index}:${n}","p":${p.id},"s":${client.index},"n":${n},"t":${sentAt}}`);
  }
  p.sentTotal++;
  if (now >= p.windowStart && now < p.windowEnd) p.sentInWindow++;
  if (p.spec.mode === 'saturate') client.pending.set(n, p.receivers);
}

/** Saturation: tops this sender up to `window` messages not yet delivered everywhere. */
function pump(client: BenchClient): void {
  const p = phase;
  if (!p || !p.sending) return;
  while (client.pending.size < p.spec.window) {
    if (performance.now() >= p.windowEnd) {
      p.sending = false;
      return;
    }
    sendFrom(client, p);
  }
}

/** Fixed load: every tick, sends what is due so far (rate × elapsed), taking turns among the senders. */
function paceFixed(p: Phase): void {
  let turn = 0;
  const tick = () => {
    if (phase !== p || !p.sending) return;
    const now = performance.now();
    if (now >= p.windowEnd) {
      p.sending = false;
      return;
    }
    const due = Math.floor(((now - p.t0) * p.spec.rate) / 1000) - p.sentTotal;
    for (let i = 0; i < due; i++) sendFrom(p.senders[turn++ % p.senders.length]!, p);
    setTimeout(tick, 1);
  };
  tick();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until no frame arrived for `quietMs` (or `capMs` passed); true if it went quiet. */
async function quiet(quietMs: number, capMs: number): Promise<boolean> {
  const start = performance.now();
  while (performance.now() - start < capMs) {
    if (performance.now() - lastFrameAt >= quietMs) return true;
    await sleep(Math.min(50, quietMs / 2));
  }
  return false;
}

async function runPhase(spec: PhaseSpec): Promise<PhaseResult> {
  if (clients.length === 0) throw new Error('no clients connected');
  for (const c of clients) c.pending.clear();
  // With probes, the probes send (their acks count for the durability check); otherwise the first clients do.
  const senders = receivers.length < clients.length ? receivers : clients.slice(0, Math.min(spec.senders, clients.length));
  const p = new Phase(++phaseCount, spec, senders, receivers.length);
  const bytesAtStart = clients.map((c) => c.tap?.bytesIn ?? 0);
  phase = p;
  let cpuAtStart = process.cpuUsage();
  let wallAtStart = p.windowStart;
  let clientCpuPercent = NaN;
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  setTimeout(() => {
    cpuAtStart = process.cpuUsage();
    wallAtStart = performance.now();
    loopDelay.enable();
  }, spec.warmupMs);
  const windowDone = new Promise<void>((resolve) =>
    setTimeout(() => {
      const used = process.cpuUsage(cpuAtStart);
      clientCpuPercent = ((used.user + used.system) / 1000 / (performance.now() - wallAtStart)) * 100;
      loopDelay.disable();
      resolve();
    }, spec.warmupMs + spec.durationMs),
  );

  if (spec.mode === 'fixed') paceFixed(p);
  else for (const s of senders) pump(s);

  await windowDone;
  p.sending = false;
  const drainUntil = performance.now() + spec.drainMs;
  while (performance.now() < drainUntil && p.deliveriesTotal < p.sentTotal * p.receivers) await sleep(10);
  const drained = p.deliveriesTotal >= p.sentTotal * p.receivers;
  const result: PhaseResult = {
    sentInWindow: p.sentInWindow,
    sentTotal: p.sentTotal,
    deliveriesInWindow: p.deliveriesInWindow,
    windowMs: spec.durationMs,
    windowMessageDeliveries: p.windowMessageDeliveries,
    expectedWindowDeliveries: p.sentInWindow * p.receivers,
    receivers: p.receivers,
    acks: p.acks,
    errors: p.errors,
    firstError: p.firstError,
    latency: p.hist.summary(),
    clientCpuPercent,
    clientLoopDelayP99: loopDelayP99(loopDelay),
    drained,
  };
  // Let stragglers (and host replies) settle so the next phase starts clean.
  await quiet(250, drained ? 5_000 : 30_000);
  phase = null;
  if (receivers.length < clients.length) result.sinkBytesRatio = sinkBytesRatio(bytesAtStart);
  return result;
}

/**
 * The least a sink received during the phase, as a share of what a probe
 * received on average: ~1 when the host served sinks like everyone else (a
 * little under, since probes also get their own sends' acknowledgements).
 */
function sinkBytesRatio(bytesAtStart: number[]): number {
  const received = clients.map((c, i) => (c.tap?.bytesIn ?? 0) - bytesAtStart[i]!);
  const probeMean = receivers.reduce((sum, c) => sum + received[c.index]!, 0) / receivers.length;
  const sinkMin = Math.min(...clients.filter((c) => !receivers.includes(c)).map((c) => received[c.index]!));
  return probeMean > 0 ? sinkMin / probeMean : NaN;
}

/** `count` indices spread evenly over 0…n−1, the last included (the host writes to clients roughly in sign-in order, so probes see early and late writes alike). */
function spreadIndices(n: number, count: number): number[] {
  if (count >= n) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: count }, (_, k) => Math.round(((k + 1) * n) / count) - 1);
}

// ------------------------------------------------------------------ connecting

/** Client options: no compression (as the app's clients), and over wss the pin every app client uses — the host's certificate as the only trust anchor. */
function socketOptions(pin: BenchPin | null): WebSocket.ClientOptions {
  if (!pin) return { perMessageDeflate: false };
  const tls = pinnedTlsOptions(pin);
  // ws hands these to tls.connect as they are (its typings for checkServerIdentity differ from Node's), as pinned-websocket.ts does.
  return { ...tls, perMessageDeflate: false } as unknown as WebSocket.ClientOptions;
}

/** `tap`: with `--probes`, whether this client becomes a sink (otherwise its connection only counts bytes). */
function openClient(index: number, url: string, options: WebSocket.ClientOptions, tap: 'sink' | 'probe' | null): Promise<BenchClient> {
  return new Promise((resolve, reject) => {
    const connection = tap ? tappedConnection(url.startsWith('wss:'), tap === 'sink') : null;
    const ws = new WebSocket(url, connection ? ({ ...options, createConnection: connection.createConnection } as WebSocket.ClientOptions) : options);
    const client: BenchClient = { index, ws, tap: connection?.tap() ?? null, onSignIn: null, pending: new Map(), counter: 0 };
    ws.on('message', (data: Buffer) => {
      const now = performance.now();
      lastFrameAt = now;
      const raw = data.toString();
      if (protocol === 'host') onHostFrame(client, raw, now);
      else onBareFrame(raw, now);
    });
    ws.on('error', (error) => {
      noteError(`socket ${index}: ${error.message}`);
      reject(error);
    });
    ws.on('close', (code, reason) => {
      if (code !== 1000 && code !== 1005) noteError(`socket ${index} closed ${code} ${reason.toString()}`);
    });
    ws.once('open', () => resolve(client));
  });
}

async function signIn(client: BenchClient, password: string): Promise<void> {
  const reply = await new Promise<{ data?: unknown; code?: string; message?: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sign-in of client ${client.index} timed out`)), 60_000);
    client.onSignIn = (frame) => {
      clearTimeout(timer);
      client.onSignIn = null;
      resolve(frame);
    };
    client.ws.send(JSON.stringify({ v: 1, type: 'signin', id: 'signin', name: `bench${client.index}`, password }));
  });
  if (!reply.data) throw new Error(`sign-in of client ${client.index} failed: ${reply.code} ${reply.message}`);
}

async function connect(
  server: ServerKind,
  url: string,
  pin: BenchPin | null,
  count: number,
  concurrency: number,
  password: string,
  probeCount: number | null,
): Promise<ConnectResult> {
  const start = performance.now();
  protocol = protocolOf(server);
  const options = socketOptions(pin);
  stray = { errors: 0, firstError: null };
  const made: BenchClient[] = new Array(count);
  const probeIndices = new Set(spreadIndices(count, probeCount ?? count));
  const tapped = probeCount !== null && probeCount < count;
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const client = await openClient(index, url, options, tapped ? (probeIndices.has(index) ? 'probe' : 'sink') : null);
      if (protocol === 'host') await signIn(client, password);
      made[index] = client;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  clients = made;
  // Let the sign-in storm (presence and join events) settle.
  await quiet(300, 30_000);
  if (stray.errors > 0) throw new Error(`errors while connecting: ${stray.errors}, first: ${stray.firstError}`);
  receivers = clients.filter((c) => probeIndices.has(c.index));
  for (const c of clients) if (!probeIndices.has(c.index)) c.tap?.sink();
  return { connected: clients.length, ms: performance.now() - start };
}

async function disconnect(): Promise<void> {
  const closing = clients.map(
    (c) =>
      new Promise<void>((resolve) => {
        if (c.ws.readyState === WebSocket.CLOSED) return resolve();
        c.ws.once('close', () => resolve());
        c.ws.close(1000);
      }),
  );
  await Promise.race([Promise.all(closing), sleep(5_000)]);
  for (const c of clients) if (c.ws.readyState !== WebSocket.CLOSED) c.ws.terminate();
  clients = [];
  receivers = [];
}

// ------------------------------------------------------------------ control

process.on('message', (raw) => {
  const message = raw as ParentToChild;
  const work: Promise<unknown> =
    message.type === 'connect'
      ? connect(message.server, message.url, message.pin, message.clients, message.concurrency, message.password, message.probes)
      : message.type === 'phase'
        ? runPhase(message.spec)
        : disconnect();
  work.then(
    (value) => send({ type: 'result', reqId: message.reqId, ok: true, value: value ?? null }),
    (error: unknown) => send({ type: 'result', reqId: message.reqId, ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});

// The bench owns this process: when it goes away, so do we.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
