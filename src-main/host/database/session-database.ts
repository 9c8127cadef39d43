// The session's SQLite database (npm `libsql`, synchronous API, WAL).
// One file per session. Its schema is in migrations.ts.
import Database from 'libsql';
import type { BatchTransactions } from '../commit-batcher.js';
import { QUOTE_PREVIEW_CHARS, UNREAD_COUNT_MAX } from '../../../src-shared/limits.js';
import type { ChatEvent, ConvState, Message, MessageChange, Reaction, SearchHit } from '../../../src-shared/protocol/frames.js';
import { GENERAL_CHANNEL_ID, GENERAL_CHANNEL_NAME } from '../../../src-shared/protocol/conversations.js';
import { migrate } from './migrations.js';
import type { Row } from './row.js';

/** Columns of the file a message of kind "file" carries (joined by message_seq). */
const FILE_COLUMNS = `f.id AS file_id, f.name AS file_name, f.size AS file_size, f.type AS file_type,
  f.sha256 AS file_sha256, f.thumbnail AS file_thumbnail, f.expires_at AS file_expires_at,
  f.offer_key IS NOT NULL AS file_direct`;
/** The quoted original of a reply, as it is now (joined by reply_to). */
const QUOTE_COLUMNS = `q.seq AS q_seq, q.sender_id AS q_from, qu.name AS q_from_name, q.kind AS q_kind,
  substr(q.text, 1, ${QUOTE_PREVIEW_CHARS}) AS q_text, qf.name AS q_file_name, q.deleted_by IS NOT NULL AS q_deleted`;
/** Reactions as JSON: emoji in the order first used, users in the order they reacted. */
const REACTIONS_COLUMN = `(SELECT json_group_array(json_object('emoji', emoji, 'users', json(users)) ORDER BY first_seq)
  FROM (SELECT emoji, json_group_array(user_id ORDER BY created_seq) AS users, MIN(created_seq) AS first_seq
        FROM reactions WHERE message_seq = m.seq GROUP BY emoji)) AS reactions_json`;
/** Everything toMessage needs; append WHERE / ORDER BY. */
const MESSAGE_SELECT = `SELECT m.*, u.name AS sender_name, ${FILE_COLUMNS}, ${QUOTE_COLUMNS}, ${REACTIONS_COLUMN}
  FROM messages m JOIN users u ON u.id = m.sender_id
  LEFT JOIN files f ON f.message_seq = m.seq
  LEFT JOIN messages q ON q.seq = m.reply_to LEFT JOIN users qu ON qu.id = q.sender_id LEFT JOIN files qf ON qf.message_seq = q.seq`;
/** The conversations user ? may read now: joined channels and own DMs (binds the user id three times). */
const VISIBLE_CONVS = `(m.conv IN (SELECT 'ch:' || channel_id FROM channel_members WHERE user_id = ?)
  OR m.conv IN (SELECT conv FROM dms WHERE user_a = ? UNION ALL SELECT conv FROM dms WHERE user_b = ?))`;
/** Private markers around a search match in highlight(); stored text cannot hold them (cleanMessageText). */
const MARK_START = '\u0001';
const MARK_END = '\u0002';

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
  /** Removed by an admin: sign-ins are refused. */
  removed: boolean;
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
  /** Seq of the message this one replies to. */
  replyTo?: number | null;
  /** User ids this message notifies (PROTOCOL.md, "Mentions"). */
  mentions?: number[];
}

export class SessionDatabase implements BatchTransactions {
  private readonly db: Database.Database;
  private readonly stmts;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.exec('PRAGMA journal_mode = WAL');
    // FULL: a commit (and so an acknowledgement) survives power loss, not only a crash.
    this.db.exec('PRAGMA synchronous = FULL');
    this.db.exec('PRAGMA foreign_keys = ON');
    this.db.exec('PRAGMA busy_timeout = 5000');
    // Deleted messages must really be gone from the file, not left in free pages.
    this.db.exec('PRAGMA secure_delete = ON');
    migrate(this.db);
    this.stmts = {
      insertMessage: this.db.prepare(
        'INSERT INTO messages (seq, conv, sender_id, client_msg_id, kind, text, created_at, reply_to, mentions) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      indexedSeq: this.db.prepare('SELECT indexed_seq FROM fts_state WHERE id = 1'),
      maxMessageSeq: this.db.prepare('SELECT IFNULL(MAX(seq), 0) AS s FROM messages'),
      indexRange: this.db.prepare(
        `INSERT INTO messages_fts(rowid, text, conv) SELECT seq, text, replace(conv, ':', 'x') FROM messages
         WHERE seq > ? AND seq <= ? AND kind IN ('text', 'file') AND text != ''`,
      ),
      setIndexedSeq: this.db.prepare('UPDATE fts_state SET indexed_seq = ? WHERE id = 1'),
      insertMention: this.db.prepare('INSERT OR IGNORE INTO mentions_index (user_id, conv, seq) VALUES (?, ?, ?)'),
      deleteMentions: this.db.prepare('DELETE FROM mentions_index WHERE user_id = ? AND conv = ? AND seq = ?'),
      editMessage: this.db.prepare('UPDATE messages SET text = ?, edited_at = ?, mentions = ?, rev = ?, change_json = ? WHERE seq = ?'),
      deleteMessage: this.db.prepare(
          'UPDATE messages SET text = \'\', mentions = NULL, deleted_by = ?, rev = ?, change_json = ? WHERE seq = ?',
      ),
      recordChange: this.db.prepare('UPDATE messages SET rev = ?, change_json = ? WHERE seq = ?'),
      deleteReactions: this.db.prepare('DELETE FROM reactions WHERE message_seq = ?'),
      addReaction: this.db.prepare('INSERT OR IGNORE INTO reactions (message_seq, emoji, user_id, created_seq) VALUES (?, ?, ?, ?)'),
      removeReaction: this.db.prepare('DELETE FROM reactions WHERE message_seq = ? AND emoji = ? AND user_id = ?'),
      reactionEmojiCount: this.db.prepare('SELECT COUNT(DISTINCT emoji) AS n FROM reactions WHERE message_seq = ?'),
      hasEmoji: this.db.prepare('SELECT 1 FROM reactions WHERE message_seq = ? AND emoji = ? LIMIT 1'),
      newer: this.db.prepare(`${MESSAGE_SELECT} WHERE m.conv = ? AND m.seq > ? ORDER BY m.seq LIMIT ?`),
      hasOlder: this.db.prepare('SELECT 1 FROM messages WHERE conv = ? AND seq < ? LIMIT 1'),
      replayUpdates: this.db.prepare(
        `${MESSAGE_SELECT} WHERE m.rev > ? AND m.seq <= ? AND ${VISIBLE_CONVS} ORDER BY m.rev LIMIT ?`,
      ),
      searchAll: this.db.prepare(
        `SELECT m.seq, highlight(messages_fts, 0, char(1), char(2)) AS marked
         FROM messages_fts CROSS JOIN messages m ON m.seq = messages_fts.rowid
         WHERE messages_fts MATCH ? AND messages_fts.rowid < ? AND m.deleted_by IS NULL AND ${VISIBLE_CONVS}
         ORDER BY messages_fts.rowid DESC LIMIT ?`,
      ),
      searchConv: this.db.prepare(
        `SELECT m.seq, highlight(messages_fts, 0, char(1), char(2)) AS marked
         FROM messages_fts CROSS JOIN messages m ON m.seq = messages_fts.rowid
         WHERE messages_fts MATCH ? AND messages_fts.rowid < ? AND m.deleted_by IS NULL AND m.conv = ?
         ORDER BY messages_fts.rowid DESC LIMIT ?`,
      ),
      convStateRows: this.db.prepare('SELECT conv, read_seq, muted FROM conv_state WHERE user_id = ?'),
      readSeq: this.db.prepare('SELECT read_seq FROM conv_state WHERE user_id = ? AND conv = ?'),
      markRead: this.db.prepare(
        `INSERT INTO conv_state (user_id, conv, read_seq) VALUES (?, ?, ?)
         ON CONFLICT(user_id, conv) DO UPDATE SET read_seq = MAX(read_seq, excluded.read_seq)`,
      ),
      setMuted: this.db.prepare(
        `INSERT INTO conv_state (user_id, conv, muted) VALUES (?, ?, ?)
         ON CONFLICT(user_id, conv) DO UPDATE SET muted = excluded.muted`,
      ),
      unreadCount: this.db.prepare(
        `SELECT COUNT(*) AS n FROM (SELECT 1 FROM messages WHERE conv = ? AND seq > ? AND sender_id != ?
           AND kind IN ('text', 'file') AND deleted_by IS NULL LIMIT ${UNREAD_COUNT_MAX})`,
      ),
      mentionCount: this.db.prepare(
        `SELECT COUNT(*) AS n FROM (SELECT 1 FROM mentions_index WHERE user_id = ? AND conv = ? AND seq > ? LIMIT ${UNREAD_COUNT_MAX})`,
      ),
      messageByClientId: this.db.prepare(
        `${MESSAGE_SELECT}
         WHERE m.sender_id = ? AND m.client_msg_id = ?`,
      ),
      history: this.db.prepare(
        `${MESSAGE_SELECT}
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
      setDelivered: this.db.prepare('UPDATE users SET delivered_seq = MAX(delivered_seq, ?), online = 0 WHERE id = ?'),
      markOnline: this.db.prepare('UPDATE users SET online = 1 WHERE id = ?'),
      settleOnline: this.db.prepare('UPDATE users SET delivered_seq = MAX(delivered_seq, ?), online = 0 WHERE online = 1'),
      insertToken: this.db.prepare('INSERT INTO tokens (hash, user_id, created_at, last_used_at) VALUES (?, ?, ?, ?)'),
      tokenUser: this.db.prepare('SELECT user_id FROM tokens WHERE hash = ?'),
      deleteToken: this.db.prepare('DELETE FROM tokens WHERE hash = ?'),
      deleteTokensOf: this.db.prepare('DELETE FROM tokens WHERE user_id = ?'),
      setRemoved: this.db.prepare('UPDATE users SET removed = ? WHERE id = ?'),
      setAdmin: this.db.prepare('UPDATE users SET is_admin = ? WHERE id = ?'),
      touchToken: this.db.prepare('UPDATE tokens SET last_used_at = ? WHERE hash = ?'),
      replayMessages: this.db.prepare(`${MESSAGE_SELECT} WHERE m.seq > ? AND ${VISIBLE_CONVS} ORDER BY m.seq LIMIT ?`),
      messageBySeq: this.db.prepare(`${MESSAGE_SELECT} WHERE m.seq = ?`),
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
      setCaption: this.db.prepare('UPDATE files SET caption = ?, updated_at = ? WHERE id = ?'),
      eraseFile: this.db.prepare(`UPDATE files SET state = 'expired', caption = '', thumbnail = NULL, updated_at = ? WHERE id = ?`),
      staleUploads: this.db.prepare(`SELECT * FROM files WHERE state = 'uploading' AND updated_at < ?`),
      expiredOffers: this.db.prepare(`SELECT * FROM files WHERE state = 'offered' AND created_at <= ?`),
      markOfferExpired: this.db.prepare(`UPDATE files SET state = 'expired', expires_at = ?, updated_at = ? WHERE id = ? AND state = 'offered'`),
      replayChannels: this.db.prepare('SELECT * FROM channels WHERE created_seq > ? ORDER BY created_seq LIMIT ?'),
    };
    // Catch up after a crash, and index what older versions stored.
    this.indexPending();
  }

  close(): void {
    this.db.close();
  }

  /**
   * The SQLite connection itself, for tests and benchmarks that look at the
   * file's internals (query plans, triggers, page sizes). Host code never uses
   * it: it goes through the methods here.
   */
  get connectionForInspection(): Database.Database {
    return this.db;
  }

  // ---- transactions (CommitBatcher)

  beginBatch(): void {
    this.db.exec('BEGIN IMMEDIATE');
  }

  commitBatch(): void {
    this.db.exec('COMMIT');
  }

  rollbackBatch(): void {
    this.db.exec('ROLLBACK');
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
    const row = this.db
      .prepare(
        `SELECT MAX(IFNULL((SELECT MAX(seq) FROM messages), 0), IFNULL((SELECT MAX(rev) FROM messages WHERE rev IS NOT NULL), 0),
                    IFNULL((SELECT MAX(created_seq) FROM channels), 0)) AS s`,
      )
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
    return { id: Number(result.lastInsertRowid), name, nameKey, passwordHash, isAdmin, deliveredSeq, removed: false };
  }

  /** `userId`'s first device signed in (delivery-positions.ts). */
  markOnline(userId: number): void {
    this.stmts.markOnline.run(userId);
  }

  /** Saves `userId`'s delivery position (it only moves forward) and clears the online mark. */
  saveDelivered(userId: number, seq: number): void {
    this.stmts.setDelivered.run(seq, userId);
  }

  /** After a crash: everyone still marked online was sent everything up to `seq`. Returns how many. */
  settleOnlineDeliveries(seq: number): number {
    return this.stmts.settleOnline.run(seq).changes;
  }

  insertToken(hash: string, userId: number): void {
    const now = Date.now();
    this.stmts.insertToken.run(hash, userId, now, now);
  }

  deleteToken(hash: string): void {
    this.stmts.deleteToken.run(hash);
  }

  /** Removes (or allows back) a person; removing also forgets all their resume tokens. */
  setUserRemoved(userId: number, removed: boolean): void {
    this.stmts.setRemoved.run(removed ? 1 : 0, userId);
    if (removed) this.stmts.deleteTokensOf.run(userId);
  }

  setUserAdmin(userId: number, admin: boolean): void {
    this.stmts.setAdmin.run(admin ? 1 : 0, userId);
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

  /** Inserts a message (indexed for search by the next indexPending()). Run many inside db.transaction for speed. */
  insertMessage(m: NewMessage): void {
    const mentions = m.mentions && m.mentions.length > 0 ? m.mentions : null;
    this.stmts.insertMessage.run(m.seq, m.conv, m.senderId, m.clientMsgId, m.kind, m.text, m.ts, m.replyTo ?? null, mentions && JSON.stringify(mentions));
    for (const userId of mentions ?? []) this.stmts.insertMention.run(userId, m.conv, m.seq);
  }

  /** New text (a file's caption too) and mentions for `message`; `rev` is the seq of this change. */
  editMessage(message: Message, text: string, mentions: number[], rev: number, change: MessageChange): void {
    for (const userId of message.mentions ?? []) this.stmts.deleteMentions.run(userId, message.conv, message.seq);
    const list = mentions.length > 0 ? JSON.stringify(mentions) : null;
    this.stmts.editMessage.run(text, Date.now(), list, rev, JSON.stringify(change), message.seq);
    if (message.file) this.stmts.setCaption.run(text, Date.now(), message.file.id);
    for (const userId of mentions) this.stmts.insertMention.run(userId, message.conv, message.seq);
  }

  /** Erases a message's text, caption, reactions and mentions; the row stays, marked deleted. */
  deleteMessage(message: Message, deletedBy: number, rev: number, change: MessageChange): void {
    for (const userId of message.mentions ?? []) this.stmts.deleteMentions.run(userId, message.conv, message.seq);
    this.stmts.deleteMessage.run(deletedBy, rev, JSON.stringify(change), message.seq);
    this.stmts.deleteReactions.run(message.seq);
    if (message.file) this.stmts.eraseFile.run(Date.now(), message.file.id);
  }

  /** Adds or removes one reaction; false when nothing changed (idempotent). Records the change as `rev`. */
  setReaction(seq: number, emoji: string, userId: number, on: boolean, rev: number, change: MessageChange): boolean {
    const changed = on
      ? this.stmts.addReaction.run(seq, emoji, userId, rev).changes > 0
      : this.stmts.removeReaction.run(seq, emoji, userId).changes > 0;
    if (changed) this.stmts.recordChange.run(rev, JSON.stringify(change), seq);
    return changed;
  }

  /** Whether adding `emoji` to message `seq` would exceed `max` different emoji. */
  reactionWouldExceed(seq: number, emoji: string, max: number): boolean {
    if (this.stmts.hasEmoji.get(seq, emoji)) return false;
    return Number((this.stmts.reactionEmojiCount.get(seq) as Row).n) >= max;
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

  /** Offered files (their relay copy never completed) announced at or before `offeredBefore`. */
  expiredOffers(offeredBefore: number): FileRow[] {
    return (this.stmts.expiredOffers.all(offeredBefore) as Row[]).map(toFile);
  }

  /**
   * An offer outlived the retention period without its relay copy: the row and
   * message stay, with `expiresAt` (when it ran out) in the past. False when it
   * is no longer offered (its copy completed meanwhile).
   */
  markOfferExpired(id: string, expiresAt: number): boolean {
    return this.stmts.markOfferExpired.run(expiresAt, Date.now(), id).changes > 0;
  }

  /** Unfinished uploads untouched since before `olderThan`. */
  staleUploads(olderThan: number): FileRow[] {
    return (this.stmts.staleUploads.all(olderThan) as Row[]).map(toFile);
  }

  /** Up to `limit` messages of `conv` older than `before`, oldest first. */
  history(conv: string, before: number, limit: number): Message[] {
    return (this.stmts.history.all(conv, before, limit) as Row[]).map(toMessage).reverse();
  }

  /** Up to `limit` messages of `conv` newer than `after`, oldest first. */
  historyAfter(conv: string, after: number, limit: number): Message[] {
    return (this.stmts.newer.all(conv, after, limit) as Row[]).map(toMessage);
  }

  /** Whether `conv` has a message older than `seq`. */
  hasOlder(conv: string, seq: number): boolean {
    return this.stmts.hasOlder.get(conv, seq) !== undefined;
  }

  /**
   * Full-text search over the conversations `userId` may read now (or only
   * `conv`, which the caller checked), newest first, deleted messages left
   * out. `match` comes from buildFtsQuery. Highlights are UTF-16 offsets.
   */
  /**
   * Adds every message not yet in the search index to it, in one statement
   * (one FTS5 segment), and returns how many were looked at. The host calls it
   * every SEARCH_INDEX_INTERVAL_MS; search() calls it first, so a search always
   * sees every committed message. Must not run inside someone else's open
   * transaction that may roll back (it commits its own).
   */
  indexPending(): number {
    const from = Number((this.stmts.indexedSeq.get() as Row).indexed_seq);
    const to = Number((this.stmts.maxMessageSeq.get() as Row).s);
    if (to <= from) return 0;
    this.db.transaction(() => {
      this.stmts.indexRange.run(from, to);
      this.stmts.setIndexedSeq.run(to);
    })();
    return to - from;
  }

  search(userId: number, match: string, opts: { conv?: string; before?: number; limit: number }): { hits: SearchHit[]; hasMore: boolean } {
    this.indexPending();
    const before = opts.before ?? Number.MAX_SAFE_INTEGER;
    const rows = (
      opts.conv === undefined
        ? this.stmts.searchAll.all(`{text} : (${match})`, before, userId, userId, userId, opts.limit + 1)
        : this.stmts.searchConv.all(`{text} : (${match}) AND {conv} : "${opts.conv.replace(/[^a-z0-9:]/g, '').replaceAll(':', 'x')}"`, before, opts.conv, opts.limit + 1)
    ) as Row[];
    const hasMore = rows.length > opts.limit;
    const hits = rows.slice(0, opts.limit).flatMap((row): SearchHit[] => {
      const message = this.messageBySeq(Number(row.seq));
      return message ? [{ message, highlights: highlightRanges(String(row.marked)) }] : [];
    });
    return { hits, hasMore };
  }

  // ---- read state

  /** Moves `userId`'s read position in `conv` forward to `seq`; returns the position now. */
  markRead(userId: number, conv: string, seq: number): number {
    this.stmts.markRead.run(userId, conv, seq);
    return this.readSeq(userId, conv);
  }

  readSeq(userId: number, conv: string): number {
    const row = this.stmts.readSeq.get(userId, conv) as Row | undefined;
    return row ? Number(row.read_seq) : 0;
  }

  setMuted(userId: number, conv: string, muted: boolean): void {
    this.stmts.setMuted.run(userId, conv, muted ? 1 : 0);
  }

  /**
   * Read state of each of `convs` for `userId` (PROTOCOL.md, "Read state"):
   * counts are bounded (UNREAD_COUNT_MAX), so this stays fast however much is unread.
   */
  convStates(userId: number, convs: Array<{ conv: string; peer?: number }>): ConvState[] {
    const own = new Map((this.stmts.convStateRows.all(userId) as Row[]).map((r) => [String(r.conv), r]));
    return convs.map(({ conv, peer }) => {
      const row = own.get(conv);
      const readSeq = row ? Number(row.read_seq) : 0;
      const state: ConvState = {
        conv,
        readSeq,
        unread: Number((this.stmts.unreadCount.get(conv, readSeq, userId) as Row).n),
        mentions: Number((this.stmts.mentionCount.get(userId, conv, readSeq) as Row).n),
        muted: row ? Number(row.muted) === 1 : false,
      };
      if (peer !== undefined) state.peerReadSeq = this.readSeq(peer, conv);
      return state;
    });
  }

  /**
   * Events after `after` that `userId` may see, in seq order, at most `limit`:
   * messages sent since (in their current state), messages changed since
   * (once, at the seq of their latest change) and channel creations.
   */
  replay(userId: number, after: number, limit: number): ChatEvent[] {
    const messages = (this.stmts.replayMessages.all(after, userId, userId, userId, limit) as Row[]).map(
      (r): ChatEvent => {
        const message = toMessage(r);
        return { seq: message.seq, type: 'message', message };
      },
    );
    const updates = (this.stmts.replayUpdates.all(after, after, userId, userId, userId, limit) as Row[]).map(
      (r): ChatEvent => ({
        seq: Number(r.rev),
        type: 'message.updated',
        message: toMessage(r),
        change: JSON.parse(String(r.change_json)) as MessageChange,
      }),
    );
    const channels = (this.stmts.replayChannels.all(after, limit) as Row[]).map((r): ChatEvent => {
      const c = toChannel(r);
      return {
        seq: c.createdSeq,
        type: 'channel.created',
        channel: { id: c.id, name: c.name, topic: c.topic, createdBy: c.createdBy, memberCount: 1 },
      };
    });
    return [...messages, ...updates, ...channels].sort((a, b) => a.seq - b.seq).slice(0, limit);
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
    removed: Number(r.removed) === 1,
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

/** [start, end) UTF-16 offsets of the text between the private markers of highlight(). */
function highlightRanges(marked: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let offset = 0;
  let start = -1;
  for (const part of marked.split(/([\u0001\u0002])/u)) {
    if (part === MARK_START) start = offset;
    else if (part === MARK_END) {
      if (start >= 0 && offset > start) ranges.push([start, offset]);
      start = -1;
    } else offset += part.length;
  }
  return ranges;
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
  if (r.edited_at !== null && r.edited_at !== undefined) message.editedAt = Number(r.edited_at);
  if (r.q_seq !== null && r.q_seq !== undefined) {
    const deleted = Number(r.q_deleted) === 1;
    message.replyTo = {
      seq: Number(r.q_seq),
      from: Number(r.q_from),
      fromName: String(r.q_from_name),
      kind: String(r.q_kind) as Message['kind'],
      text: deleted ? '' : String(r.q_text),
      ...(r.q_file_name !== null && r.q_file_name !== undefined && !deleted && { fileName: String(r.q_file_name) }),
      deleted,
    };
  }
  if (r.deleted_by !== null && r.deleted_by !== undefined) {
    // Deleted: the text is "" in the row already; no file, reactions or mentions.
    message.deleted = true;
    message.deletedBy = Number(r.deleted_by);
    return message;
  }
  if (r.mentions !== null && r.mentions !== undefined) message.mentions = JSON.parse(String(r.mentions)) as number[];
  if (r.reactions_json !== null && r.reactions_json !== undefined) {
    const reactions = JSON.parse(String(r.reactions_json)) as Reaction[];
    if (reactions.length > 0) message.reactions = reactions;
  }
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
