// Catching a person up at sign-in (PROTOCOL.md, "Sequence numbers and
// delivery"): the events after a position that they may see, rebuilt from the
// rows (messages, their latest changes, channel creations), which share one
// seq counter.
import type Database from 'libsql';
import type { ChatEvent, MessageChange } from '../../../src-shared/protocol/frames.js';
import { toChannel } from './channel-store.js';
import { MESSAGE_SELECT, VISIBLE_CONVS, toMessage } from './message-rows.js';
import type { Row } from './row.js';

export class EventReplay {
  private readonly stmts;

  constructor(db: Database.Database) {
    this.stmts = {
      replayMessages: db.prepare(`${MESSAGE_SELECT} WHERE m.seq > ? AND ${VISIBLE_CONVS} ORDER BY m.seq LIMIT ?`),
      replayUpdates: db.prepare(
        `${MESSAGE_SELECT} WHERE m.rev > ? AND m.seq <= ? AND ${VISIBLE_CONVS} ORDER BY m.rev LIMIT ?`,
      ),
      replayChannels: db.prepare('SELECT * FROM channels WHERE created_seq > ? ORDER BY created_seq LIMIT ?'),
    };
  }

  /**
   * Events after `after` that `userId` may see, in seq order, at most `limit`:
   * messages sent since (in their current state), messages changed since
   * (once, at the seq of their latest change) and channel creations.
   */
  eventsAfter(userId: number, after: number, limit: number): ChatEvent[] {
    const messages = (this.stmts.replayMessages.all(after, userId, userId, userId, limit) as Row[]).map(
      (r): ChatEvent => {
        const message = toMessage(r);
        // A reply only in a thread is not part of the conversation's list (PROTOCOL.md, "Threads").
        const threadOnly = message.threadRoot !== undefined && message.alsoToChannel !== true;
        return { seq: message.seq, type: threadOnly ? 'thread.reply' : 'message', message };
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
