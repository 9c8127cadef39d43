// Writes a message with the next sequence number, inside a batch: who it
// mentions is worked out here, a DM's last activity is moved, and the
// Message clients see is returned.
import type { FileInfo, Message } from '../../src-shared/protocol/frames.js';
import type { Conversation, ConversationAccess } from './conversation-access.js';
import type { SessionDatabase } from './database/session-database.js';
import type { UserRow } from './database/user-store.js';
import type { SeqCounter } from './seq-counter.js';

export interface NewMessageFields {
  kind: Message['kind'];
  text: string;
  clientMsgId: string | null;
  file?: FileInfo;
  /** Seq of the message this one replies to (checked by the caller). */
  replyTo?: number;
  /** An end-to-end encrypted DM's envelope (checked by the caller; text is then ''). No mentions: the host cannot read it. */
  e2e?: string;
  /** A thread reply: the root's seq (checked by the caller), and whether it is also shown in the conversation. */
  threadRoot?: number;
  alsoToChannel?: boolean;
}

export class MessageWriter {
  constructor(
    private readonly db: SessionDatabase,
    private readonly seq: SeqCounter,
    private readonly access: ConversationAccess,
  ) {}

  /** Inserts the message; runs inside a batch (CommitBatcher), which rolls the seq back if the write fails. */
  write(conv: Conversation, sender: UserRow, fields: NewMessageFields): Message {
    const { kind, text, clientMsgId, file, replyTo, e2e, threadRoot, alsoToChannel } = fields;
    const seq = this.seq.next();
    const ts = Date.now();
    const mentions = (kind === 'text' || kind === 'file') && e2e === undefined ? this.access.mentionsIn(conv, sender.id, text) : [];
    this.db.messages.insert({ seq, conv: conv.key, senderId: sender.id, senderName: sender.name, clientMsgId, kind, text, ts, replyTo: replyTo ?? null, mentions, e2e: e2e ?? null, threadRoot: threadRoot ?? null, alsoToChannel: alsoToChannel === true });
    if (conv.kind === 'dm') this.db.channels.touchDm(conv.key, conv.userIds[0], conv.userIds[1], seq);
    // A reply's quote is read back from the database (the original as it is now).
    if (replyTo !== undefined || threadRoot !== undefined) return this.db.messages.bySeq(seq)!;
    return { seq, conv: conv.key, from: sender.id, fromName: sender.name, clientMsgId, kind, text, ts, ...(file && { file }), ...(mentions.length > 0 && { mentions }), ...(e2e !== undefined && { e2e }) };
  }

  /**
   * A join or leave notice in a channel. Joining also moves the joiner's read
   * position to their own notice: what was said before they joined is
   * history, not unread (as in Slack and Mattermost) — so a new member of a
   * busy #general opens it at the newest messages, with no unread badge and
   * no "New messages" line above 200 messages they never missed.
   */
  notice(conv: Conversation, person: UserRow, kind: 'join' | 'leave'): Message {
    const message = this.write(conv, person, { kind, text: '', clientMsgId: null });
    if (kind === 'join') this.db.readState.markRead(person.id, conv.key, message.seq);
    return message;
  }
}
