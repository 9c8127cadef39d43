// The session's SQLite database (npm `libsql`, synchronous API, WAL), one file
// per session. This class opens the connection, brings the schema up to date
// (migrations.ts), owns transactions (the CommitBatcher's batches and
// savepoints) and the meta table; everything else is in one store per domain,
// each with its own prepared statements: db.users, db.channels, db.messages,
// db.files, db.search, db.readState, db.replay, db.devices, db.threads. Host code outside this folder
// never gets the connection itself.
import Database from 'libsql';
import type { BatchTransactions } from '../commit-batcher.js';
import { ChannelStore } from './channel-store.js';
import { DeviceStore } from './device-store.js';
import { EventReplay } from './event-replay.js';
import { FileRecords } from './file-records.js';
import { MessageStore } from './message-store.js';
import { migrate } from './migrations.js';
import { ProfileStore } from './profile-store.js';
import { ReadStateStore } from './read-state-store.js';
import type { Row } from './row.js';
import { SearchIndex } from './search-index.js';
import { ThreadStore } from './thread-store.js';
import { UserStore } from './user-store.js';
import { WalSync } from './wal-sync.js';

/** The highest seq ever assigned, as column `s` (messages, their changes and channel creations share one counter). */
export const MAX_SEQ_SQL = `SELECT MAX(IFNULL((SELECT MAX(seq) FROM messages), 0), IFNULL((SELECT MAX(rev) FROM messages WHERE rev IS NOT NULL), 0),
                  IFNULL((SELECT MAX(created_seq) FROM channels), 0)) AS s`;

export class SessionDatabase implements BatchTransactions {
  private readonly db: Database.Database;
  private readonly walSync: WalSync;
  /** People, their resume tokens and delivery positions. */
  readonly users: UserStore;
  /** Channels, memberships and DMs. */
  readonly channels: ChannelStore;
  /** Messages, their changes and reactions, history pages. */
  readonly messages: MessageStore;
  /** Records of relayed and offered files (their bytes: file-store.ts). */
  readonly files: FileRecords;
  /** The full-text index and search. */
  readonly search: SearchIndex;
  /** Read positions, mutes, unread and mention counts. */
  readonly readState: ReadStateStore;
  /** The events a returning person missed. */
  readonly replay: EventReplay;
  /** Each person's published devices (public keys for end-to-end encrypted DMs). */
  readonly devices: DeviceStore;
  /** Who follows which thread, and how far they read it. */
  readonly threads: ThreadStore;
  /** Display names, statuses and avatar images. */
  readonly profiles: ProfileStore;

  constructor(file: string) {
    this.db = new Database(file);
    this.walSync = new WalSync(`${file}-wal`);
    this.db.exec('PRAGMA journal_mode = WAL');
    // FULL: a commit (and so an acknowledgement) survives power loss, not only a crash.
    this.db.exec('PRAGMA synchronous = FULL');
    this.db.exec('PRAGMA foreign_keys = ON');
    this.db.exec('PRAGMA busy_timeout = 5000');
    // Deleted messages must really be gone from the file, not left in free pages.
    this.db.exec('PRAGMA secure_delete = ON');
    migrate(this.db);
    this.users = new UserStore(this.db);
    this.profiles = new ProfileStore(this.db);
    this.channels = new ChannelStore(this.db);
    this.messages = new MessageStore(this.db);
    this.files = new FileRecords(this.db);
    this.search = new SearchIndex(this.db, this.messages);
    this.readState = new ReadStateStore(this.db);
    this.replay = new EventReplay(this.db);
    this.devices = new DeviceStore(this.db);
    this.threads = new ThreadStore(this.db);
    // Catch up after a crash, and index what older versions stored.
    this.search.indexPending();
  }

  close(): void {
    this.walSync.close();
    this.db.close();
  }

  /**
   * The SQLite connection itself, for tests and benchmarks that look at the
   * file's internals (query plans, triggers, page sizes). Host code never uses
   * it: it goes through the stores.
   */
  get connectionForInspection(): Database.Database {
    return this.db;
  }

  // ---- transactions (CommitBatcher)

  // A batch commits with synchronous = NORMAL and is made durable by
  // `whenDurable`: WalSync's fsync, inline while the disk is fast and on the
  // thread pool while it is slow (wal-sync.ts says why that is the same
  // promise as FULL); every other write keeps FULL.

  beginBatch(): void {
    this.db.exec('PRAGMA synchronous = NORMAL');
    this.db.exec('BEGIN IMMEDIATE');
  }

  commitBatch(): void {
    this.db.exec('COMMIT');
    this.db.exec('PRAGMA synchronous = FULL');
  }

  rollbackBatch(): void {
    this.db.exec('ROLLBACK');
    this.db.exec('PRAGMA synchronous = FULL');
  }

  whenDurable(callback: (error: Error | null) => void): void {
    this.walSync.whenSynced(callback);
  }

  syncNow(): void {
    this.walSync.syncNow();
  }

  inSavepoint<T>(write: () => T): T {
    this.db.exec('SAVEPOINT w');
    try {
      const value = write();
      this.db.exec('RELEASE w');
      return value;
    } catch (error) {
      this.db.exec('ROLLBACK TO w');
      this.db.exec('RELEASE w');
      throw error;
    }
  }

  // ---- snapshots (session-snapshot.ts)

  /**
   * Writes a compact copy of the committed database to `file` (VACUUM INTO:
   * one read transaction, so the copy holds whole batches only, and none of
   * the free pages `secure_delete` would have wiped). Synchronous: called
   * between batches, never inside one (SQLite refuses VACUUM in a transaction).
   */
  copyInto(file: string): void {
    this.db.prepare('VACUUM INTO ?').run(file);
  }

  // ---- meta

  getMeta(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as Row | undefined;
    return row ? String(row.value) : undefined;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** Highest seq ever assigned (messages, their changes and channel creations share one counter). */
  maxSeq(): number {
    const row = this.db.prepare(MAX_SEQ_SQL).get() as Row;
    return Number(row.s);
  }
}
