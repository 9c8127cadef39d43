// Groups every write made within one event-loop turn into one SQLite
// transaction (one fsync), then runs each write's follow-up — acknowledging
// and fanning out — only after the commit succeeded, all in the same turn.
// A write that throws is rolled back alone (savepoint); a failed commit fails
// the whole batch.
import type Database from 'libsql';

export type WriteResult<T> = { ok: true; value: T } | { ok: false; error: unknown };

interface Pending {
  write: () => unknown;
  done: (result: WriteResult<unknown>) => void;
}

export interface CommitBatcherHooks {
  /** A batch is about to start (snapshot in-memory counters here). */
  onBatchStart?: () => void;
  /** A batch failed to commit: undo in-memory state the writes assumed (e.g. seq counters). */
  onBatchFailed?: () => void;
  /** After every batch and its follow-ups: send what the follow-ups queued. */
  onFlushed?: () => void;
}

export class CommitBatcher {
  private queue: Pending[] = [];
  private scheduled = false;

  constructor(
    private readonly db: Database.Database,
    private readonly hooks: CommitBatcherHooks = {},
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
    let results: WriteResult<unknown>[] = [];
    this.hooks.onBatchStart?.();
    try {
      this.db.exec('BEGIN IMMEDIATE');
      for (const item of batch) {
        this.db.exec('SAVEPOINT w');
        try {
          results.push({ ok: true, value: item.write() });
          this.db.exec('RELEASE w');
        } catch (error) {
          this.db.exec('ROLLBACK TO w');
          this.db.exec('RELEASE w');
          results.push({ ok: false, error });
        }
      }
      this.db.exec('COMMIT');
    } catch (error) {
      try {
        this.db.exec('ROLLBACK');
      } catch {
        // SQLite already rolled the transaction back
      }
      this.hooks.onBatchFailed?.();
      results = batch.map(() => ({ ok: false, error }));
    }
    batch.forEach((item, i) => {
      try {
        item.done(results[i]!);
      } catch (error) {
        console.error('parley host: follow-up of a write failed', error);
      }
    });
    this.hooks.onFlushed?.();
  }
}
