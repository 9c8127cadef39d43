// Messages between bench/transfer/run.ts and its worker processes (worker.ts).
import type { FileInfo } from '../../src-shared/protocol/frames.js';
import type { SessionPin } from '../../src-main/trust/pinned-tls.js';
import type { ResidentByMapping } from '../process-memory.js';

export type WorkerJob =
  /** The baseline receiver: a bare GET (https pinned to `pin` when given), hashed, to a file. */
  | { kind: 'plain-download'; url: string; out: string; pin?: SessionPin }
  /** `tls`: the host serves TLS with its session identity (reported in 'ready'); else a --plain host. */
  | { kind: 'host'; dataDir: string; tls: boolean }
  | { kind: 'upload'; wsUrl: string; baseUrl: string; path: string; pin?: SessionPin }
  | { kind: 'download'; baseUrl: string; token: string; file: FileInfo; dir: string; pin?: SessionPin }
  /** Direct transfer, sender side: an OfferServer (TLS with a device identity made in `identityDir`) on 127.0.0.1 serving `path`. */
  | { kind: 'offer-sender'; path: string; size: number; sha256: string; identityDir: string }
  /** Direct transfer, receiver side: downloadFile from the offer URL (with its ticket), pinned to the sender's device. */
  | { kind: 'direct-download'; url: string; file: FileInfo; dir: string; pin: SessionPin };

/**
 * The worker's memory at the highest RSS its sampler saw (every 20 ms), to
 * tell where a peak went: V8's young generation (empty space the GC grew under
 * a high allocation rate), the rest of the V8 heap, Buffers (arrayBuffers),
 * or native memory outside both. Bytes.
 */
export interface MemoryAtPeak {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  /** Resident pages of V8's new space (young generation). */
  youngGeneration: number;
  external: number;
  arrayBuffers: number;
}

/** Memory at one moment, with resident bytes by kind of mapping (bench/process-memory.ts). */
export interface MemorySnapshot {
  memory: MemoryAtPeak;
  maps: ResidentByMapping | null;
}

export type WorkerReport =
  /** The host is listening. */
  | { type: 'ready'; port: number; pin: SessionPin | null }
  /** The offer sender is serving: its URL, ticket included, and the identity it presents. */
  | { type: 'offer'; url: string; pin: SessionPin }
  | { type: 'done'; ms: number; bytes: number; sha256: string; maxRssBytes: number; startRssBytes: number; token?: string; file?: FileInfo; peak?: MemoryAtPeak; atStart?: MemorySnapshot; atEnd?: MemorySnapshot }
  /** The relay is not implemented by this host (yet). */
  | { type: 'unavailable'; reason: string }
  | { type: 'failed'; error: string; maxRssBytes: number };

export type ParentMessage = { type: 'job'; job: WorkerJob } | { type: 'stop' };
