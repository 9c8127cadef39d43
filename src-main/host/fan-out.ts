// Sending to the people a change concerns. Events (with a seq) are serialised
// once and queued per connection, and every connection's queue goes out as
// one frame at the end of the turn (after the commit that made them), so a
// burst of N messages costs each client one frame, not N. Notices without a
// seq (typing, read, presence, user) go out at once.
import type { ChatEvent, Message } from '../../src-shared/protocol/frames.js';
import { membersOf, type Conversation } from './conversation-access.js';
import { isThreadEvent } from './event-groups.js';
import type { HostConnection } from './host-connection.js';
import type { SessionState } from './session-state.js';

export class FanOut {
  private readonly dirty = new Set<HostConnection>();
  private flushScheduled = false;

  constructor(private readonly state: SessionState) {}

  /** Queues one event for every connection of the given users, and counts it as delivered to them. */
  event(event: ChatEvent, userIds: Iterable<number>): void {
    const serialised = JSON.stringify(event);
    const thread = isThreadEvent(event);
    for (const userId of userIds) {
      const user = this.state.user(userId);
      if (!user || user.connections.size === 0) continue;
      for (const conn of user.connections) conn.queueEvent(serialised, event.seq, thread);
      if (event.seq > user.deliveredSeq) user.deliveredSeq = event.seq;
    }
  }

  /** A new message, to everyone in its conversation (a reply only in a thread as a `thread.reply` event). */
  message(message: Message, conv: Conversation): void {
    const type = message.threadRoot !== undefined && message.alsoToChannel !== true ? 'thread.reply' : 'message';
    this.event({ seq: message.seq, type, message }, membersOf(conv));
  }

  /** A notice without a seq to every device of `userIds`, but not to `except`. */
  toDevices(userIds: Iterable<number>, frame: object, except?: HostConnection): void {
    for (const conn of this.state.devicesOf(userIds)) if (conn !== except) conn.sendFrame(frame);
  }

  /** A notice to every signed-in device, but not to `exceptUserId`'s. */
  toEveryone(frame: object, exceptUserId?: number): void {
    for (const user of this.state.allUsers()) {
      if (user.id === exceptUserId) continue;
      for (const conn of user.connections) conn.sendFrame(frame);
    }
  }

  /** HostConnection calls this when its queue goes from empty to not. */
  markDirty(conn: HostConnection): void {
    this.dirty.add(conn);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** A closed connection has nothing left to send. */
  forget(conn: HostConnection): void {
    this.dirty.delete(conn);
  }

  /** Sends each connection everything queued for it as one frame. */
  flush(): void {
    this.flushScheduled = false;
    const shared = new Map<string, Buffer>();
    for (const conn of this.dirty) conn.flushEvents(shared);
    this.dirty.clear();
  }
}
