// Makes committed batches durable without stopping the event loop for a slow
// disk.
//
// With `synchronous = FULL` SQLite fsyncs the write-ahead log inside every
// COMMIT, and the call blocks the host's one thread for as long as the disk
// takes (2–3 ms on this VM's disk on a bad day, more on a laptop's): no frame
// is read, no socket written meanwhile. The batch path therefore commits with
// `NORMAL` — in WAL mode the only difference from FULL is that fsync of the
// WAL file at commit (SQLite still syncs before and after every checkpoint) —
// and this class makes that same fsync. Whoever acknowledges a write waits
// for `whenSynced`, so an acknowledgement still means "survives a power cut",
// exactly as with FULL.
//
// Where the fsync runs depends on how long the disk takes, measured:
// - A fast disk (fsyncs on this thread have averaged at most
//   FSYNC_INLINE_MAX_MS): right here, on the main thread. Handing it to
//   libuv's thread pool costs more than that on a busy host — the answer
//   waits until the event loop comes round to it (1–2 ms at 1,000 msg/s to
//   100 clients), which measured as +1.2 ms p50 and −10–15% saturation
//   throughput against fsyncing inline, on a disk whose fsync took 0.3 ms.
// - A slow disk: on the thread pool, so the loop keeps reading frames and
//   writing sockets meanwhile. Every FSYNC_PROBE_EVERY_MS one fsync runs
//   here again to measure the disk, so the host returns to inline when it
//   recovers; those are the only times a slow disk blocks the loop (a few ms
//   every 200 ms).
//
// Linux, macOS and Windows flush a file's data whichever descriptor wrote it,
// so our own descriptor for the -wal file covers SQLite's writes. One fsync
// runs at a time; batches committed while it runs wait for the next one, and
// the callbacks run in the order they were asked for (fan-out stays in seq
// order). If the disk reports an error the callbacks get it: nothing is
// acknowledged as durable that might not be.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';

type SyncCallback = (error: Error | null) => void;

/** While inline fsyncs take at most this long on average, they stay inline (see above). */
export const FSYNC_INLINE_MAX_MS = 1.5;
/**
 * Weights of the newest inline fsync in that average, when it was slower and
 * when it was faster than the average so far. The disk has moments (3–5 ms
 * now and then among 0.3 ms fsyncs here, 3–7 ms while 100 people sign in at
 * once): one of them must not move the host to the thread pool, a disk that
 * stays slow does within ten or so commits, and two fast probes bring it back.
 */
const FSYNC_WEIGHT_SLOWER = 0.1;
const FSYNC_WEIGHT_FASTER = 0.5;
/** On a slow disk, how often one fsync runs inline to measure the disk again. */
export const FSYNC_PROBE_EVERY_MS = 200;

export interface WalSyncOptions {
  /** Default FSYNC_INLINE_MAX_MS; 0: always on the thread pool. */
  inlineMaxMs?: number;
  /** The clock (tests). */
  now?: () => number;
}

export class WalSync {
  private fd: number | null = null;
  private running: SyncCallback[] | null = null;
  private next: SyncCallback[] = [];
  private readonly inlineMaxMs: number;
  private readonly now: () => number;
  /** Inline fsyncs' moving average and when the last one ran; the first sync runs inline to measure. */
  private averageInlineMs = 0;
  private lastInlineAt = -Infinity;
  /** finish() is running a batch's callbacks. */
  private callingBack = false;

  constructor(
    private readonly walPath: string,
    options: WalSyncOptions = {},
  ) {
    this.inlineMaxMs = options.inlineMaxMs ?? FSYNC_INLINE_MAX_MS;
    this.now = options.now ?? (() => performance.now());
  }

  /** Whether the next fsync runs on this thread: inline fsyncs have averaged fast, or it is time to measure the disk again. */
  private get inline(): boolean {
    if (this.inlineMaxMs <= 0) return false;
    return this.averageInlineMs <= this.inlineMaxMs || this.now() - this.lastInlineAt >= FSYNC_PROBE_EVERY_MS;
  }

  /** Runs `callback` once everything committed before this call is on disk. */
  whenSynced(callback: SyncCallback): void {
    this.next.push(callback);
    if (!this.running && !this.callingBack) this.start();
  }

  /** Syncs now, on this thread, and runs every waiting callback (shutdown, before a snapshot or close). */
  syncNow(): void {
    const waiting = [...(this.running ?? []), ...this.next];
    this.running = null;
    this.next = [];
    let failure: Error | null = null;
    try {
      const fd = this.openWal();
      if (fd !== null) fs.fsyncSync(fd);
    } catch (error) {
      failure = asError(error);
    }
    for (const callback of waiting) callback(failure);
  }

  /** Syncs what is waiting and lets go of the file. */
  close(): void {
    this.syncNow();
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  private start(): void {
    const batch = this.next;
    this.next = [];
    this.running = batch;
    let fd: number | null;
    try {
      fd = this.openWal();
    } catch (error) {
      this.finish(batch, asError(error));
      return;
    }
    if (fd === null) {
      this.finish(batch, null);
      return;
    }
    if (this.inline) {
      const started = this.now();
      let failure: Error | null = null;
      try {
        fs.fsyncSync(fd);
      } catch (error) {
        failure = asError(error);
      }
      this.lastInlineAt = this.now();
      const tookMs = this.lastInlineAt - started;
      this.averageInlineMs += (tookMs - this.averageInlineMs) * (tookMs > this.averageInlineMs ? FSYNC_WEIGHT_SLOWER : FSYNC_WEIGHT_FASTER);
      this.finish(batch, failure);
      return;
    }
    fs.fsync(fd, (error) => this.finish(batch, error));
  }

  private finish(batch: SyncCallback[], error: Error | null): void {
    // syncNow() may have taken this batch over while the fsync ran.
    if (this.running !== batch) return;
    this.running = null;
    // A callback that asks for another sync waits until this batch's callbacks
    // are done, so an inline fsync cannot run its callbacks ahead of them.
    this.callingBack = true;
    try {
      for (const callback of batch) callback(error);
    } finally {
      this.callingBack = false;
    }
    if (this.next.length > 0 && !this.running) this.start();
  }

  /**
   * The WAL file's descriptor, opened once; reopened if SQLite replaced the
   * file (an unlinked file has no links left). Null when there is no WAL file
   * (nothing was written yet, so there is nothing to make durable).
   */
  private openWal(): number | null {
    if (this.fd !== null && fs.fstatSync(this.fd).nlink > 0) return this.fd;
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
    try {
      // 'r+': Windows flushes only through a handle that may write; nothing is ever written through it.
      this.fd = fs.openSync(this.walPath, 'r+');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    return this.fd;
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
