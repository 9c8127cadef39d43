// Conversations (tables channels, channel_members and dms): channels and who
// has joined them, and the DMs that exist with their latest message.
import type Database from 'libsql';
import { GENERAL_CHANNEL_ID, GENERAL_CHANNEL_NAME } from '../../../src-shared/protocol/conversations.js';
import type { Row } from './row.js';

export interface ChannelRow {
  id: number;
  name: string;
  topic: string;
  createdBy: number | null;
  createdSeq: number;
  /** Read-only (0.10.0): no sends, edits or reactions; still readable and searchable. */
  archived: boolean;
}
export interface DmRow {
  conv: string;
  userA: number;
  userB: number;
  lastSeq: number;
}

export class ChannelStore {
  private readonly stmts;

  constructor(private readonly db: Database.Database) {
    this.stmts = {
      upsertDm: db.prepare(
        `INSERT INTO dms (conv, user_a, user_b, last_seq) VALUES (?, ?, ?, ?)
         ON CONFLICT(conv) DO UPDATE SET last_seq = excluded.last_seq`,
      ),
      insertMember: db.prepare('INSERT OR IGNORE INTO channel_members (channel_id, user_id, joined_at) VALUES (?, ?, ?)'),
      deleteMember: db.prepare('DELETE FROM channel_members WHERE channel_id = ? AND user_id = ?'),
      insertChannel: db.prepare(
        'INSERT INTO channels (name, topic, created_by, created_seq, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
    };
  }

  /** Creates #general (created at `seq`) unless it exists. */
  ensureGeneral(seq: number): void {
    const exists = this.db.prepare('SELECT 1 FROM channels WHERE id = ?').get(GENERAL_CHANNEL_ID);
    if (exists) return;
    this.db
      .prepare('INSERT INTO channels (id, name, topic, created_by, created_seq, created_at) VALUES (?, ?, ?, NULL, ?, ?)')
      .run(GENERAL_CHANNEL_ID, GENERAL_CHANNEL_NAME, 'Everyone in the session', seq, Date.now());
  }

  all(): ChannelRow[] {
    return (this.db.prepare('SELECT * FROM channels ORDER BY id').all() as Row[]).map(toChannel);
  }

  insert(name: string, topic: string, createdBy: number, seq: number): ChannelRow {
    const result = this.stmts.insertChannel.run(name, topic, createdBy, seq, Date.now());
    return { id: Number(result.lastInsertRowid), name, topic, createdBy, createdSeq: seq, archived: false };
  }

  /** Renames and/or re-topics a channel (the caller checked the rules and who may). */
  update(channelId: number, change: { name?: string; topic?: string }): void {
    if (change.name !== undefined) this.db.prepare('UPDATE channels SET name = ? WHERE id = ?').run(change.name, channelId);
    if (change.topic !== undefined) this.db.prepare('UPDATE channels SET topic = ? WHERE id = ?').run(change.topic, channelId);
  }

  setArchived(channelId: number, archived: boolean): void {
    this.db.prepare('UPDATE channels SET archived = ? WHERE id = ?').run(archived ? 1 : 0, channelId);
  }

  // ---- memberships

  allMemberships(): Array<{ channelId: number; userId: number }> {
    return (this.db.prepare('SELECT channel_id, user_id FROM channel_members').all() as Row[]).map((r) => ({
      channelId: Number(r.channel_id),
      userId: Number(r.user_id),
    }));
  }

  addMember(channelId: number, userId: number): void {
    this.stmts.insertMember.run(channelId, userId, Date.now());
  }

  removeMember(channelId: number, userId: number): void {
    this.stmts.deleteMember.run(channelId, userId);
  }

  // ---- DMs

  /** Records that DM `conv` between `userA` and `userB` exists and its latest message is `seq`. */
  touchDm(conv: string, userA: number, userB: number, seq: number): void {
    this.stmts.upsertDm.run(conv, userA, userB, seq);
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
}

export function toChannel(r: Row): ChannelRow {
  return {
    id: Number(r.id),
    name: String(r.name),
    topic: String(r.topic),
    createdBy: r.created_by === null ? null : Number(r.created_by),
    createdSeq: Number(r.created_seq),
    archived: Number(r.archived ?? 0) === 1,
  };
}
