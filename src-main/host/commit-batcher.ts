// Groups every write made within one event-loop turn into one SQLite
// transaction (one fsync), then runs each write's follow-up — acknowledging
// and fanning out — only after the commit succeeded and, where the store can
// tell (`whenDurable`), reached the disk. The fsync runs off the main thread
// (database/wal-sync.ts), so the next turn's batch can already be written
// while this one is being synced; follow-ups run batch after batch, in order.
// A write that throws is rolled back alone (savepoint), and so are the
// sequence numbers it took; a failed commit fails the whole batch: no
// follow-up acknowledges anything, and the counter is back where it was.
import type { SeqCounter } from './seq-counter.js';

export type WriteResult<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** The transaction steps the batcher needs; SessionDatabase provides them (and keeps its connection to itself). */
export interface BatchTransactions {
  beginBatch(): void;
  commitBatch(): void;
  rollbackBatch(): void;
  /** Runs `write` inside a savepoint, rolled back (and rethrown) if it throws. */
  inSavepoint<T>(write: () => T): T;
  /** Calls back once what was committed so far is on disk (or could not be). Without it a commit is durable when it returns. */
  whenDurable?(callback: (error: Error | null) => void): void;
  /** Waits for that, on this thread, and runs the callbacks (shutdown). */
  syncNow?(): void;
}

interface Pending {
  write: () => unknown;
  done: (result: WriteResult<unknown>) => void;
}

export interface CommitBatcherOptions {
  /** The sequence the writes take numbers from, rolled back with them. */
  seq?: SeqCounter;
  /** After every batch and its follow-ups: send what the follow-ups queued. */
  onFlushed?: () => void;
  /** Where a follow-up that throws is reported (it never stops the others). */
  log?: (line: string) => void;
}

export class CommitBatcher {
  private queue: Pending[] = [];
  private scheduled = false;

  constructor(
    private readonly store: BatchTransactions,
    private readonly options: CommitBatcherOptions = {},
  ) {}

  /** Queues a write; `done` runs after the transaction holding it committed (or failed). */
  run<T>(write: () => T, done: (result: WriteResult<T>) => void): void {
    this.queue.push({ write, done: done as (result: WriteResult<unknown>) => void });
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** The same as a promise, for async code paths. */
  runAsync<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) =>
      this.run(write, (result) => (result.ok ? resolve(result.value) : reject(result.error))),
    );
  }

  /** Commits everything queued now. Synchronous; also called at shutdown. */
  flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const seq = this.options.seq;
    const batchMark = seq?.last ?? 0;
    let results: WriteResult<unknown>[] = [];
    try {
      this.store.beginBatch();
      for (const item of batch) {
        const writeMark = seq?.last ?? 0;
        try {
          results.push({ ok: true, value: this.store.inSavepoint(item.write) });
        } catch (error) {
          seq?.rollBackTo(writeMark);
          results.push({ ok: false, error });
        }
      }
      this.store.commitBatch();
    } catch (error) {
      try {
        this.store.rollbackBatch();
      } catch {
        // SQLite already rolled the transaction back
      }
      seq?.rollBackTo(batchMark);
      results = batch.map(() => ({ ok: false, error }));
    }
    const followUps = (syncError: Error | null) => {
      if (syncError) {
        (this.options.log ?? console.error)(`the disk did not confirm a write (${syncError.message}); nothing in that batch is acknowledged`);
        results = results.map((result) => (result.ok ? { ok: false, error: new DiskSyncError(syncError) } : result));
      }
      batch.forEach((item, i) => {
        try {
          item.done(results[i]!);
        } catch (error) {
          (this.options.log ?? console.error)(`follow-up of a write failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
        }
      });
      this.options.onFlushed?.();
    };
    if (this.store.whenDurable) this.store.whenDurable(followUps);
    else followUps(null);
  }

  /** Commits what is queued and waits, on this thread, until every batch is on disk and followed up (shutdown). */
  drain(): void {
    this.flush();
    this.store.syncNow?.();
  }
}

/** A batch was committed but the disk reported an error when asked to keep it: it is not acknowledged. */
export class DiskSyncError extends Error {
  constructor(cause: Error) {
    super('The host could not save this to its disk. Try again; if it keeps failing, the host’s disk may be full or failing.', { cause });
    this.name = 'DiskSyncError';
  }
}
