// Read state (table conv_state; PROTOCOL.md, "Read state"): how far each
// person has read in each conversation, whether they muted it, and their
// unread and mention counts.
import type Database from 'libsql';
import { UNREAD_COUNT_MAX } from '../../../src-shared/limits.js';
import type { ConvState } from '../../../src-shared/protocol/frames.js';
import type { Row } from './row.js';

/**
 * The badge counts (parameters: conv, read seq, user id / user id, conv, read
 * seq). Both stop at UNREAD_COUNT_MAX and walk an index from the read
 * position on, so a sign-in's read state costs the same however much is
 * unread (test/integration/session-database.test.ts checks the query plans).
 */
export const UNREAD_COUNT_SQL = `SELECT COUNT(*) AS n FROM (SELECT 1 FROM messages WHERE conv = ? AND seq > ? AND sender_id != ?
  AND kind IN ('text', 'file') AND deleted_by IS NULL
  AND (thread_root IS NULL OR also_to_channel = 1) LIMIT ${UNREAD_COUNT_MAX})`;
// A mention in a thread-only reply is the thread's (it follows the thread and notifies there), not the conversation's badge.
export const MENTION_COUNT_SQL = `SELECT COUNT(*) AS n FROM (SELECT 1 FROM mentions_index i JOIN messages m ON m.seq = i.seq
  WHERE i.user_id = ? AND i.conv = ? AND i.seq > ? AND (m.thread_root IS NULL OR m.also_to_channel = 1) LIMIT ${UNREAD_COUNT_MAX})`;

export class ReadStateStore {
  private readonly stmts;

  constructor(db: Database.Database) {
    this.stmts = {
      convStateRows: db.prepare('SELECT conv, read_seq, muted FROM conv_state WHERE user_id = ?'),
      readSeq: db.prepare('SELECT read_seq FROM conv_state WHERE user_id = ? AND conv = ?'),
      markRead: db.prepare(
        `INSERT INTO conv_state (user_id, conv, read_seq) VALUES (?, ?, ?)
         ON CONFLICT(user_id, conv) DO UPDATE SET read_seq = MAX(read_seq, excluded.read_seq)`,
      ),
      setMuted: db.prepare(
        `INSERT INTO conv_state (user_id, conv, muted) VALUES (?, ?, ?)
         ON CONFLICT(user_id, conv) DO UPDATE SET muted = excluded.muted`,
      ),
      unreadCount: db.prepare(UNREAD_COUNT_SQL),
      mentionCount: db.prepare(MENTION_COUNT_SQL),
    };
  }

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
}
