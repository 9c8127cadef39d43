// WalSync: the fsync that makes a committed batch durable, off the main
// thread. What a reader of the code relies on: callbacks never run before
// their fsync finished, run in the order asked, batches asked for while one
// fsync runs share the next one, a disk error reaches every callback of that
// sync, and syncNow() settles everything on the spot.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WalSync } from '../../src-main/host/database/wal-sync.js';

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
    const sync = new WalSync(wal);
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
    const sync = new WalSync(wal);
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
    const sync = new WalSync(wal);
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
    const sync = new WalSync(wal);
    await new Promise<void>((resolve, reject) => sync.whenSynced((error) => (error ? reject(error) : resolve())));
    fs.rmSync(wal);
    fs.writeFileSync(wal, 'new frames');
    const fsyncSpy = vi.spyOn(fs, 'fsync');
    await new Promise<void>((resolve, reject) => sync.whenSynced((error) => (error ? reject(error) : resolve())));
    const fd = fsyncSpy.mock.calls[0]![0] as number;
    expect(fs.fstatSync(fd).ino).toBe(fs.statSync(wal).ino);
    sync.close();
  });
});
