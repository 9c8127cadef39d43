// Messages (tables messages, reactions and mentions_index): writing them,
// editing and deleting them (with their file's caption), reactions, and
// reading them back one at a time or as a page of history.
import type Database from 'libsql';
import type { Message, MessageChange } from '../../../src-shared/protocol/frames.js';
import { IN_CONVERSATION_LIST, MESSAGE_SELECT, toMessage } from './message-rows.js';
import type { Row } from './row.js';

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
  /** An end-to-end encrypted DM's envelope (text is then ''). */
  e2e?: string | null;
  /** Seq of the thread root this reply belongs to, and whether it is also shown in the conversation. */
  threadRoot?: number | null;
  alsoToChannel?: boolean;
}

export class MessageStore {
  private readonly stmts;

  constructor(db: Database.Database) {
    this.stmts = {
      insertMessage: db.prepare(
        'INSERT INTO messages (seq, conv, sender_id, client_msg_id, kind, text, created_at, reply_to, mentions, e2e, thread_root, also_to_channel) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      insertMention: db.prepare('INSERT OR IGNORE INTO mentions_index (user_id, conv, seq) VALUES (?, ?, ?)'),
      deleteMentions: db.prepare('DELETE FROM mentions_index WHERE user_id = ? AND conv = ? AND seq = ?'),
      editMessage: db.prepare('UPDATE messages SET text = ?, e2e = ?, edited_at = ?, mentions = ?, rev = ?, change_json = ? WHERE seq = ?'),
      deleteMessage: db.prepare(
        'UPDATE messages SET text = \'\', e2e = NULL, mentions = NULL, deleted_by = ?, rev = ?, change_json = ? WHERE seq = ?',
      ),
      recordChange: db.prepare('UPDATE messages SET rev = ?, change_json = ? WHERE seq = ?'),
      deleteReactions: db.prepare('DELETE FROM reactions WHERE message_seq = ?'),
      addReaction: db.prepare('INSERT OR IGNORE INTO reactions (message_seq, emoji, user_id, created_seq) VALUES (?, ?, ?, ?)'),
      removeReaction: db.prepare('DELETE FROM reactions WHERE message_seq = ? AND emoji = ? AND user_id = ?'),
      reactionEmojiCount: db.prepare('SELECT COUNT(DISTINCT emoji) AS n FROM reactions WHERE message_seq = ?'),
      hasEmoji: db.prepare('SELECT 1 FROM reactions WHERE message_seq = ? AND emoji = ? LIMIT 1'),
      // A file message's caption is its text: editing or deleting the message changes the file's row too.
      setCaption: db.prepare('UPDATE files SET caption = ?, updated_at = ? WHERE id = ?'),
      eraseFile: db.prepare(`UPDATE files SET state = 'expired', caption = '', thumbnail = NULL, e2e = NULL, updated_at = ? WHERE id = ?`),
      messageBySeq: db.prepare(`${MESSAGE_SELECT} WHERE m.seq = ?`),
      messageByClientId: db.prepare(
        `${MESSAGE_SELECT}
         WHERE m.sender_id = ? AND m.client_msg_id = ?`,
      ),
      history: db.prepare(
        `${MESSAGE_SELECT}
         WHERE m.conv = ? AND m.seq < ? AND ${IN_CONVERSATION_LIST} ORDER BY m.seq DESC LIMIT ?`,
      ),
      newer: db.prepare(`${MESSAGE_SELECT} WHERE m.conv = ? AND m.seq > ? AND ${IN_CONVERSATION_LIST} ORDER BY m.seq LIMIT ?`),
      hasOlder: db.prepare(`SELECT 1 FROM messages m WHERE m.conv = ? AND m.seq < ? AND ${IN_CONVERSATION_LIST} LIMIT 1`),
      threadReplies: db.prepare(`${MESSAGE_SELECT} WHERE m.thread_root = ? AND m.seq < ? ORDER BY m.seq DESC LIMIT ?`),
      recordChangeOnly: db.prepare('UPDATE messages SET rev = ?, change_json = ? WHERE seq = ?'),
    };
  }

  /** Inserts a message (indexed for search by the next SearchIndex.indexPending()). Run many inside one transaction for speed. */
  insert(m: NewMessage): void {
    const mentions = m.mentions && m.mentions.length > 0 ? m.mentions : null;
    this.stmts.insertMessage.run(m.seq, m.conv, m.senderId, m.clientMsgId, m.kind, m.text, m.ts, m.replyTo ?? null, mentions && JSON.stringify(mentions), m.e2e ?? null, m.threadRoot ?? null, m.alsoToChannel ? 1 : 0);
    for (const userId of mentions ?? []) this.stmts.insertMention.run(userId, m.conv, m.seq);
  }

  /**
   * New text (a file's caption too) and mentions for `message`; `rev` is the
   * seq of this change. `e2e`: the new envelope of an encrypted message (text '').
   */
  edit(message: Message, text: string, mentions: number[], rev: number, change: MessageChange, e2e: string | null = null): void {
    for (const userId of message.mentions ?? []) this.stmts.deleteMentions.run(userId, message.conv, message.seq);
    const list = mentions.length > 0 ? JSON.stringify(mentions) : null;
    this.stmts.editMessage.run(text, e2e, Date.now(), list, rev, JSON.stringify(change), message.seq);
    if (message.file) this.stmts.setCaption.run(text, Date.now(), message.file.id);
    for (const userId of mentions) this.stmts.insertMention.run(userId, message.conv, message.seq);
  }

  /** Erases a message's text (or envelope), caption, reactions and mentions; the row stays, marked deleted. */
  delete(message: Message, deletedBy: number, rev: number, change: MessageChange): void {
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

  /** Records a change of `seq` that is not to its own row (a thread reply added or deleted) as its latest, `rev`, for replay. */
  recordChange(seq: number, rev: number, change: MessageChange): void {
    this.stmts.recordChangeOnly.run(rev, JSON.stringify(change), seq);
  }

  /** Up to `limit` replies in the thread of `root` older than `before`, oldest first (deleted ones too, as in a conversation). */
  threadReplies(root: number, before: number, limit: number): Message[] {
    return (this.stmts.threadReplies.all(root, before, limit) as Row[]).map(toMessage).reverse();
  }

  /** Whether adding `emoji` to message `seq` would exceed `max` different emoji. */
  reactionWouldExceed(seq: number, emoji: string, max: number): boolean {
    if (this.stmts.hasEmoji.get(seq, emoji)) return false;
    return Number((this.stmts.reactionEmojiCount.get(seq) as Row).n) >= max;
  }

  // ---- reading

  bySeq(seq: number): Message | undefined {
    const row = this.stmts.messageBySeq.get(seq) as Row | undefined;
    return row ? toMessage(row) : undefined;
  }

  byClientId(senderId: number, clientMsgId: string): Message | undefined {
    const row = this.stmts.messageByClientId.get(senderId, clientMsgId) as Row | undefined;
    return row ? toMessage(row) : undefined;
  }

  /** Up to `limit` messages of `conv`'s own list (no thread-only replies) older than `before`, oldest first. */
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
}
