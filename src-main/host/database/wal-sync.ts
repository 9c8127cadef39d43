// Makes committed batches durable without stopping the event loop.
//
// With `synchronous = FULL` SQLite fsyncs the write-ahead log inside every
// COMMIT, and the call blocks the host's one thread for as long as the disk
// takes (~3 ms here, more on a laptop's disk): no frame is read, no socket
// written meanwhile. The batch path therefore commits with `NORMAL` — in WAL
// mode the only difference from FULL is that fsync of the WAL file at commit
// (SQLite still syncs before and after every checkpoint) — and this class
// makes that same fsync on libuv's thread pool. Whoever acknowledges a write
// waits for `whenSynced`, so an acknowledgement still means "survives a power
// cut", exactly as before; only the waiting moved off the main thread.
//
// Linux, macOS and Windows flush a file's data whichever descriptor wrote it,
// so our own descriptor for the -wal file covers SQLite's writes. One fsync
// runs at a time; batches committed while it runs wait for the next one, and
// the callbacks run in the order they were asked for (fan-out stays in seq
// order). If the disk reports an error the callbacks get it: nothing is
// acknowledged as durable that might not be.
import fs from 'node:fs';

type SyncCallback = (error: Error | null) => void;

export class WalSync {
  private fd: number | null = null;
  private running: SyncCallback[] | null = null;
  private next: SyncCallback[] = [];

  constructor(private readonly walPath: string) {}

  /** Runs `callback` once everything committed before this call is on disk. */
  whenSynced(callback: SyncCallback): void {
    this.next.push(callback);
    if (!this.running) this.start();
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
    fs.fsync(fd, (error) => this.finish(batch, error));
  }

  private finish(batch: SyncCallback[], error: Error | null): void {
    // syncNow() may have taken this batch over while the fsync ran.
    if (this.running !== batch) return;
    this.running = null;
    for (const callback of batch) callback(error);
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
