// Who follows which thread and how far they read it (table thread_follow;
// PROTOCOL.md, "Threads"). A person follows a thread when they wrote its root,
// replied in it or were mentioned in a reply; following is what makes a reply
// count as unread for them. The read model is the simplest honest one, like a
// conversation's: the highest reply seq read, moving only forward.
import type Database from 'libsql';
import { THREADS_UNREAD_MAX, UNREAD_COUNT_MAX } from '../../../src-shared/limits.js';
import type { ThreadState } from '../../../src-shared/protocol/frames.js';
import type { Row } from './row.js';

export class ThreadStore {
  private readonly stmts;

  constructor(db: Database.Database) {
    this.stmts = {
      follow: db.prepare('INSERT OR IGNORE INTO thread_follow (user_id, root_seq, conv, read_seq) VALUES (?, ?, ?, ?)'),
      markRead: db.prepare('UPDATE thread_follow SET read_seq = MAX(read_seq, ?) WHERE user_id = ? AND root_seq = ?'),
      followRow: db.prepare('SELECT conv, read_seq FROM thread_follow WHERE user_id = ? AND root_seq = ?'),
      followers: db.prepare('SELECT user_id FROM thread_follow WHERE root_seq = ?'),
      newestReply: db.prepare('SELECT MAX(seq) AS seq, MAX(created_at) AS ts FROM messages WHERE thread_root = ? AND deleted_by IS NULL'),
      unread: db.prepare(
        `SELECT COUNT(*) AS n FROM (SELECT 1 FROM messages WHERE thread_root = ? AND seq > ? AND sender_id != ?
           AND deleted_by IS NULL LIMIT ${UNREAD_COUNT_MAX})`,
      ),
      // Followed threads in conversations the person may read now, with a reply from someone else after their position.
      unreadThreads: db.prepare(
        `SELECT f.root_seq, f.conv, f.read_seq, MAX(t.created_at) AS last_ts
         FROM thread_follow f JOIN messages t ON t.thread_root = f.root_seq
         WHERE f.user_id = ? AND t.seq > f.read_seq AND t.sender_id != f.user_id AND t.deleted_by IS NULL
           AND (f.conv IN (SELECT 'ch:' || channel_id FROM channel_members WHERE user_id = f.user_id)
                OR f.conv IN (SELECT conv FROM dms WHERE user_a = f.user_id OR user_b = f.user_id))
         GROUP BY f.root_seq ORDER BY last_ts DESC LIMIT ${THREADS_UNREAD_MAX}`,
      ),
    };
  }

  /** `userId` follows the thread of `root` from now on (no-op if they do); `readSeq`: where they start reading. */
  follow(userId: number, root: number, conv: string, readSeq: number): void {
    this.stmts.follow.run(userId, root, conv, readSeq);
  }

  /** Moves `userId`'s position in the thread forward (following it if they did not); returns their state now. */
  markRead(userId: number, root: number, conv: string, seq: number): ThreadState {
    this.follow(userId, root, conv, 0);
    this.stmts.markRead.run(seq, userId, root);
    return this.state(userId, root)!;
  }

  /** Everyone following the thread of `root`. */
  followers(root: number): number[] {
    return (this.stmts.followers.all(root) as Row[]).map((r) => Number(r.user_id));
  }

  /** `userId`'s state of the thread of `root`, or undefined when they do not follow it. */
  state(userId: number, root: number): ThreadState | undefined {
    const row = this.stmts.followRow.get(userId, root) as Row | undefined;
    if (!row) return undefined;
    const readSeq = Number(row.read_seq);
    const newest = this.stmts.newestReply.get(root) as Row;
    return {
      conv: String(row.conv),
      root,
      readSeq,
      unread: Number((this.stmts.unread.get(root, readSeq, userId) as Row).n),
      lastReplyAt: newest.ts === null ? 0 : Number(newest.ts),
    };
  }

  /** Followed threads with unread replies, the most recently active first (the sign-in snapshot's `threads`). */
  unreadThreads(userId: number): ThreadState[] {
    return (this.stmts.unreadThreads.all(userId) as Row[]).map((r) => {
      const root = Number(r.root_seq);
      const readSeq = Number(r.read_seq);
      return {
        conv: String(r.conv),
        root,
        readSeq,
        unread: Number((this.stmts.unread.get(root, readSeq, userId) as Row).n),
        lastReplyAt: Number(r.last_ts),
      };
    });
  }
}
