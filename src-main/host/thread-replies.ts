// Thread replies on the host (PROTOCOL.md, "Threads"): which message may be a
// thread's root, what a new or deleted reply changes (who follows the thread,
// the root's summary, recorded as a change of the root for replay), and who is
// told. A reply itself is written like any message (message-writer.ts), so
// history, replay, search and deletion treat it as one.
import type { Message, MessageChange } from '../../src-shared/protocol/frames.js';
import { membersOf, type Conversation } from './conversation-access.js';
import type { SessionDatabase } from './database/session-database.js';
import type { FanOut } from './fan-out.js';
import { RequestError } from './request-error.js';
import type { SeqCounter } from './seq-counter.js';

/** The root's new state after a reply was added or deleted, as the `message.updated` event to send. */
export interface RootUpdate {
  rev: number;
  root: Message;
  change: MessageChange;
}

/** The message `rootSeq` if a reply in `conv` may go in its thread; a RequestError (field threadRoot) saying what to do otherwise. */
export function checkThreadRoot(db: SessionDatabase, conv: Conversation, rootSeq: number): Message {
  const root = db.messages.bySeq(rootSeq);
  if (!root || root.conv !== conv.key) {
    throw new RequestError('message_not_found', 'The thread you reply in is not in this conversation; open the thread again from its message.', 'threadRoot');
  }
  if (root.threadRoot !== undefined) {
    throw new RequestError('not_allowed', `That message is itself a reply in a thread: reply in its thread (threadRoot ${root.threadRoot}).`, 'threadRoot');
  }
  if (root.kind !== 'text' && root.kind !== 'file') throw new RequestError('not_allowed', 'Join and leave notices have no threads; reply in the conversation.', 'threadRoot');
  if (root.deleted) throw new RequestError('message_deleted', 'The message this thread belongs to was deleted; new replies are closed. Reply in the conversation instead.', 'threadRoot');
  return root;
}

/**
 * Inside the batch, after `reply` was written: its root's author, its sender
 * (read up to their own reply) and anyone it mentions follow the thread, and
 * the root's new summary is recorded as a change with the next seq.
 */
export function recordThreadReply(db: SessionDatabase, seq: SeqCounter, conv: Conversation, reply: Message): RootUpdate {
  const rootSeq = reply.threadRoot!;
  const root = db.messages.bySeq(rootSeq)!;
  db.threads.follow(root.from, rootSeq, conv.key, 0);
  db.threads.follow(reply.from, rootSeq, conv.key, reply.seq);
  db.threads.markRead(reply.from, rootSeq, conv.key, reply.seq);
  for (const userId of reply.mentions ?? []) db.threads.follow(userId, rootSeq, conv.key, 0);
  return rootChanged(db, seq, rootSeq, { id: reply.from, name: reply.fromName });
}

/** Inside the batch: the thread of `rootSeq` changed (a reply added or deleted by `by`); records it on the root with the next seq. */
export function rootChanged(db: SessionDatabase, seq: SeqCounter, rootSeq: number, by: { id: number; name: string }): RootUpdate {
  const rev = seq.next();
  const change: MessageChange = { kind: 'thread', by };
  db.messages.recordChange(rootSeq, rev, change);
  return { rev, root: db.messages.bySeq(rootSeq)!, change };
}

/**
 * After the commit: the root's new summary to everyone in the conversation,
 * and to each follower's devices their state of the thread (unread replies),
 * which is how a reply notifies the people in the thread.
 */
export function publishThreadChange(db: SessionDatabase, fanOut: FanOut, conv: Conversation, update: RootUpdate): void {
  fanOut.event({ seq: update.rev, type: 'message.updated', message: update.root, change: update.change }, membersOf(conv));
  const members = new Set(membersOf(conv));
  for (const userId of db.threads.followers(update.root.seq)) {
    if (!members.has(userId)) continue; // left the channel: the thread is no longer theirs to read
    const thread = db.threads.state(userId, update.root.seq);
    if (thread) fanOut.toDevices([userId], { type: 'thread', thread });
  }
}
