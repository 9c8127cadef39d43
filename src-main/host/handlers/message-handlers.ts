// Messages: send, history, edit, delete, react, search, typing.
import { HISTORY_PAGE_DEFAULT, REACTIONS_MAX_PER_MESSAGE, REACTION_EMOJI_MAX_CHARS, SEARCH_PAGE_DEFAULT } from '../../../src-shared/limits.js';
import { isSingleEmoji } from '../../../src-shared/emoji.js';
import type { Message, MessageChange, ReplyData } from '../../../src-shared/protocol/frames.js';
import { assertWritable, membersOf, type Conversation } from '../conversation-access.js';
import { checkE2eFields, checkEnvelope } from '../e2e-envelope-check.js';
import { checkedText, RequestError } from '../request-error.js';
import { buildFtsQuery } from '../search-query.js';
import { checkThreadRoot, publishThreadChange, recordThreadReply, rootChanged, type RootUpdate } from '../thread-replies.js';
import { commitThenReply, type Handlers, type HostParts, type SignedInConnection } from './request-context.js';

export function messageHandlers(parts: HostParts): Handlers<'send' | 'history' | 'message.edit' | 'message.delete' | 'react' | 'search' | 'typing'> {
  const { db, state, access, seq, fanOut } = parts;

  /**
   * message.edit / message.delete / react: finds message `frame.seq` (one the
   * user may read) inside a batch and lets `apply` change it. `apply` returns
   * the change (having taken the next seq as the change's own), or null when
   * nothing changed: then the reply carries the message and no event goes out.
   * `afterCommit` gets the message as it was before.
   */
  const changeMessage = (
    conn: SignedInConnection,
    frame: { id: string; seq: number },
    apply: (message: Message, conv: Conversation) => MessageChange | null,
    afterCommit?: (before: Message) => void,
    /** Deletion stays possible in an archived channel (moderation); edits and reactions do not. */
    inArchived = false,
  ): void =>
    commitThenReply(
      parts,
      conn,
      frame.id,
      () => {
        const before = db.messages.bySeq(frame.seq);
        const conv = before && access.readable(conn.user.id, before.conv);
        if (!before || !conv) {
          throw new RequestError('message_not_found', 'There is no such message in your conversations; it may have been in one you left.', 'seq');
        }
        if (!inArchived) assertWritable(conv);
        // The change takes the first seq after this; a deleted thread reply's root update takes the one after that.
        const rev = seq.last + 1;
        const change = apply(before, conv);
        return { before, conv, change, rev, message: change ? db.messages.bySeq(frame.seq)! : before };
      },
      {
        reply: ({ message }) => ({ message }),
        publish: ({ before, conv, change, rev, message }) => {
          if (!change) return;
          fanOut.event({ seq: rev, type: 'message.updated', message, change }, membersOf(conv));
          afterCommit?.(before);
        },
      },
    );

  /**
   * message.edit of an end-to-end encrypted message: a new envelope for the
   * same message id (text ""). An encrypted message is never edited into
   * plain text, nor a plain one into an encrypted one.
   */
  const editEncrypted = (user: { id: number; name: string }, message: Message, conv: Conversation, frame: { text: string; e2e?: string | undefined }): MessageChange | null => {
    if (message.e2e === undefined) throw new RequestError('invalid_field', 'This message is not end-to-end encrypted: edit it as text, without e2e.', 'e2e');
    if (frame.e2e === undefined) throw new RequestError('invalid_field', 'This message is end-to-end encrypted: edit it with a new envelope in e2e (text "").', 'e2e');
    checkE2eFields(conv, { text: frame.text, e2e: frame.e2e });
    if (conv.kind !== 'dm' || message.clientMsgId === null) throw new RequestError('not_allowed', 'That message cannot be edited.', 'seq');
    checkEnvelope(frame.e2e, { conv, messageId: message.clientMsgId, senderId: user.id }, db.devices);
    if (frame.e2e === message.e2e) return null;
    const change: MessageChange = { kind: 'edit', by: { id: user.id, name: user.name } };
    db.messages.edit(message, '', [], seq.next(), change, frame.e2e);
    return change;
  };

  return {
    send: (conn, frame) => {
      const { e2e } = frame;
      // An encrypted DM has text "" (its text is inside e2e): the empty-text rule is not for it.
      const text = e2e === undefined ? checkedText(frame.text, 'message') : '';
      const conv = access.requireWritable(conn.user.id, frame.conv);
      checkE2eFields(conv, { text: frame.text, e2e });
      if (e2e !== undefined && conv.kind === 'dm') checkEnvelope(e2e, { conv, messageId: frame.clientMsgId, senderId: conn.user.id }, db.devices);
      if (frame.alsoToChannel !== undefined && frame.threadRoot === undefined) {
        throw new RequestError('invalid_field', 'alsoToChannel goes with threadRoot: leave it out for a message in the conversation.', 'alsoToChannel');
      }
      const sender = state.signedIn(conn);
      commitThenReply(
        parts,
        conn,
        frame.id,
        (): { message: Message; duplicate: boolean; thread?: RootUpdate } => {
          const existing = db.messages.byClientId(sender.id, frame.clientMsgId);
          if (existing) return { message: existing, duplicate: true };
          if (frame.threadRoot !== undefined) checkThreadRoot(db, conv, frame.threadRoot);
          if (frame.replyTo !== undefined) {
            const original = db.messages.bySeq(frame.replyTo);
            if (!original || original.conv !== conv.key) {
              throw new RequestError('message_not_found', 'The message you reply to is not in this conversation; pick another.', 'replyTo');
            }
            if (original.deleted) throw new RequestError('message_deleted', 'The message you reply to was deleted; send without the reply.', 'replyTo');
          }
          const message = parts.messages.write(conv, sender, {
            kind: 'text',
            text,
            clientMsgId: frame.clientMsgId,
            ...(frame.replyTo !== undefined && { replyTo: frame.replyTo }),
            ...(e2e !== undefined && { e2e }),
            ...(frame.threadRoot !== undefined && { threadRoot: frame.threadRoot, alsoToChannel: frame.alsoToChannel === true }),
          });
          if (message.threadRoot === undefined) return { message, duplicate: false };
          return { message, duplicate: false, thread: recordThreadReply(db, seq, conv, message) };
        },
        {
          reply: ({ message, duplicate }) => ({ message, duplicate }) satisfies ReplyData<'send'>,
          publish: ({ message, duplicate, thread }) => {
            if (duplicate) return;
            fanOut.message(message, conv);
            if (thread) publishThreadChange(db, fanOut, conv, thread);
          },
        },
      );
    },

    history: (conn, frame) => {
      const conv = access.require(conn.user.id, frame.conv).key;
      const limit = frame.limit ?? HISTORY_PAGE_DEFAULT;
      const { before, after, around } = frame;
      if ([before, after, around].filter((x) => x !== undefined).length > 1) {
        throw new RequestError('invalid_field', 'Send at most one of before, after and around.', 'before');
      }
      const older = (from: number, count: number) => {
        const rows = db.messages.history(conv, from, count + 1);
        return { rows: rows.length > count ? rows.slice(1) : rows, more: rows.length > count };
      };
      const newer = (from: number, count: number) => {
        const rows = db.messages.historyAfter(conv, from, count + 1);
        return { rows: rows.slice(0, count), more: rows.length > count };
      };
      let reply: ReplyData<'history'>;
      if (after !== undefined) {
        const page = newer(after, limit);
        const first = page.rows[0]?.seq ?? after + 1;
        reply = { conv, messages: page.rows, hasMore: db.messages.hasOlder(conv, first), hasNewer: page.more };
      } else if (around !== undefined) {
        const target = db.messages.bySeq(around);
        if (!target || target.conv !== conv) throw new RequestError('message_not_found', `There is no message ${around} in this conversation.`, 'around');
        const olderCount = Math.floor((limit - 1) / 2);
        const earlier = older(around, olderCount);
        const later = newer(around, limit - 1 - olderCount);
        reply = { conv, messages: [...earlier.rows, target, ...later.rows], hasMore: earlier.more, hasNewer: later.more };
      } else {
        const page = older(before ?? seq.last + 1, limit);
        reply = { conv, messages: page.rows, hasMore: page.more, hasNewer: false };
      }
      conn.reply(frame.id, reply);
    },

    'message.edit': (conn, frame) => {
      const user = state.signedIn(conn);
      changeMessage(conn, frame, (message, conv) => {
        if (message.from !== user.id) throw new RequestError('not_allowed', 'You can only edit your own messages.', 'seq');
        if (message.kind !== 'text' && message.kind !== 'file') throw new RequestError('not_allowed', 'Join and leave notices cannot be edited.', 'seq');
        if (message.deleted) throw new RequestError('message_deleted', 'That message was deleted; there is nothing to edit.', 'seq');
        if (message.e2e !== undefined || frame.e2e !== undefined) return editEncrypted(user, message, conv, frame);
        const text = checkedText(frame.text, message.kind === 'file' ? 'caption' : 'message');
        if (text === message.text) return null;
        const change: MessageChange = { kind: 'edit', by: { id: user.id, name: user.name } };
        db.messages.edit(message, text, access.mentionsIn(conv, user.id, text), seq.next(), change);
        return change;
      });
    },

    'message.delete': (conn, frame) => {
      const user = state.signedIn(conn);
      // A deleted thread reply leaves its root's summary: that change follows the deletion's own.
      let thread: { update: RootUpdate; conv: Conversation } | undefined;
      changeMessage(
        conn,
        frame,
        (message, conv) => {
          if (message.from !== user.id && !user.isAdmin) throw new RequestError('not_allowed', 'You can only delete your own messages (admins can delete any).', 'seq');
          if (message.deleted) return null;
          const change: MessageChange = { kind: 'delete', by: { id: user.id, name: user.name } };
          db.messages.delete(message, user.id, seq.next(), change);
          if (message.threadRoot !== undefined) thread = { update: rootChanged(db, seq, message.threadRoot, change.by), conv };
          return change;
        },
        (before) => {
          if (thread) publishThreadChange(db, fanOut, thread.conv, thread.update);
          if (before.file) parts.store.remove(before.file.id).catch((error: unknown) => parts.log(`could not delete file ${before.file!.id}: ${String(error)}`));
        },
        true,
      );
    },

    react: (conn, frame) => {
      if (!isSingleEmoji(frame.emoji)) {
        throw new RequestError('reaction_invalid', `React with one emoji (at most ${REACTION_EMOJI_MAX_CHARS} UTF-16 units), not text.`, 'emoji');
      }
      const user = state.signedIn(conn);
      changeMessage(conn, frame, (message) => {
        if (message.deleted) throw new RequestError('message_deleted', 'That message was deleted; it takes no reactions.', 'seq');
        if (message.kind !== 'text' && message.kind !== 'file') throw new RequestError('not_allowed', 'Join and leave notices take no reactions.', 'seq');
        if (frame.on && db.messages.reactionWouldExceed(message.seq, frame.emoji, REACTIONS_MAX_PER_MESSAGE)) {
          throw new RequestError('too_many_reactions', `A message holds at most ${REACTIONS_MAX_PER_MESSAGE} different emoji; add yours to one already there.`, 'emoji');
        }
        const change: MessageChange = { kind: 'reaction', by: { id: user.id, name: user.name }, emoji: frame.emoji, added: frame.on };
        // A reaction that changes nothing (added twice) takes no seq.
        if (!db.messages.setReaction(message.seq, frame.emoji, user.id, frame.on, seq.last + 1, change)) return null;
        seq.next();
        return change;
      });
    },

    search: (conn, frame) => {
      const query = buildFtsQuery(frame.query);
      if (!query.ok) throw new RequestError('query_invalid', query.message, 'query');
      const conv = frame.conv === undefined ? undefined : access.require(conn.user.id, frame.conv).key;
      const result = db.search.find(conn.user.id, query.match, {
        ...(conv !== undefined && { conv }),
        ...(frame.before !== undefined && { before: frame.before }),
        limit: frame.limit ?? SEARCH_PAGE_DEFAULT,
      });
      conn.reply(frame.id, result satisfies ReplyData<'search'>);
    },

    // Ephemeral: not stored, no seq; goes to the conversation's other members.
    typing: (conn, frame) => {
      const conv = access.require(conn.user.id, frame.conv);
      const notice = { type: 'typing', conv: conv.key, user: { id: conn.user.id, name: conn.user.name } };
      fanOut.toDevices([...membersOf(conv)].filter((id) => id !== conn.user.id), notice);
      conn.reply(frame.id, {} satisfies ReplyData<'typing'>);
    },
  };
}
