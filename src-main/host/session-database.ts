// The session's SQLite database (npm `libsql`, synchronous API, WAL).
// One file per session. Migrations are numbered in code and applied in order.
import Database from 'libsql';
import type { ChatEvent, Message } from '../../src-shared/protocol/frames.js';
import { GENERAL_CHANNEL_ID, GENERAL_CHANNEL_NAME } from '../../src-shared/protocol/conversations.js';

const MIGRATIONS: string[] = [
  // 1: accounts, channels, messages
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    is_admin INTEGER NOT NULL DEFAULT 0,
    delivered_seq INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE tokens (
    hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL
  );
  CREATE TABLE channels (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    topic TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id),
    created_seq INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE channel_members (
    channel_id INTEGER NOT NULL REFERENCES channels(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    joined_at INTEGER NOT NULL,
    PRIMARY KEY (channel_id, user_id)
  ) WITHOUT ROWID;
  CREATE TABLE dms (
    conv TEXT PRIMARY KEY,
    user_a INTEGER NOT NULL REFERENCES users(id),
    user_b INTEGER NOT NULL REFERENCES users(id),
    last_seq INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX dms_user_a ON dms(user_a);
  CREATE INDEX dms_user_b ON dms(user_b);
  CREATE TABLE messages (
    seq INTEGER PRIMARY KEY,
    conv TEXT NOT NULL,
    sender_id INTEGER NOT NULL REFERENCES users(id),
    client_msg_id TEXT,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX messages_client_msg ON messages(sender_id, client_msg_id) WHERE client_msg_id IS NOT NULL;
  CREATE INDEX messages_conv_seq ON messages(conv, seq);
  `,
  // 2: files relayed through the host (PROTOCOL.md, "Files")
  `
  CREATE TABLE files (
    id TEXT PRIMARY KEY,
    conv TEXT NOT NULL,
    uploader_id INTEGER NOT NULL REFERENCES users(id),
    client_msg_id TEXT NOT NULL,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    type TEXT NOT NULL,
    thumbnail TEXT,
    caption TEXT NOT NULL DEFAULT '',
    sha256 TEXT,
    state TEXT NOT NULL CHECK (state IN ('uploading', 'complete', 'expired')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    expires_at INTEGER,
    message_seq INTEGER UNIQUE REFERENCES messages(seq),
    UNIQUE (uploader_id, client_msg_id)
  );
  CREATE INDEX files_state_expires ON files(state, expires_at);
  CREATE INDEX files_state_updated ON files(state, updated_at);
  `,
  // 3: direct transfer (PROTOCOL.md, "Direct transfer"): a new state 'offered'
  // (announced, served by the sender, relay copy not held yet) and the offer's
  // URLs and key. SQLite cannot change a CHECK, so the table is rebuilt.
  `
  CREATE TABLE files_v3 (
    id TEXT PRIMARY KEY,
    conv TEXT NOT NULL,
    uploader_id INTEGER NOT NULL REFERENCES users(id),
    client_msg_id TEXT NOT NULL,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    type TEXT NOT NULL,
    thumbnail TEXT,
    caption TEXT NOT NULL DEFAULT '',
    sha256 TEXT,
    state TEXT NOT NULL CHECK (state IN ('uploading', 'offered', 'complete', 'expired')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    expires_at INTEGER,
    message_seq INTEGER UNIQUE REFERENCES messages(seq),
    offer_urls TEXT,
    offer_key TEXT,
    UNIQUE (uploader_id, client_msg_id)
  );
  INSERT INTO files_v3 (id, conv, uploader_id, client_msg_id, name, size, type, thumbnail, caption, sha256, state, created_at, updated_at, expires_at, message_seq)
    SELECT id, conv, uploader_id, client_msg_id, name, size, type, thumbnail, caption, sha256, state, created_at, updated_at, expires_at, message_seq FROM files;
  DROP TABLE files;
  ALTER TABLE files_v3 RENAME TO files;
  CREATE INDEX files_state_expires ON files(state, expires_at);
  CREATE INDEX files_state_updated ON files(state, updated_at);
  `,
];

/** Columns of the file a message of kind "file" carries (joined by message_seq). */
const FILE_COLUMNS = `f.id AS file_id, f.name AS file_name, f.size AS file_size, f.type AS file_type,
  f.sha256 AS file_sha256, f.thumbnail AS file_thumbnail, f.expires_at AS file_expires_at,
  f.offer_key IS NOT NULL AS file_direct`;

export interface FileRow {
  id: string;
  conv: string;
  uploaderId: number;
  clientMsgId: string;
  name: string;
  size: number;
  type: string;
  thumbnail: string | null;
  caption: string;
  sha256: string | null;
  /** offered: announced by file.offer, served by the sender; the relay copy may still be arriving. */
  state: 'uploading' | 'offered' | 'complete' | 'expired';
  createdAt: number;
  updatedAt: number;
  expiresAt: number | null;
  messageSeq: number | null;
  /** Direct transfer: the sender's URLs and the offer key (never sent to other clients). */
  offer: { urls: string[]; key: string } | null;
}
export type NewFile = Pick<FileRow, 'id' | 'conv' | 'uploaderId' | 'clientMsgId' | 'name' | 'size' | 'type' | 'thumbnail' | 'caption'>;

export interface UserRow {
  id: number;
  name: string;
  nameKey: string;
  passwordHash: string;
  isAdmin: boolean;
  deliveredSeq: number;
}
export interface ChannelRow {
  id: number;
  name: string;
  topic: string;
  createdBy: number | null;
  createdSeq: number;
}
export interface DmRow {
  conv: string;
  userA: number;
  userB: number;
  lastSeq: number;
}
export interface NewMessage {
  seq: number;
  conv: string;
  senderId: number;
  senderName: string;
  clientMsgId: string | null;
  kind: Message['kind'];
  text: string;
  ts: number;
}

type Row = Record<string, unknown>;

export class SessionDatabase {
  readonly db: Database.Database;
  private readonly stmts;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.exec('PRAGMA journal_mode = WAL');
    // FULL: a commit (and so an acknowledgement) survives power loss, not only a crash.
    this.db.exec('PRAGMA synchronous = FULL');
    this.db.exec('PRAGMA foreign_keys = ON');
    this.db.exec('PRAGMA busy_timeout = 5000');
    this.migrate();
    this.stmts = {
      insertMessage: this.db.prepare(
        'INSERT INTO messages (seq, conv, sender_id, client_msg_id, kind, text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      messageByClientId: this.db.prepare(
        `SELECT m.*, u.name AS sender_name, ${FILE_COLUMNS} FROM messages m JOIN users u ON u.id = m.sender_id
         LEFT JOIN files f ON f.message_seq = m.seq
         WHERE m.sender_id = ? AND m.client_msg_id = ?`,
      ),
      history: this.db.prepare(
        `SELECT m.*, u.name AS sender_name, ${FILE_COLUMNS} FROM messages m JOIN users u ON u.id = m.sender_id
         LEFT JOIN files f ON f.message_seq = m.seq
         WHERE m.conv = ? AND m.seq < ? ORDER BY m.seq DESC LIMIT ?`,
      ),
      upsertDm: this.db.prepare(
        `INSERT INTO dms (conv, user_a, user_b, last_seq) VALUES (?, ?, ?, ?)
         ON CONFLICT(conv) DO UPDATE SET last_seq = excluded.last_seq`,
      ),
      insertMember: this.db.prepare('INSERT OR IGNORE INTO channel_members (channel_id, user_id, joined_at) VALUES (?, ?, ?)'),
      deleteMember: this.db.prepare('DELETE FROM channel_members WHERE channel_id = ? AND user_id = ?'),
      insertChannel: this.db.prepare(
        'INSERT INTO channels (name, topic, created_by, created_seq, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      insertUser: this.db.prepare(
        'INSERT INTO users (name, name_key, password_hash, is_admin, delivered_seq, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      userByKey: this.db.prepare('SELECT * FROM users WHERE name_key = ?'),
      setDelivered: this.db.prepare('UPDATE users SET delivered_seq = MAX(delivered_seq, ?) WHERE id = ?'),
      insertToken: this.db.prepare('INSERT INTO tokens (hash, user_id, created_at, last_used_at) VALUES (?, ?, ?, ?)'),
      tokenUser: this.db.prepare('SELECT user_id FROM tokens WHERE hash = ?'),
      touchToken: this.db.prepare('UPDATE tokens SET last_used_at = ? WHERE hash = ?'),
      replayMessages: this.db.prepare(
        `SELECT m.*, u.name AS sender_name, ${FILE_COLUMNS} FROM messages m JOIN users u ON u.id = m.sender_id
         LEFT JOIN files f ON f.message_seq = m.seq
         WHERE m.seq > ? AND (
           m.conv IN (SELECT 'ch:' || channel_id FROM channel_members WHERE user_id = ?)
           OR m.conv IN (SELECT conv FROM dms WHERE user_a = ? UNION ALL SELECT conv FROM dms WHERE user_b = ?)
         ) ORDER BY m.seq LIMIT ?`,
      ),
      messageBySeq: this.db.prepare(
        `SELECT m.*, u.name AS sender_name, ${FILE_COLUMNS} FROM messages m JOIN users u ON u.id = m.sender_id
         LEFT JOIN files f ON f.message_seq = m.seq WHERE m.seq = ?`,
      ),
      insertFile: this.db.prepare(
        `INSERT INTO files (id, conv, uploader_id, client_msg_id, name, size, type, thumbnail, caption, state, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'uploading', ?, ?)`,
      ),
      insertOffer: this.db.prepare(
        `INSERT INTO files (id, conv, uploader_id, client_msg_id, name, size, type, thumbnail, caption, sha256, state, created_at, updated_at, message_seq, offer_urls, offer_key)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'offered', ?, ?, ?, ?, ?)`,
      ),
      storeOffered: this.db.prepare(
        `UPDATE files SET state = 'complete', expires_at = ?, updated_at = ? WHERE id = ? AND state = 'offered' AND sha256 = ?`,
      ),
      fileById: this.db.prepare('SELECT * FROM files WHERE id = ?'),
      fileByClientId: this.db.prepare('SELECT * FROM files WHERE uploader_id = ? AND client_msg_id = ?'),
      uploadsInProgress: this.db.prepare(`SELECT COUNT(*) AS n FROM files WHERE uploader_id = ? AND state = 'uploading'`),
      touchFile: this.db.prepare('UPDATE files SET updated_at = ? WHERE id = ?'),
      completeFile: this.db.prepare(
        `UPDATE files SET state = 'complete', sha256 = ?, expires_at = ?, message_seq = ?, updated_at = ? WHERE id = ? AND state = 'uploading'`,
      ),
      deleteFile: this.db.prepare('DELETE FROM files WHERE id = ?'),
      expiredFiles: this.db.prepare(`SELECT * FROM files WHERE state = 'complete' AND expires_at <= ?`),
      markExpired: this.db.prepare(`UPDATE files SET state = 'expired', updated_at = ? WHERE id = ?`),
      staleUploads: this.db.prepare(`SELECT * FROM files WHERE state = 'uploading' AND updated_at < ?`),
      replayChannels: this.db.prepare('SELECT * FROM channels WHERE created_seq > ? ORDER BY created_seq LIMIT ?'),
    };
  }

  private migrate(): void {
    // (libsql's pragma(…, { simple: true }) returns an object, so read the row.)
    const current = Number((this.db.prepare('PRAGMA user_version').get() as Row).user_version);
    for (let version = current; version < MIGRATIONS.length; version++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[version]!);
        this.db.exec(`PRAGMA user_version = ${version + 1}`);
      })();
    }
  }

  close(): void {
    this.db.close();
  }

  // ---- meta

  getMeta(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as Row | undefined;
    return row ? String(row.value) : undefined;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** Highest seq ever assigned (messages and channel creations share one counter). */
  maxSeq(): number {
    const row = this.db
      .prepare('SELECT MAX(IFNULL((SELECT MAX(seq) FROM messages), 0), IFNULL((SELECT MAX(created_seq) FROM channels), 0)) AS s')
      .get() as Row;
    return Number(row.s);
  }

  // ---- users and tokens

  allUsers(): UserRow[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY id').all() as Row[]).map(toUser);
  }

  userByKey(nameKey: string): UserRow | undefined {
    const row = this.stmts.userByKey.get(nameKey) as Row | undefined;
    return row ? toUser(row) : undefined;
  }

  insertUser(name: string, nameKey: string, passwordHash: string, isAdmin: boolean, deliveredSeq: number): UserRow {
    const result = this.stmts.insertUser.run(name, nameKey, passwordHash, isAdmin ? 1 : 0, deliveredSeq, Date.now());
    return { id: Number(result.lastInsertRowid), name, nameKey, passwordHash, isAdmin, deliveredSeq };
  }

  setDeliveredSeq(userId: number, seq: number): void {
    this.stmts.setDelivered.run(seq, userId);
  }

  insertToken(hash: string, userId: number): void {
    const now = Date.now();
    this.stmts.insertToken.run(hash, userId, now, now);
  }

  userIdForToken(hash: string): number | undefined {
    const row = this.stmts.tokenUser.get(hash) as Row | undefined;
    if (!row) return undefined;
    this.stmts.touchToken.run(Date.now(), hash);
    return Number(row.user_id);
  }

  // ---- channels and memberships

  ensureGeneral(seq: number): void {
    const exists = this.db.prepare('SELECT 1 FROM channels WHERE id = ?').get(GENERAL_CHANNEL_ID);
    if (exists) return;
    this.db
      .prepare('INSERT INTO channels (id, name, topic, created_by, created_seq, created_at) VALUES (?, ?, ?, NULL, ?, ?)')
      .run(GENERAL_CHANNEL_ID, GENERAL_CHANNEL_NAME, 'Everyone in the session', seq, Date.now());
  }

  allChannels(): ChannelRow[] {
    return (this.db.prepare('SELECT * FROM channels ORDER BY id').all() as Row[]).map(toChannel);
  }

  allMemberships(): Array<{ channelId: number; userId: number }> {
    return (this.db.prepare('SELECT channel_id, user_id FROM channel_members').all() as Row[]).map((r) => ({
      channelId: Number(r.channel_id),
      userId: Number(r.user_id),
    }));
  }

  insertChannel(name: string, topic: string, createdBy: number, seq: number): ChannelRow {
    const result = this.stmts.insertChannel.run(name, topic, createdBy, seq, Date.now());
    return { id: Number(result.lastInsertRowid), name, topic, createdBy, createdSeq: seq };
  }

  addMember(channelId: number, userId: number): void {
    this.stmts.insertMember.run(channelId, userId, Date.now());
  }

  removeMember(channelId: number, userId: number): void {
    this.stmts.deleteMember.run(channelId, userId);
  }

  /** The DMs `userId` is part of (by the user_a / user_b indexes, not a table scan). */
  dmsOf(userId: number): DmRow[] {
    return (this.db.prepare('SELECT * FROM dms WHERE user_a = ? UNION ALL SELECT * FROM dms WHERE user_b = ? ORDER BY conv').all(userId, userId) as Row[]).map((r) => ({
      conv: String(r.conv),
      userA: Number(r.user_a),
      userB: Number(r.user_b),
      lastSeq: Number(r.last_seq),
    }));
  }

  // ---- messages

  insertMessage(m: NewMessage): void {
    this.stmts.insertMessage.run(m.seq, m.conv, m.senderId, m.clientMsgId, m.kind, m.text, m.ts);
  }

  touchDm(conv: string, userA: number, userB: number, seq: number): void {
    this.stmts.upsertDm.run(conv, userA, userB, seq);
  }

  messageByClientId(senderId: number, clientMsgId: string): Message | undefined {
    const row = this.stmts.messageByClientId.get(senderId, clientMsgId) as Row | undefined;
    return row ? toMessage(row) : undefined;
  }

  messageBySeq(seq: number): Message | undefined {
    const row = this.stmts.messageBySeq.get(seq) as Row | undefined;
    return row ? toMessage(row) : undefined;
  }

  // ---- files

  insertFile(f: NewFile): FileRow {
    const now = Date.now();
    this.stmts.insertFile.run(f.id, f.conv, f.uploaderId, f.clientMsgId, f.name, f.size, f.type, f.thumbnail, f.caption, now, now);
    return { ...f, sha256: null, state: 'uploading', createdAt: now, updatedAt: now, expiresAt: null, messageSeq: null, offer: null };
  }

  /** A file announced by file.offer together with its message (already written, seq `messageSeq`). Runs inside a batch. */
  insertOffer(f: NewFile & { sha256: string; messageSeq: number; offer: { urls: string[]; key: string } }): FileRow {
    const now = Date.now();
    this.stmts.insertOffer.run(
      f.id, f.conv, f.uploaderId, f.clientMsgId, f.name, f.size, f.type, f.thumbnail, f.caption, f.sha256, now, now, f.messageSeq,
      JSON.stringify(f.offer.urls), f.offer.key,
    );
    return { ...f, state: 'offered', createdAt: now, updatedAt: now, expiresAt: null };
  }

  /** The relay copy of an offered file is in place: it is now held until `expiresAt`. False when not offered (or another hash). */
  storeOffered(id: string, sha256: string, expiresAt: number): boolean {
    return this.stmts.storeOffered.run(expiresAt, Date.now(), id, sha256).changes > 0;
  }

  fileById(id: string): FileRow | undefined {
    const row = this.stmts.fileById.get(id) as Row | undefined;
    return row ? toFile(row) : undefined;
  }

  fileByClientId(uploaderId: number, clientMsgId: string): FileRow | undefined {
    const row = this.stmts.fileByClientId.get(uploaderId, clientMsgId) as Row | undefined;
    return row ? toFile(row) : undefined;
  }

  uploadsInProgress(uploaderId: number): number {
    return Number((this.stmts.uploadsInProgress.get(uploaderId) as Row).n);
  }

  touchFile(id: string): void {
    this.stmts.touchFile.run(Date.now(), id);
  }

  /** Marks an upload complete and links it to its message; false when it was not uploading. */
  completeFile(id: string, sha256: string, expiresAt: number, messageSeq: number): boolean {
    return this.stmts.completeFile.run(sha256, expiresAt, messageSeq, Date.now(), id).changes > 0;
  }

  deleteFile(id: string): void {
    this.stmts.deleteFile.run(id);
  }

  /** Complete files whose retention ran out by `now`. */
  expiredFiles(now: number): FileRow[] {
    return (this.stmts.expiredFiles.all(now) as Row[]).map(toFile);
  }

  /** The copy is gone; the row (and its message) stay so history still shows the file. */
  markFileExpired(id: string): void {
    this.stmts.markExpired.run(Date.now(), id);
  }

  /** Unfinished uploads untouched since before `olderThan`. */
  staleUploads(olderThan: number): FileRow[] {
    return (this.stmts.staleUploads.all(olderThan) as Row[]).map(toFile);
  }

  /** Up to `limit` messages of `conv` older than `before`, oldest first. */
  history(conv: string, before: number, limit: number): Message[] {
    return (this.stmts.history.all(conv, before, limit) as Row[]).map(toMessage).reverse();
  }

  /** Events after `after` that `userId` may see, in seq order, at most `limit`. */
  replay(userId: number, after: number, limit: number): ChatEvent[] {
    const messages = (this.stmts.replayMessages.all(after, userId, userId, userId, limit) as Row[]).map(
      (r): ChatEvent => {
        const message = toMessage(r);
        return { seq: message.seq, type: 'message', message };
      },
    );
    const channels = (this.stmts.replayChannels.all(after, limit) as Row[]).map((r): ChatEvent => {
      const c = toChannel(r);
      return {
        seq: c.createdSeq,
        type: 'channel.created',
        channel: { id: c.id, name: c.name, topic: c.topic, createdBy: c.createdBy, memberCount: 1 },
      };
    });
    return [...messages, ...channels].sort((a, b) => a.seq - b.seq).slice(0, limit);
  }
}

function toUser(r: Row): UserRow {
  return {
    id: Number(r.id),
    name: String(r.name),
    nameKey: String(r.name_key),
    passwordHash: String(r.password_hash),
    isAdmin: Number(r.is_admin) === 1,
    deliveredSeq: Number(r.delivered_seq),
  };
}

function toChannel(r: Row): ChannelRow {
  return {
    id: Number(r.id),
    name: String(r.name),
    topic: String(r.topic),
    createdBy: r.created_by === null ? null : Number(r.created_by),
    createdSeq: Number(r.created_seq),
  };
}

function toFile(r: Row): FileRow {
  return {
    id: String(r.id),
    conv: String(r.conv),
    uploaderId: Number(r.uploader_id),
    clientMsgId: String(r.client_msg_id),
    name: String(r.name),
    size: Number(r.size),
    type: String(r.type),
    thumbnail: r.thumbnail === null ? null : String(r.thumbnail),
    caption: String(r.caption),
    sha256: r.sha256 === null ? null : String(r.sha256),
    state: String(r.state) as FileRow['state'],
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    expiresAt: r.expires_at === null ? null : Number(r.expires_at),
    messageSeq: r.message_seq === null ? null : Number(r.message_seq),
    offer:
      r.offer_key === null || r.offer_key === undefined || r.offer_urls === null || r.offer_urls === undefined
        ? null
        : { urls: JSON.parse(String(r.offer_urls)) as string[], key: String(r.offer_key) },
  };
}

export function toMessage(r: Row): Message {
  const message: Message = {
    seq: Number(r.seq),
    conv: String(r.conv),
    from: Number(r.sender_id),
    fromName: String(r.sender_name),
    clientMsgId: r.client_msg_id === null ? null : String(r.client_msg_id),
    kind: String(r.kind) as Message['kind'],
    text: String(r.text),
    ts: Number(r.created_at),
  };
  if (message.kind === 'file' && r.file_id !== undefined && r.file_id !== null) {
    message.file = {
      id: String(r.file_id),
      name: String(r.file_name),
      size: Number(r.file_size),
      type: String(r.file_type),
      sha256: String(r.file_sha256),
      thumbnail: r.file_thumbnail === null ? null : String(r.file_thumbnail),
      expiresAt: r.file_expires_at === null ? null : Number(r.file_expires_at),
      direct: Number(r.file_direct) === 1,
    };
  }
  return message;
}
