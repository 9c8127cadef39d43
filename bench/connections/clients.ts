// The client process: opens many WebSocket connections (a child of the
// bench, so none of its memory counts against the server) and keeps them
// idle, controlled over the IPC channel. It speaks the wire protocol directly
// (src-shared/protocol/PROTOCOL.md): `welcome`, then `signin` or `resume`.
import WebSocket from 'ws';
import type { CheckResult, ChildReply, ClientRequest, ConnectionMode, OpenResult, SignInResult } from './ipc.js';

const send = (message: ChildReply) => process.send?.(message);
const CONNECT_TIMEOUT_MS = 30_000;
/** Sign-ins check a password with scrypt on the host: allow for a busy machine. */
const SIGNIN_TIMEOUT_MS = 60_000;

interface Idle {
  ws: WebSocket;
  closedByServer: boolean;
}

let idle: Idle[] = [];
let closedByServer = 0;
let firstClose: string | null = null;

/** Runs `task(i)` for i in 0..count-1, `concurrency` at a time. */
async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

interface Frame {
  type: string;
  re?: string;
  code?: string;
  message?: string;
  data?: { token?: string; lastSeq?: number };
}

/**
 * Opens one socket and runs the start of the protocol for `mode`. Resolves
 * with the socket and, for a sign-in or resume, the snapshot's reply.
 */
function connect(url: string, mode: ConnectionMode | 'signin', request: string | null, timeoutMs: number): Promise<{ ws: WebSocket; reply: Frame | null }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ws.terminate();
      reject(error);
    };
    const done = (reply: Frame | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ws, reply });
    };
    const timer = setTimeout(() => fail(new Error(`no answer within ${timeoutMs} ms (${mode})`)), timeoutMs);
    ws.on('error', (error) => fail(error));
    ws.on('close', (code, reason) => fail(new Error(`closed ${code} ${reason.toString()}`)));
    ws.on('open', () => {
      if (mode === 'one-frame') {
        ws.send('{"hello":1}');
        done(null);
      }
    });
    if (mode === 'one-frame') return;
    let welcomed = false;
    ws.on('message', (data) => {
      const raw = data.toString();
      if (!welcomed) {
        if (!raw.startsWith('{"v":1,"type":"welcome"')) return fail(new Error(`expected welcome, got ${raw.slice(0, 120)}`));
        welcomed = true;
        if (mode === 'open-only' || request === null) return done(null);
        ws.send(request);
        return;
      }
      // Presence and events frames arrive all the time; only the answer to our request matters here.
      if (!raw.includes('"re":"a"')) return;
      const frame = JSON.parse(raw) as Frame;
      if (frame.re !== 'a') return;
      if (frame.type === 'reply') done(frame);
      else fail(new Error(`${frame.code ?? frame.type}: ${frame.message ?? raw.slice(0, 120)}`));
    });
  });
}

/** After the handshake, a connection only counts server-initiated closes (and drops whatever arrives). */
function keep(ws: WebSocket): Idle {
  const entry: Idle = { ws, closedByServer: false };
  ws.removeAllListeners('message');
  ws.removeAllListeners('close');
  ws.removeAllListeners('error');
  ws.on('error', () => {});
  ws.on('close', (code, reason) => {
    if (!entry.closedByServer && idle.includes(entry)) {
      entry.closedByServer = true;
      closedByServer++;
      firstClose ??= `${code} ${reason.toString()}`;
    }
  });
  return entry;
}

function closeAll(sockets: WebSocket[]): Promise<void> {
  return Promise.all(
    sockets.map(
      (ws) =>
        new Promise<void>((resolve) => {
          if (ws.readyState === WebSocket.CLOSED) return resolve();
          const timer = setTimeout(() => {
            ws.terminate();
            resolve();
          }, 5000);
          ws.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
          ws.close();
        }),
    ),
  ).then(() => undefined);
}

async function signInUsers(url: string, users: number, concurrency: number, password: string): Promise<SignInResult> {
  const start = performance.now();
  const tokens: string[] = [];
  let lastSeq = 0;
  const sockets: WebSocket[] = [];
  await pool(users, concurrency, async (i) => {
    const name = `bench-user-${String(i + 1).padStart(4, '0')}`;
    const request = JSON.stringify({ v: 1, type: 'signin', id: 'a', name, password, mode: 'auto' });
    const { ws, reply } = await connect(url, 'signin', request, SIGNIN_TIMEOUT_MS);
    keep(ws);
    sockets.push(ws);
    const token = reply?.data?.token;
    if (typeof token !== 'string') throw new Error(`sign-in of ${name}: the snapshot has no token`);
    tokens.push(token);
    lastSeq = Math.max(lastSeq, reply?.data?.lastSeq ?? 0);
  });
  await closeAll(sockets);
  return { tokens, lastSeq, ms: performance.now() - start };
}

async function open(url: string, mode: ConnectionMode, count: number, concurrency: number, tokens: string[], after: number): Promise<OpenResult> {
  if (mode === 'signed-in' && tokens.length === 0) throw new Error('signed-in connections need tokens (sign users in first)');
  const start = performance.now();
  let failures = 0;
  let firstError: string | null = null;
  await pool(count, concurrency, async (i) => {
    const request = mode === 'signed-in' ? JSON.stringify({ v: 1, type: 'resume', id: 'a', token: tokens[i % tokens.length], after }) : null;
    try {
      const { ws } = await connect(url, mode, request, mode === 'signed-in' ? SIGNIN_TIMEOUT_MS : CONNECT_TIMEOUT_MS);
      idle.push(keep(ws));
    } catch (error) {
      failures++;
      firstError ??= error instanceof Error ? error.message : String(error);
    }
  });
  return { opened: count - failures, ms: performance.now() - start, failures, firstError };
}

function check(): CheckResult {
  return { open: idle.filter((c) => c.ws.readyState === WebSocket.OPEN).length, closed: closedByServer, firstClose };
}

async function closeIdle(): Promise<void> {
  const sockets = idle.map((c) => c.ws);
  idle = [];
  closedByServer = 0;
  firstClose = null;
  await closeAll(sockets);
}

process.on('message', (raw) => {
  const request = raw as ClientRequest;
  const work = (): Promise<unknown> => {
    switch (request.type) {
      case 'sign-in-users':
        return signInUsers(request.url, request.users, request.concurrency, request.password);
      case 'open':
        return open(request.url, request.mode, request.count, request.concurrency, request.tokens, request.after);
      case 'check':
        return Promise.resolve(check());
      case 'close-all':
        return closeIdle();
    }
  };
  work().then(
    (value) => send({ type: 'result', reqId: request.reqId, ok: true, value }),
    (error: unknown) => send({ type: 'result', reqId: request.reqId, ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
