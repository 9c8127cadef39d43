// Messages between bench/handover/run.ts and the process that becomes the new
// host (worker.ts): the successor of a take-over, or the host of a cold
// restart. It runs in its own process so its peak RSS is its own and it does
// not share an event loop with the old host and the clients.
import type { SessionPin } from '../../src-main/trust/pinned-tls.js';

export type WorkerJob =
  /** Cold restart (the baseline): copy `from` (a stopped host's data folder) to `to` with fs.cp, then host it. */
  | { kind: 'cold-restart'; from: string; to: string }
  /** Take-over: sign in to the old host as `name` (an admin), pinned to `pin`; on 'go', takeOverSession into `dataDir`. */
  | { kind: 'take-over'; origin: string; wsUrl: string; pin: SessionPin; name: string; password: string; dataDir: string };

export type ParentMessage = { type: 'job'; job: WorkerJob } | { type: 'go' } | { type: 'stop' };

/** ms, measured in the worker with performance.now(). */
export interface TakeOverBreakdown {
  /** handover.start until its reply: the old host freezes writes and snapshots (VACUUM INTO / backup, SHA-256). */
  snapshotMs: number;
  /** Reply until the successor's ChatHost starts: database and identity fetched, SHA-256 and integrity_check, renamed into place. */
  fetchCheckMs: number;
  /** ChatHost.start() of the successor (opens the database, TLS listener). */
  hostStartMs: number;
  /** handover.ready until its reply: the old host has told every client to move. */
  readyMs: number;
  /** The whole takeOverSession call. */
  totalMs: number;
}

export type WorkerReport =
  | { type: 'loaded'; rssBytes: number }
  | { type: 'signed-in' }
  /** The new host is up (cold restart: copied and started; take-over: clients have been sent over). */
  | { type: 'hosting'; port: number; copyMs?: number; hostStartMs?: number; takeOver?: TakeOverBreakdown }
  | { type: 'files'; ms: number; moved: number; givenUp: number; bytes: number }
  /** RSS: the highest a 20 ms sampler saw over the process's life, and right after loading its modules (tsx included). */
  | { type: 'done'; maxRssBytes: number; startRssBytes: number }
  | { type: 'error'; message: string };
