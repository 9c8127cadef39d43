// How a message is read from the database: the SQL fragments that join a
// message row with its sender, file, quoted original and reactions, and
// toMessage, which turns such a row into the protocol's Message. Shared by the
// stores that return messages (message-store, search-index, event-replay).
import { QUOTE_PREVIEW_CHARS, THREAD_PARTICIPANTS_MAX } from '../../../src-shared/limits.js';
import type { Message, Reaction, ThreadSummary } from '../../../src-shared/protocol/frames.js';
import type { Row } from './row.js';

/** Columns of the file a message of kind "file" carries (joined by message_seq). */
const FILE_COLUMNS = `f.id AS file_id, f.name AS file_name, f.size AS file_size, f.type AS file_type,
  f.sha256 AS file_sha256, f.thumbnail AS file_thumbnail, f.expires_at AS file_expires_at,
  f.offer_identity IS NOT NULL AS file_direct`;
/** The quoted original of a reply, as it is now (joined by reply_to). */
const QUOTE_COLUMNS = `q.seq AS q_seq, q.sender_id AS q_from, qu.name AS q_from_name, q.kind AS q_kind,
  substr(q.text, 1, ${QUOTE_PREVIEW_CHARS}) AS q_text, qf.name AS q_file_name, q.deleted_by IS NOT NULL AS q_deleted,
  q.e2e IS NOT NULL AS q_e2e`;
/** Reactions as JSON: emoji in the order first used, users in the order they reacted. */
const REACTIONS_COLUMN = `(SELECT json_group_array(json_object('emoji', emoji, 'users', json(users)) ORDER BY first_seq)
  FROM (SELECT emoji, json_group_array(user_id ORDER BY created_seq) AS users, MIN(created_seq) AS first_seq
        FROM reactions WHERE message_seq = m.seq GROUP BY emoji)) AS reactions_json`;
/**
 * A thread root's summary as JSON (NULL when it has no reply left): replies not
 * deleted, the newest one's time, repliers in the order they first replied
 * (capped). Reads the messages_thread index only for messages that are roots.
 */
const THREAD_COLUMN = `(SELECT json_object('replies', COUNT(*), 'lastReplyAt', MAX(t.created_at),
    'participants', (SELECT json_group_array(sender_id) FROM (SELECT sender_id, MIN(seq) AS first FROM messages
       WHERE thread_root = m.seq AND deleted_by IS NULL GROUP BY sender_id ORDER BY first LIMIT ${THREAD_PARTICIPANTS_MAX})))
  FROM messages t WHERE t.thread_root = m.seq AND t.deleted_by IS NULL HAVING COUNT(*) > 0) AS thread_json`;
/** Everything toMessage needs; append WHERE / ORDER BY. */
export const MESSAGE_SELECT = `SELECT m.*, u.name AS sender_name, ${FILE_COLUMNS}, ${QUOTE_COLUMNS}, ${REACTIONS_COLUMN}, ${THREAD_COLUMN}
  FROM messages m JOIN users u ON u.id = m.sender_id
  LEFT JOIN files f ON f.message_seq = m.seq
  LEFT JOIN messages q ON q.seq = m.reply_to LEFT JOIN users qu ON qu.id = q.sender_id LEFT JOIN files qf ON qf.message_seq = q.seq`;
/** Messages that belong in a conversation's own list: not thread-only replies (PROTOCOL.md, "Threads"). */
export const IN_CONVERSATION_LIST = '(m.thread_root IS NULL OR m.also_to_channel = 1)';
/** The conversations user ? may read now: joined channels and own DMs (binds the user id three times). */
export const VISIBLE_CONVS = `(m.conv IN (SELECT 'ch:' || channel_id FROM channel_members WHERE user_id = ?)
  OR m.conv IN (SELECT conv FROM dms WHERE user_a = ? UNION ALL SELECT conv FROM dms WHERE user_b = ?))`;

/** A row selected with MESSAGE_SELECT as a Message, in its current state (a deleted one keeps only who deleted it). */
export function toMessage(r: Row): Message {
  const message: Message = {
    seq: Number(r.seq),
    conv: String(r.conv),
    from: Number(r.sender_id),
    fromName: String(r.sender_name),
    clientMsgId: r.client_msg_id === null ? null : String(r.client_msg_id),
    kind: String(r.kind) as Message['kind'],
    text: String(r.text),
    ts: Number(r.created_at),
  };
  if (r.edited_at !== null && r.edited_at !== undefined) message.editedAt = Number(r.edited_at);
  if (r.q_seq !== null && r.q_seq !== undefined) {
    const deleted = Number(r.q_deleted) === 1;
    // An encrypted original's text is '' on the host anyway; the flag tells the client to show its own decrypted copy.
    const encrypted = Number(r.q_e2e) === 1;
    message.replyTo = {
      seq: Number(r.q_seq),
      from: Number(r.q_from),
      fromName: String(r.q_from_name),
      kind: String(r.q_kind) as Message['kind'],
      text: deleted ? '' : String(r.q_text),
      ...(r.q_file_name !== null && r.q_file_name !== undefined && !deleted && { fileName: String(r.q_file_name) }),
      deleted,
      ...(encrypted && { e2e: true }),
    };
  }
  if (r.thread_root !== null && r.thread_root !== undefined) {
    message.threadRoot = Number(r.thread_root);
    if (Number(r.also_to_channel) === 1) message.alsoToChannel = true;
  }
  // A deleted root keeps its summary: its replies stay readable (as in Slack).
  if (r.thread_json !== null && r.thread_json !== undefined) message.thread = JSON.parse(String(r.thread_json)) as ThreadSummary;
  if (r.deleted_by !== null && r.deleted_by !== undefined) {
    // Deleted: the text is "" in the row already; no file, reactions or mentions.
    message.deleted = true;
    message.deletedBy = Number(r.deleted_by);
    return message;
  }
  if (r.e2e !== null && r.e2e !== undefined) message.e2e = String(r.e2e);
  if (r.mentions !== null && r.mentions !== undefined) message.mentions = JSON.parse(String(r.mentions)) as number[];
  if (r.reactions_json !== null && r.reactions_json !== undefined) {
    const reactions = JSON.parse(String(r.reactions_json)) as Reaction[];
    if (reactions.length > 0) message.reactions = reactions;
  }
  if (message.kind === 'file' && r.file_id !== undefined && r.file_id !== null) {
    message.file = {
      id: String(r.file_id),
      name: String(r.file_name),
      size: Number(r.file_size),
      type: String(r.file_type),
      sha256: String(r.file_sha256),
      thumbnail: r.file_thumbnail === null ? null : String(r.file_thumbnail),
      expiresAt: r.file_expires_at === null ? null : Number(r.file_expires_at),
      direct: Number(r.file_direct) === 1,
    };
  }
  return message;
}
