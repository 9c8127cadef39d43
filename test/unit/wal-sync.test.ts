// WalSync: the fsync that makes a committed batch durable — inline while the
// disk is fast, on the thread pool while it is slow. What a reader of the code
// relies on: callbacks never run before their fsync finished, run in the
// order asked, batches asked for while one fsync runs share the next one, a
// disk error reaches every callback of that sync, syncNow() settles
// everything on the spot, and the choice of thread follows the disk's
// measured speed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FSYNC_INLINE_MAX_MS, FSYNC_PROBE_EVERY_MS, WalSync } from '../../src-main/host/database/wal-sync.js';

describe('WalSync', () => {
  let dir: string;
  let wal: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-wal-sync-'));
    wal = path.join(dir, 'session.db-wal');
    fs.writeFileSync(wal, 'frames');
  });
  afterEach(() => {
    vi.restoreAllMocks();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Replaces fs.fsync with one the test completes by hand. */
  function holdFsyncs() {
    const held: ((error: NodeJS.ErrnoException | null) => void)[] = [];
    vi.spyOn(fs, 'fsync').mockImplementation(((_fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => {
      held.push(callback);
    }) as typeof fs.fsync);
    return held;
  }

  it('calls back only after the fsync finished, in order, and shares one fsync among those who asked while another ran', () => {
    const held = holdFsyncs();
    const sync = new WalSync(wal, { inlineMaxMs: 0 });
    const order: string[] = [];
    sync.whenSynced(() => order.push('a'));
    sync.whenSynced(() => order.push('b'));
    sync.whenSynced(() => order.push('c'));
    expect(held).toHaveLength(1);
    expect(order).toEqual([]);
    held[0]!(null);
    expect(order).toEqual(['a']);
    expect(held).toHaveLength(2);
    held[1]!(null);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(held).toHaveLength(2);
    sync.close();
  });

  it('passes a disk error to every callback of that sync', () => {
    const held = holdFsyncs();
    const sync = new WalSync(wal, { inlineMaxMs: 0 });
    const errors: (Error | null)[] = [];
    sync.whenSynced((error) => errors.push(error));
    held[0]!(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }));
    expect(errors.map((e) => e?.message)).toEqual(['EIO: i/o error, fsync']);
    vi.restoreAllMocks();
    sync.close();
  });

  it('syncNow() fsyncs on this thread and settles what was waiting; the late thread-pool answer is ignored', () => {
    const held = holdFsyncs();
    const syncSpy = vi.spyOn(fs, 'fsyncSync');
    const sync = new WalSync(wal, { inlineMaxMs: 0 });
    const order: string[] = [];
    sync.whenSynced(() => order.push('running'));
    sync.whenSynced(() => order.push('queued'));
    sync.syncNow();
    expect(syncSpy).toHaveBeenCalledTimes(1);
    expect(order).toEqual(['running', 'queued']);
    held[0]!(null);
    expect(order).toEqual(['running', 'queued']);
    sync.close();
  });

  it('with no WAL file yet there is nothing to make durable: it calls back at once, without an error', () => {
    const sync = new WalSync(path.join(dir, 'never-written.db-wal'));
    const errors: (Error | null)[] = [];
    sync.whenSynced((error) => errors.push(error));
    expect(errors).toEqual([null]);
    sync.close();
  });

  it('follows a WAL file that SQLite replaced', async () => {
    const sync = new WalSync(wal, { inlineMaxMs: 0 });
    await new Promise<void>((resolve, reject) => sync.whenSynced((error) => (error ? reject(error) : resolve())));
    fs.rmSync(wal);
    fs.writeFileSync(wal, 'new frames');
    const fsyncSpy = vi.spyOn(fs, 'fsync');
    await new Promise<void>((resolve, reject) => sync.whenSynced((error) => (error ? reject(error) : resolve())));
    const fd = fsyncSpy.mock.calls[0]![0] as number;
    expect(fs.fstatSync(fd).ino).toBe(fs.statSync(wal).ino);
    sync.close();
  });

  describe('which thread fsyncs', () => {
    /** fs.fsyncSync replaced by one that takes `cost()` ms on the test's clock. */
    function timedFsyncs(cost: () => number) {
      let clock = 0;
      const inline = vi.spyOn(fs, 'fsyncSync').mockImplementation(() => {
        clock += cost();
      });
      return { inline, now: () => clock, advance: (ms: number) => (clock += ms) };
    }

    it('while the disk is fast, fsyncs on this thread and calls back before whenSynced returns', () => {
      const held = holdFsyncs();
      const disk = timedFsyncs(() => FSYNC_INLINE_MAX_MS / 4);
      const sync = new WalSync(wal, { now: disk.now });
      const order: string[] = [];
      sync.whenSynced(() => order.push('a'));
      sync.whenSynced(() => order.push('b'));
      expect(order).toEqual(['a', 'b']);
      expect(disk.inline).toHaveBeenCalledTimes(2);
      expect(held).toHaveLength(0);
      sync.close();
    });

    it('moves to the thread pool when the disk stays slow (not for one slow fsync), and back once probes find it fast again', () => {
      const held = holdFsyncs();
      let costMs = FSYNC_INLINE_MAX_MS * 4;
      const disk = timedFsyncs(() => costMs);
      const sync = new WalSync(wal, { now: disk.now });
      let done = 0;
      const ask = () => sync.whenSynced(() => done++);

      // Slow fsyncs keep running inline (callback at once) until their average is too slow.
      let inlineWhileSlow = 0;
      while (held.length === 0 && inlineWhileSlow < 100) {
        ask();
        inlineWhileSlow++;
      }
      expect(inlineWhileSlow).toBeGreaterThan(1);
      expect(held).toHaveLength(1);
      expect(done).toBe(inlineWhileSlow - 1);
      held[0]!(null);
      expect(done).toBe(inlineWhileSlow);

      // Until a probe interval passes, every sync is the thread pool's.
      ask();
      expect(held).toHaveLength(2);
      held[1]!(null);

      // The disk recovers. Each probe interval one fsync runs inline; in between
      // the thread pool keeps them until the probes' average is fast enough.
      costMs = FSYNC_INLINE_MAX_MS / 5;
      let probes = 0;
      for (;;) {
        disk.advance(FSYNC_PROBE_EVERY_MS);
        const inlineBefore = disk.inline.mock.calls.length;
        ask();
        expect(disk.inline.mock.calls.length).toBe(inlineBefore + 1);
        probes++;
        const pooled = held.length;
        ask();
        if (held.length === pooled) break; // inline again
        held[held.length - 1]!(null);
        expect(probes).toBeLessThan(100);
      }
      expect(done).toBe(inlineWhileSlow + 1 + probes * 2); // every callback ran, once
      sync.close();
    });

    it('a callback that asks for another sync is answered after the rest of its batch, even when that sync runs inline', () => {
      const held = holdFsyncs();
      let costMs = FSYNC_INLINE_MAX_MS * 100;
      const disk = timedFsyncs(() => costMs);
      const sync = new WalSync(wal, { now: disk.now });
      sync.whenSynced(() => {}); // one very slow fsync: the next ones go to the thread pool
      costMs = 0;
      const order: string[] = [];
      sync.whenSynced(() => order.push('first'));
      sync.whenSynced(() => {
        order.push('a');
        sync.whenSynced(() => order.push('nested'));
      });
      sync.whenSynced(() => order.push('b'));
      held.shift()!(null); // 'first'; a and b share the next fsync, on the pool too
      expect(held).toHaveLength(1);
      disk.advance(FSYNC_PROBE_EVERY_MS); // the fsync after that is an inline probe
      held.shift()!(null);
      expect(order).toEqual(['first', 'a', 'b', 'nested']);
      sync.close();
    });

    it('passes a disk error from an inline fsync to its callback', () => {
      vi.spyOn(fs, 'fsyncSync').mockImplementationOnce(() => {
        throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
      });
      const sync = new WalSync(wal);
      const errors: (Error | null)[] = [];
      sync.whenSynced((error) => errors.push(error));
      expect(errors.map((e) => e?.message)).toEqual(['EIO: i/o error, fsync']);
      sync.close();
    });
  });
});
