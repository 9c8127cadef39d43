import type { ResidentByMapping } from '../process-memory.js';

// Messages between the bench (run.ts) and its two kinds of child process: the
// server under test (server.ts) and the client process (clients.ts). Both
// answer numbered requests with a `result`.

/** Which server a server process runs. */
export type ServerRole = 'host' | 'bare';

/**
 * What each client connection does once its socket is open:
 * - signed-in: waits for `welcome`, sends `resume` with a token and waits for the snapshot (host);
 * - open-only: waits for `welcome` and sends nothing (host, not signed in);
 * - one-frame: sends one small text frame (bare server).
 */
export type ConnectionMode = 'signed-in' | 'open-only' | 'one-frame';

/** process.memoryUsage(), in bytes. */
export interface MemoryFigures {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

export interface MemorySample extends MemoryFigures {
  /** Sockets the bare server holds (null for the host: the bench uses only its public API). */
  connections: number | null;
  /** Frames the bare server received (null for the host). */
  frames: number | null;
  /** V8 heap spaces (v8.getHeapSpaceStatistics): bytes committed and resident per space, for seeing where RSS went. */
  spaces: Record<string, { size: number; physical: number; used: number }>;
  /** Resident bytes by kind of mapping (/proc/self/smaps; null where there is none). */
  mappings: ResidentByMapping | null;
  /** How long the server waited for its memory to settle, and whether it did (RSS flat for `stableMs`) before `maxMs`. */
  waitedMs: number;
  settled: boolean;
}

/**
 * When to read memory: V8 keeps a grown young generation and pooled pages for
 * several seconds after activity, then its memory reducer gives them back. So
 * readings (each after a full GC) are taken every `intervalMs` for at least
 * `minMs`, until RSS has stayed within `toleranceBytes` for `stableMs`, or
 * `maxMs` passed.
 */
export interface SettleSpec {
  minMs: number;
  maxMs: number;
  stableMs: number;
  intervalMs: number;
  toleranceBytes: number;
}

export type ServerRequest = { type: 'measure'; reqId: number; settle: SettleSpec } | { type: 'stop'; reqId: number };

export interface SignInResult {
  /** One resume token per user signed in. */
  tokens: string[];
  /** The highest `lastSeq` the snapshots carried (sent as `after` on resume, so nothing is replayed). */
  lastSeq: number;
  ms: number;
}

export interface OpenResult {
  opened: number;
  ms: number;
  failures: number;
  firstError: string | null;
}

export interface CheckResult {
  /** Connections whose socket is still open. */
  open: number;
  /** Connections closed by the server since they were opened, and the first close code/reason. */
  closed: number;
  firstClose: string | null;
}

export type ClientRequest =
  /** Signs `users` distinct users in (scrypt on the host: `concurrency` at a time), collects their tokens, then closes those sockets. */
  | { type: 'sign-in-users'; reqId: number; url: string; users: number; concurrency: number; password: string }
  /** Opens `count` connections that then stay idle (tokens are used round-robin for `signed-in`). */
  | { type: 'open'; reqId: number; url: string; mode: ConnectionMode; count: number; concurrency: number; tokens: string[]; after: number }
  | { type: 'check'; reqId: number }
  /** Closes every connection opened by `open` and waits until they are closed. */
  | { type: 'close-all'; reqId: number };

export type ChildReply =
  | { type: 'ready'; port?: number }
  | { type: 'result'; reqId: number; ok: true; value: unknown }
  | { type: 'result'; reqId: number; ok: false; error: string };

/** A request before the bench numbers it. */
export type Unnumbered<M> = M extends { reqId: number } ? Omit<M, 'reqId'> : never;
