// Messages as frames carry them: the message itself with its file, quote,
// reactions and thread summary, what changed in an update, the events that
// carry them, and search hits.
import { z } from 'zod';
import { THREAD_PARTICIPANTS_MAX } from '../limits.js';
import { conversationKey, id } from './fields.js';
import { channelInfo } from './session-shapes.js';

export const messageKind = z.enum(['text', 'join', 'leave', 'file']);

/** A file shared in a conversation (messages of kind "file"). */
export const fileInfo = z.object({
  id: z.string(),
  /** Sanitised display name (file-names.ts); receivers sanitise again before touching a disk. */
  name: z.string(),
  size: z.number().int().min(0),
  /** MIME type as declared by the sender ("application/octet-stream" when unknown). */
  type: z.string(),
  /** Lower-case hex SHA-256 of the content, verified by the host on upload. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** A small data:image/... preview for images, made by the sender. */
  thumbnail: z.string().nullable(),
  /** The host holds a copy (download from /api/files/<id>) until this time (ms), or null if deleted. */
  expiresAt: z.number().int().nullable(),
  /**
   * True when the sender offered the file directly (file.offer): a desktop asks
   * file.direct for the sender's URLs and falls back to the relay copy. The host
   * always sets it; absent (older hosts) means false.
   */
  direct: z.boolean().optional(),
});
export type FileInfo = z.infer<typeof fileInfo>;
/** The message a reply quotes, as it is now (PROTOCOL.md, "Replies"). */
export const quote = z.object({
  seq: id,
  from: id,
  fromName: z.string(),
  kind: messageKind,
  /** The start of the original's text (QUOTE_PREVIEW_CHARS); "" when deleted. */
  text: z.string(),
  /** File name when the original is a file message. */
  fileName: z.string().optional(),
  deleted: z.boolean(),
  /** The original is end-to-end encrypted: `text` is "" and the client shows its own decrypted copy. Absent = false. */
  e2e: z.boolean().optional(),
});
export type Quote = z.infer<typeof quote>;

/** One emoji on a message and who put it there, in the order they reacted. */
export const reaction = z.object({ emoji: z.string(), users: z.array(id) });
export type Reaction = z.infer<typeof reaction>;

/** A thread root's summary (PROTOCOL.md, "Threads"): replies not deleted, the newest one's time, who replied. */
export const threadSummary = z.object({
  replies: z.number().int().min(1),
  lastReplyAt: z.number().int(),
  /** Repliers in the order they first replied, at most THREAD_PARTICIPANTS_MAX. */
  participants: z.array(id).max(THREAD_PARTICIPANTS_MAX),
});
export type ThreadSummary = z.infer<typeof threadSummary>;

export const message = z.object({
  seq: id,
  conv: conversationKey,
  from: id,
  fromName: z.string(),
  clientMsgId: z.string().nullable(),
  kind: messageKind,
  text: z.string(),
  ts: z.number().int(),
  /** Present on kind "file" (absent once deleted). */
  file: fileInfo.optional(),
  /** A reply: the quoted original. Absent = not a reply. */
  replyTo: quote.optional(),
  /** When the text was last edited (ms). Absent = never edited. */
  editedAt: z.number().int().optional(),
  /** Deleted: text and file are gone (text is ""); `deletedBy` is the sender or an admin. */
  deleted: z.boolean().optional(),
  deletedBy: id.optional(),
  /** Reactions, in the order each emoji was first used. Absent = none. */
  reactions: z.array(reaction).optional(),
  /** Users this message notifies: "@name" of a member, and for "@here" the members online when it was sent. Absent = none. */
  mentions: z.array(id).optional(),
  /**
   * End-to-end encrypted DMs (PROTOCOL.md, 0.8.0): the envelope's JSON text as
   * the sender sent it; `text` is "". Absent = not end-to-end encrypted
   * (and absent once deleted).
   */
  e2e: z.string().optional(),
  /** A reply in the thread of this message (a top-level message of the same conversation). Absent = not in a thread. */
  threadRoot: id.optional(),
  /** A thread reply also shown in the conversation itself ("Also send to #channel"). Absent = false. */
  alsoToChannel: z.boolean().optional(),
  /** A thread root: its summary. Absent = no replies (or none left). */
  thread: threadSummary.optional(),
});
export type Message = z.infer<typeof message>;

/** What changed in a `message.updated` event (for replay: the latest change). */
export const messageChange = z.object({
  /** "thread": a reply was added to (or deleted from) this message's thread; `message.thread` is the new summary. */
  kind: z.enum(['edit', 'delete', 'reaction', 'thread']),
  by: z.object({ id, name: z.string() }),
  /** kind "reaction": the emoji, and whether it was added (false: removed). */
  emoji: z.string().optional(),
  added: z.boolean().optional(),
});
export type MessageChange = z.infer<typeof messageChange>;

export const event = z.discriminatedUnion('type', [
  z.object({ seq: id, type: z.literal('message'), message }),
  z.object({ seq: id, type: z.literal('channel.created'), channel: channelInfo.omit({ joined: true }) }),
  /** A message was edited, deleted or reacted to: `message` is its whole new state; replace by message.seq. */
  z.object({ seq: id, type: z.literal('message.updated'), message, change: messageChange }),
  /** A reply only in a thread (not also sent to the conversation): not part of the conversation's own list. */
  z.object({ seq: id, type: z.literal('thread.reply'), message }),
]);
export type ChatEvent = z.infer<typeof event>;

/** One search hit: the message and where the words matched in its text. */
export const searchHit = z.object({
  message,
  /** [start, end) UTF-16 offsets into message.text of each matched word. */
  highlights: z.array(z.tuple([z.number().int().min(0), z.number().int().min(0)])),
});
export type SearchHit = z.infer<typeof searchHit>;
