// CommitBatcher with a recording fake store: which writes share a
// transaction, what a failed write or a failed commit acknowledges (nothing),
// and that sequence numbers neither skip nor repeat across failures.
import { describe, expect, it } from 'vitest';
import { CommitBatcher, type BatchTransactions, type WriteResult } from '../../src-main/host/commit-batcher.js';
import { SeqCounter } from '../../src-main/host/seq-counter.js';

/** Records the transaction steps; `failCommit` makes the next COMMIT throw, as a full disk would. */
class FakeStore implements BatchTransactions {
  readonly steps: string[] = [];
  failCommit = false;
  /** Rows as committed, and the rows of the transaction under way. */
  committed: number[] = [];
  private pending: number[] = [];

  beginBatch(): void {
    this.steps.push('BEGIN');
    this.pending = [];
  }
  commitBatch(): void {
    if (this.failCommit) {
      this.failCommit = false;
      throw new Error('SQLITE_FULL: database or disk is full');
    }
    this.steps.push('COMMIT');
    this.committed.push(...this.pending);
  }
  rollbackBatch(): void {
    this.steps.push('ROLLBACK');
    this.pending = [];
  }
  inSavepoint<T>(write: () => T): T {
    const before = this.pending.length;
    try {
      return write();
    } catch (error) {
      this.pending.length = before;
      throw error;
    }
  }
  insert(seq: number): number {
    this.pending.push(seq);
    return seq;
  }
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('CommitBatcher', () => {
  describe('#run', () => {
    it('commits every write of one turn in one transaction, then runs the follow-ups in order', async () => {
      const store = new FakeStore();
      const seq = new SeqCounter(0);
      const order: string[] = [];
      const batcher = new CommitBatcher(store, { seq, onFlushed: () => order.push('flushed') });
      for (const name of ['a', 'b', 'c']) {
        batcher.run(
          () => store.insert(seq.next()),
          (result) => order.push(`${name}:${result.ok ? result.value : 'failed'}`),
        );
      }
      expect(store.steps).toEqual([]); // nothing before the turn ends
      await settled();
      expect(store.steps).toEqual(['BEGIN', 'COMMIT']);
      expect(order).toEqual(['a:1', 'b:2', 'c:3', 'flushed']);
      expect(store.committed).toEqual([1, 2, 3]);
    });

    it('rolls a failing write back alone and hands its sequence numbers back: the next write takes them', async () => {
      const store = new FakeStore();
      const seq = new SeqCounter(10);
      const batcher = new CommitBatcher(store, { seq });
      const results: Array<WriteResult<number>> = [];
      batcher.run(() => store.insert(seq.next()), (r) => results.push(r));
      batcher.run(() => {
        store.insert(seq.next());
        store.insert(seq.next());
        throw new Error('constraint failed');
      }, (r) => results.push(r));
      batcher.run(() => store.insert(seq.next()), (r) => results.push(r));
      await settled();
      expect(results.map((r) => (r.ok ? r.value : 'failed'))).toEqual([11, 'failed', 12]);
      expect(store.committed).toEqual([11, 12]); // no gap, no repeat
      expect(seq.last).toBe(12);
    });

    it('acknowledges nothing when the commit fails, and the numbers of the whole batch are handed back', async () => {
      const store = new FakeStore();
      const seq = new SeqCounter(5);
      const batcher = new CommitBatcher(store, { seq });
      const acknowledged: number[] = [];
      const failures: unknown[] = [];
      const done = (r: WriteResult<number>) => (r.ok ? acknowledged.push(r.value) : failures.push(r.error));
      store.failCommit = true;
      batcher.run(() => store.insert(seq.next()), done);
      batcher.run(() => store.insert(seq.next()), done);
      await settled();
      expect(acknowledged).toEqual([]);
      expect(failures).toHaveLength(2);
      expect(String(failures[0])).toContain('disk is full');
      expect(store.steps).toEqual(['BEGIN', 'ROLLBACK']);
      expect(seq.last).toBe(5);

      batcher.run(() => store.insert(seq.next()), done);
      await settled();
      expect(acknowledged).toEqual([6]);
      expect(store.committed).toEqual([6]);
    });

    it('keeps running the other follow-ups when one throws, and reports it', async () => {
      const store = new FakeStore();
      const logged: string[] = [];
      const batcher = new CommitBatcher(store, { log: (line) => logged.push(line) });
      const ran: string[] = [];
      batcher.run(() => 1, () => {
        throw new Error('follow-up broke');
      });
      batcher.run(() => 2, () => ran.push('second'));
      await settled();
      expect(ran).toEqual(['second']);
      expect(logged.join('\n')).toContain('follow-up broke');
    });
  });

  describe('when the disk confirms later (whenDurable)', () => {
    /** A store whose commits reach the disk only when the test says so, as WalSync's fsync on the thread pool. */
    class SlowDiskStore extends FakeStore {
      readonly waiting: ((error: Error | null) => void)[] = [];
      whenDurable(callback: (error: Error | null) => void): void {
        this.waiting.push(callback);
      }
      syncNow(): void {
        for (const callback of this.waiting.splice(0)) callback(null);
      }
    }

    it('acknowledges nothing before the disk confirms, then follows up batch after batch in order', async () => {
      const store = new SlowDiskStore();
      const order: string[] = [];
      const batcher = new CommitBatcher(store, { onFlushed: () => order.push('flushed') });
      batcher.run(() => store.insert(1), () => order.push('first'));
      await settled();
      batcher.run(() => store.insert(2), () => order.push('second'));
      await settled();
      expect(store.committed).toEqual([1, 2]);
      expect(order).toEqual([]);
      store.waiting.shift()!(null);
      expect(order).toEqual(['first', 'flushed']);
      store.waiting.shift()!(null);
      expect(order).toEqual(['first', 'flushed', 'second', 'flushed']);
    });

    it('turns a batch the disk could not keep into failures, so no one is told it was saved', async () => {
      const store = new SlowDiskStore();
      const logged: string[] = [];
      const batcher = new CommitBatcher(store, { log: (line) => logged.push(line) });
      const results: WriteResult<number>[] = [];
      batcher.run(() => store.insert(7), (result) => results.push(result as WriteResult<number>));
      await settled();
      store.waiting.shift()!(new Error('EIO: i/o error, fsync'));
      expect(results).toHaveLength(1);
      expect(results[0]!.ok).toBe(false);
      expect(String((results[0] as { error: Error }).error.message)).toMatch(/could not save this to its disk/);
      expect(logged.join('\n')).toMatch(/EIO/);
    });

    it('drain() commits what is queued and waits for the disk on this thread (shutdown)', () => {
      const store = new SlowDiskStore();
      const order: string[] = [];
      const batcher = new CommitBatcher(store);
      batcher.run(() => store.insert(1), () => order.push('acknowledged'));
      batcher.drain();
      expect(store.committed).toEqual([1]);
      expect(order).toEqual(['acknowledged']);
    });
  });

  describe('#runAsync', () => {
    it('resolves after the commit and rejects with the write’s error', async () => {
      const store = new FakeStore();
      const batcher = new CommitBatcher(store);
      await expect(batcher.runAsync(() => 'stored')).resolves.toBe('stored');
      await expect(batcher.runAsync(() => {
        throw new Error('refused');
      })).rejects.toThrow('refused');
    });
  });
});

describe('SeqCounter', () => {
  it('never rolls forward', () => {
    const seq = new SeqCounter(3);
    expect(() => seq.rollBackTo(4)).toThrow(RangeError);
  });
});
