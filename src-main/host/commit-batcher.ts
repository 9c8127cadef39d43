// Groups every write made within one event-loop turn into one SQLite
// transaction (one fsync), then runs each write's follow-up — acknowledging
// and fanning out — only after the commit succeeded, all in the same turn.
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
    batch.forEach((item, i) => {
      try {
        item.done(results[i]!);
      } catch (error) {
        (this.options.log ?? console.error)(`follow-up of a write failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      }
    });
    this.options.onFlushed?.();
  }
}
