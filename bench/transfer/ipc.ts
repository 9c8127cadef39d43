// Messages between bench/transfer/run.ts and its worker processes (worker.ts).
import type { FileInfo } from '../../src-shared/protocol/frames.js';

export type WorkerJob =
  | { kind: 'plain-download'; url: string; out: string }
  | { kind: 'host'; dataDir: string }
  | { kind: 'upload'; wsUrl: string; baseUrl: string; path: string }
  | { kind: 'download'; baseUrl: string; token: string; file: FileInfo; dir: string }
  /** Direct transfer, sender side: an OfferServer on 127.0.0.1 serving `path`. */
  | { kind: 'offer-sender'; path: string; size: number; sha256: string }
  /** Direct transfer, receiver side: downloadFile from the offer URL (with its ticket). */
  | { kind: 'direct-download'; url: string; file: FileInfo; dir: string };

export type WorkerReport =
  /** The host is listening. */
  | { type: 'ready'; port: number }
  /** The offer sender is serving: its URL, ticket included. */
  | { type: 'offer'; url: string }
  | { type: 'done'; ms: number; bytes: number; sha256: string; maxRssBytes: number; startRssBytes: number; token?: string; file?: FileInfo }
  /** The relay is not implemented by this host (yet). */
  | { type: 'unavailable'; reason: string }
  | { type: 'failed'; error: string; maxRssBytes: number };

export type ParentMessage = { type: 'job'; job: WorkerJob } | { type: 'stop' };
