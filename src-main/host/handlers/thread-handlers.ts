// Threads (PROTOCOL.md, "Threads"): a page of a thread's replies, and "I have
// read this thread up to here". Replying is `send` with `threadRoot`
// (message-handlers.ts, thread-replies.ts). Same membership checks as the
// conversation: whoever may read the conversation may read its threads.
import { THREAD_PAGE_DEFAULT } from '../../../src-shared/limits.js';
import type { ReplyData } from '../../../src-shared/protocol/frames.js';
import { RequestError } from '../request-error.js';
import { commitThenReply, type Handlers, type HostParts } from './request-context.js';

export function threadHandlers(parts: HostParts): Handlers<'thread.history' | 'thread.read'> {
  const { db, access, fanOut } = parts;

  const rootIn = (convKey: string, rootSeq: number) => {
    const root = db.messages.bySeq(rootSeq);
    if (!root || root.conv !== convKey || root.threadRoot !== undefined) {
      throw new RequestError('message_not_found', `There is no thread of message ${rootSeq} in this conversation.`, 'root');
    }
    return root;
  };

  return {
    'thread.history': (conn, frame) => {
      const conv = access.require(conn.user.id, frame.conv);
      const root = rootIn(conv.key, frame.root);
      const limit = frame.limit ?? THREAD_PAGE_DEFAULT;
      const rows = db.messages.threadReplies(root.seq, frame.before ?? Number.MAX_SAFE_INTEGER, limit + 1);
      const more = rows.length > limit;
      conn.reply(frame.id, { conv: conv.key, root, messages: more ? rows.slice(1) : rows, hasMore: more } satisfies ReplyData<'thread.history'>);
    },

    'thread.read': (conn, frame) => {
      const conv = access.require(conn.user.id, frame.conv);
      const userId = conn.user.id;
      rootIn(conv.key, frame.root);
      commitThenReply(parts, conn, frame.id, () => db.threads.markRead(userId, frame.root, conv.key, frame.seq), {
        reply: (thread) => thread satisfies ReplyData<'thread.read'>,
        // The reader's other devices clear the thread's unread mark too.
        publish: (thread) => fanOut.toDevices([userId], { type: 'thread', thread }, conn),
      });
    },
  };
}
