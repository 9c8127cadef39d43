// Zod schemas of every frame: the executable copy of PROTOCOL.md.
// Change the two together, and add a changelog line there.
import { z } from 'zod';
import {
  CHANNEL_TOPIC_MAX_CHARS,
  CLIENT_ID_MAX_CHARS,
  HISTORY_PAGE_MAX,
  THREAD_PARTICIPANTS_MAX,
  THREADS_UNREAD_MAX,
  OFFER_URL_MAX_CHARS,
  REACTION_EMOJI_MAX_CHARS,
  SEARCH_PAGE_MAX,
  SEARCH_QUERY_MAX_CHARS,
  OFFER_URLS_MAX,
  PROTOCOL_VERSION,
  HANDOVER_ADDRESSES_MAX,
  E2E_DEVICES_LIST_MAX_USERS,
  E2E_MAX_DEVICES_PER_PERSON,
  E2E_MAX_ENVELOPE_BYTES,
} from '../limits.js';
import { deviceBundleSchema } from '../e2e/device-bundle-format.js';
import { CONVERSATION_KEY_PATTERN } from './conversations.js';
import { ERROR_CODE_LIST } from './error-codes.js';

// Text fields are capped generously here so that a typed value that is merely
// too long gets its own clear error code from the host (text_too_long,
// name_invalid…) rather than a generic invalid_field.
const LOOSE_TEXT_MAX = 20_000;

const seq = z.number().int().min(0);
const id = z.number().int().positive();
const clientId = z.string().min(1).max(CLIENT_ID_MAX_CHARS);
export const conversationKey = z.string().regex(CONVERSATION_KEY_PATTERN, 'expected "ch:<id>" or "dm:<id>:<id>"');

// ---------------------------------------------------------------- shared shapes

export const userInfo = z.object({
  id,
  name: z.string(),
  online: z.boolean(),
  isAdmin: z.boolean(),
  /** Removed from the session by an admin: their sign-in is refused until an admin allows them again. Absent = false. */
  removed: z.boolean().optional(),
  /** What others see instead of `name` (0.10.0, "Profiles and channel care"). Absent = none set: show `name`. */
  displayName: z.string().optional(),
  /** Status text and its emoji. Absent = none. */
  statusText: z.string().optional(),
  statusEmoji: z.string().optional(),
  /** The avatar image's content hash: fetch GET /api/avatars/<hash>. Absent = no image (show initials). */
  avatar: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});
export type UserInfo = z.infer<typeof userInfo>;

export const channelInfo = z.object({
  id,
  name: z.string(),
  topic: z.string(),
  createdBy: id.nullable(),
  memberCount: z.number().int().min(0),
  joined: z.boolean(),
  /** Archived (0.10.0): read-only, still readable and searchable. Absent = false. */
  archived: z.boolean().optional(),
});
export type ChannelInfo = z.infer<typeof channelInfo>;

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

export const sessionInfo = z.object({
  id: z.string(),
  name: z.string(),
  passcodeRequired: z.boolean(),
  protocol: z.number().int(),
  /** The session identity (PROTOCOL.md, "Session identity"): SHA-256 of its certificate's public key, 64 hex digits. Absent on a host run with --plain. */
  identity: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});
export type SessionInfo = z.infer<typeof sessionInfo>;

export const dmInfo = z.object({ conv: conversationKey, peer: id, lastSeq: seq });
export type DmInfo = z.infer<typeof dmInfo>;

/** Per-user state of one conversation the user is in (PROTOCOL.md, "Read state"). */
export const convState = z.object({
  conv: conversationKey,
  /** Highest seq this user has read here (any device); 0 = nothing read. */
  readSeq: seq,
  /** Messages from others after readSeq, not deleted (capped at UNREAD_COUNT_MAX). */
  unread: z.number().int().min(0),
  /** Of those, how many mention this user (capped at UNREAD_COUNT_MAX). */
  mentions: z.number().int().min(0),
  muted: z.boolean(),
  /** DMs only: the highest seq the other person has read ("Seen"). */
  peerReadSeq: seq.optional(),
});
export type ConvState = z.infer<typeof convState>;

/** One thread this user follows (PROTOCOL.md, "Threads"): how far they read it and what is new. */
export const threadState = z.object({
  conv: conversationKey,
  root: id,
  /** Highest reply seq this user has read in the thread; 0 = none. */
  readSeq: seq,
  /** Replies from others after readSeq, not deleted (capped at UNREAD_COUNT_MAX). */
  unread: z.number().int().min(0),
  /** When the newest reply was written (ms); 0 when it has none left. */
  lastReplyAt: z.number().int().min(0),
});
export type ThreadState = z.infer<typeof threadState>;

/** One search hit: the message and where the words matched in its text. */
export const searchHit = z.object({
  message,
  /** [start, end) UTF-16 offsets into message.text of each matched word. */
  highlights: z.array(z.tuple([z.number().int().min(0), z.number().int().min(0)])),
});
export type SearchHit = z.infer<typeof searchHit>;

/** One person's published devices (PROTOCOL.md, "End-to-end encrypted DMs"), oldest first. */
export const userDevices = z.object({ user: id, devices: z.array(deviceBundleSchema) });
export type UserDevices = z.infer<typeof userDevices>;

/** An encrypted DM envelope's JSON text (src-shared/e2e/dm-envelope-format.ts). The byte limit is checked by the host. */
const e2eEnvelopeText = z.string().min(1).max(E2E_MAX_ENVELOPE_BYTES);

// ---------------------------------------------------------------- client → host

const request = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ v: z.literal(PROTOCOL_VERSION), type: z.literal(type), id: clientId, ...shape });

export const requestSchemas = {
  signin: request('signin', {
    name: z.string().max(LOOSE_TEXT_MAX),
    password: z.string().max(LOOSE_TEXT_MAX),
    passcode: z.string().max(LOOSE_TEXT_MAX).optional(),
    /** auto: claim the name if free, else sign in. register: only claim. login: only sign in. */
    mode: z.enum(['auto', 'register', 'login']).optional(),
    /** Last seq this client saw; everything after it is replayed. */
    after: seq.optional(),
    /** This app can host the session (desktop app, headless host): it may be offered a hand-over. Absent = false. */
    canHost: z.boolean().optional(),
  }),
  resume: request('resume', { token: z.string().min(1).max(256), after: seq.optional(), canHost: z.boolean().optional() }),
  send: request('send', {
    conv: conversationKey,
    clientMsgId: clientId,
    text: z.string().max(LOOSE_TEXT_MAX),
    /** Seq of the message this replies to (same conversation, not deleted). */
    replyTo: id.optional(),
    /** DMs only: the encrypted envelope (then `text` must be ""). */
    e2e: e2eEnvelopeText.optional(),
    /** Reply in the thread of this top-level message of the same conversation (not deleted). */
    threadRoot: id.optional(),
    /** With threadRoot: also show the reply in the conversation itself. */
    alsoToChannel: z.boolean().optional(),
  }),
  /** A page of a thread's replies, oldest first (PROTOCOL.md, "Threads"). */
  'thread.history': request('thread.history', {
    conv: conversationKey,
    root: id,
    /** Replies older than this seq (default: the newest). */
    before: seq.optional(),
    limit: z.number().int().min(1).max(HISTORY_PAGE_MAX).optional(),
  }),
  /** "I have read this thread up to reply `seq`" (only ever moves forward). */
  'thread.read': request('thread.read', { conv: conversationKey, root: id, seq }),
  /**
   * At most one of before / after / around. None: the newest page.
   * before: older than that seq. after: newer than that seq (oldest first).
   * around: the page centred on that seq (it included), for jump-to-message.
   */
  history: request('history', {
    conv: conversationKey,
    before: seq.optional(),
    after: seq.optional(),
    around: id.optional(),
    limit: z.number().int().min(1).max(HISTORY_PAGE_MAX).optional(),
  }),
  /** Replace the text of one's own text message (or a file's caption). */
  'message.edit': request('message.edit', {
    seq: id,
    text: z.string().max(LOOSE_TEXT_MAX),
    /** The new envelope of an encrypted message (then `text` must be ""); required for those, refused for others. */
    e2e: e2eEnvelopeText.optional(),
  }),
  /** Delete one's own message; admins may delete anyone's. Idempotent. */
  'message.delete': request('message.delete', { seq: id }),
  /** Add (on: true) or remove one's reaction. Idempotent. */
  react: request('react', { seq: id, emoji: z.string().min(1).max(REACTION_EMOJI_MAX_CHARS * 2), on: z.boolean() }),
  /** Full-text search over every conversation the searcher is in; newest first. */
  search: request('search', {
    query: z.string().max(SEARCH_QUERY_MAX_CHARS * 4),
    /** Only this conversation. */
    conv: conversationKey.optional(),
    /** Paging: hits older than this seq. */
    before: seq.optional(),
    limit: z.number().int().min(1).max(SEARCH_PAGE_MAX).optional(),
  }),
  /** "I have read conv up to seq" (only ever moves forward). */
  read: request('read', { conv: conversationKey, seq }),
  /** Mute or unmute a conversation for all of this user's devices. */
  mute: request('mute', { conv: conversationKey, muted: z.boolean() }),
  /** Admin: remove a person from the session (or allow them back with removed: false). */
  'user.remove': request('user.remove', { userId: id, removed: z.boolean() }),
  /** Admin: make someone admin (or not). Not oneself. */
  'user.admin': request('user.admin', { userId: id, admin: z.boolean() }),
  /** Forget this connection's resume token on the host; the host then closes the connection. */
  signout: request('signout', {}),
  'channel.create': request('channel.create', {
    name: z.string().max(LOOSE_TEXT_MAX),
    topic: z.string().max(CHANNEL_TOPIC_MAX_CHARS).optional(),
  }),
  'channel.join': request('channel.join', { channel: z.union([id, z.string().max(LOOSE_TEXT_MAX)]) }),
  'channel.leave': request('channel.leave', { channelId: id }),
  'channel.list': request('channel.list', {}),
  /** Who is in a channel one is in (for mention suggestions). */
  'channel.members': request('channel.members', { channelId: id }),
  'users.list': request('users.list', {}),
  /** Change one's own profile (0.10.0). Fields left out stay as they are; "" clears one. */
  'profile.update': request('profile.update', {
    displayName: z.string().max(LOOSE_TEXT_MAX).optional(),
    statusText: z.string().max(LOOSE_TEXT_MAX).optional(),
    statusEmoji: z.string().max(LOOSE_TEXT_MAX).optional(),
  }),
  /** Creator or admin: change a channel's topic and/or name (0.10.0). */
  'channel.update': request('channel.update', {
    channelId: id,
    topic: z.string().max(LOOSE_TEXT_MAX).optional(),
    name: z.string().max(LOOSE_TEXT_MAX).optional(),
  }),
  /** Creator or admin: archive a channel (read-only, still searchable) or bring it back (0.10.0). */
  'channel.archive': request('channel.archive', { channelId: id, archived: z.boolean() }),
  typing: request('typing', { conv: conversationKey }),
  'file.begin': request('file.begin', {
    conv: conversationKey,
    clientMsgId: clientId,
    name: z.string().max(LOOSE_TEXT_MAX),
    size: z.number().int().min(0),
    /** MIME type ("application/octet-stream" when left out). Not `type`: that is the frame's own. */
    mimeType: z.string().max(LOOSE_TEXT_MAX).optional(),
    thumbnail: z.string().max(LOOSE_TEXT_MAX * 4).optional(),
    /** Optional caption shown with the file. */
    text: z.string().max(LOOSE_TEXT_MAX).optional(),
    /** DMs only: an envelope carrying the file's key, real name and type; `name` is then a neutral one and size/sha256 are the ciphertext's. */
    e2e: e2eEnvelopeText.optional(),
  }),
  /** Direct transfer (PROTOCOL.md, "Direct transfer"): announce a file the sender serves itself. */
  'file.offer': request('file.offer', {
    conv: conversationKey,
    clientMsgId: clientId,
    name: z.string().max(LOOSE_TEXT_MAX),
    size: z.number().int().min(0),
    mimeType: z.string().max(LOOSE_TEXT_MAX).optional(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lower-case hex digits'),
    thumbnail: z.string().max(LOOSE_TEXT_MAX * 4).optional(),
    text: z.string().max(LOOSE_TEXT_MAX).optional(),
    offer: z.object({
      // https only: the offer server serves TLS with the sender's device key (`identity`), which receivers pin.
      urls: z
        .array(z.string().max(OFFER_URL_MAX_CHARS).regex(/^https:\/\/[^/?#\s]+\/offers\/[A-Za-z0-9_-]{22,64}$/, 'expected https://<address>:<port>/offers/<id>'))
        .min(1)
        .max(OFFER_URLS_MAX),
      key: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'expected base64url of 32 bytes'),
      /** The sender's device identity: SHA-256 of its offer server's public key (64 lower-case hex digits). */
      identity: z.string().regex(/^[0-9a-f]{64}$/, 'expected the device identity: 64 lower-case hex digits'),
    }),
  }),
  'file.direct': request('file.direct', { fileId: z.string().min(1).max(64) }),
  'file.complete': request('file.complete', { fileId: z.string().min(1).max(64), sha256: z.string().max(128) }),
  'file.cancel': request('file.cancel', { fileId: z.string().min(1).max(64) }),
  'file.ticket': request('file.ticket', { fileId: z.string().min(1).max(64) }),
  ping: request('ping', {}),
  /**
   * Admin: take the session over (PROTOCOL.md, "Hand-over"), or accept the
   * host's `handover.offer` (`offer`). The host freezes writes, snapshots the
   * session and answers where to fetch it.
   */
  'handover.start': request('handover.start', { offer: z.string().min(1).max(64).optional() }),
  /** The successor hosts the session now at `port` on these addresses: the old host sends everyone there. */
  'handover.ready': request('handover.ready', {
    handover: z.string().min(1).max(64),
    port: z.number().int().min(1).max(65535),
    addresses: z.array(z.string().min(1).max(255)).min(1).max(HANDOVER_ADDRESSES_MAX),
  }),
  /** The successor gives up (it could not fetch or start the session): the old host carries on. */
  'handover.abort': request('handover.abort', { handover: z.string().min(1).max(64), reason: z.string().max(500).optional() }),
  /** Decline the host's `handover.offer`. */
  'handover.decline': request('handover.decline', { offer: z.string().min(1).max(64) }),
  /** Publish this device's public keys (its self-signed bundle). Idempotent; a device's keys never change. */
  'device.publish': request('device.publish', { bundle: deviceBundleSchema }),
  /** The published devices of these people. */
  'devices.list': request('devices.list', { userIds: z.array(id).min(1).max(E2E_DEVICES_LIST_MAX_USERS) }),
} as const;

export type RequestType = keyof typeof requestSchemas;
export type RequestFrame<T extends RequestType = RequestType> = z.infer<(typeof requestSchemas)[T]>;
/** What a caller passes: the frame without v, type and id. */
export type RequestParams<T extends RequestType> = Omit<RequestFrame<T>, 'v' | 'type' | 'id'>;

// ---------------------------------------------------------------- host → client: replies

export const signedIn = z.object({
  user: z.object({ id, name: z.string(), isAdmin: z.boolean() }),
  token: z.string(),
  session: sessionInfo,
  /** Highest seq at sign-in; live events follow it. */
  lastSeq: seq,
  /** True when the client missed more than REPLAY_MAX_EVENTS: drop cached history and reload. */
  resync: z.boolean(),
  /** Events replayed after this reply, in `events` frames marked replay. */
  replayCount: z.number().int().min(0),
  channels: z.array(channelInfo),
  users: z.array(userInfo),
  dms: z.array(dmInfo),
  /** Read position, unread counts and mute of every joined channel and DM. */
  convStates: z.array(convState),
  /** Followed threads with unread replies, most recently active first (at most THREADS_UNREAD_MAX). Absent from hosts before 0.9.0. */
  threads: z.array(threadState).max(THREADS_UNREAD_MAX).optional(),
});
export type SignedIn = z.infer<typeof signedIn>;

export const replySchemas = {
  signin: signedIn,
  resume: signedIn,
  send: z.object({ message, duplicate: z.boolean() }),
  history: z.object({
    conv: conversationKey,
    messages: z.array(message),
    /** Older messages exist before the first one. */
    hasMore: z.boolean(),
    /** Newer messages exist after the last one (after / around pages; false otherwise). */
    hasNewer: z.boolean(),
  }),
  'thread.history': z.object({
    conv: conversationKey,
    /** The root as it is now (deleted roots too: their replies stay readable). */
    root: message,
    messages: z.array(message),
    /** Older replies exist before the first one. */
    hasMore: z.boolean(),
  }),
  'thread.read': threadState,
  'message.edit': z.object({ message }),
  'message.delete': z.object({ message }),
  react: z.object({ message }),
  search: z.object({ hits: z.array(searchHit), hasMore: z.boolean() }),
  read: z.object({ conv: conversationKey, seq }),
  mute: z.object({ conv: conversationKey, muted: z.boolean() }),
  'user.remove': z.object({ user: userInfo }),
  'user.admin': z.object({ user: userInfo }),
  signout: z.object({}),
  'channel.create': z.object({ channel: channelInfo }),
  'channel.join': z.object({ channel: channelInfo }),
  'channel.leave': z.object({ channelId: id }),
  'channel.list': z.object({ channels: z.array(channelInfo) }),
  /** `members` (0.10.0): the same people with profile and presence, sorted online first, then by shown name. */
  'channel.members': z.object({ channelId: id, userIds: z.array(id), members: z.array(userInfo).optional() }),
  'users.list': z.object({ users: z.array(userInfo) }),
  'profile.update': z.object({ user: userInfo }),
  'channel.update': z.object({ channel: channelInfo }),
  'channel.archive': z.object({ channel: channelInfo }),
  typing: z.object({}),
  'file.begin': z.object({ fileId: z.string(), uploadUrl: z.string(), offset: z.number().int().min(0), duplicate: z.boolean() }),
  'file.offer': z.object({ message, duplicate: z.boolean() }),
  /** `identity`: the sender's device identity from file.offer; the receiver connects only to an offer server presenting it. */
  'file.direct': z.object({ urls: z.array(z.string()), ticket: z.string(), expiresAt: z.number().int(), identity: z.string().regex(/^[0-9a-f]{64}$/) }),
  'file.complete': z.object({ message, duplicate: z.boolean() }),
  'file.cancel': z.object({ fileId: z.string() }),
  'file.ticket': z.object({ url: z.string(), expiresAt: z.number().int() }),
  ping: z.object({ now: z.number() }),
  /**
   * `secret` authorises the snapshot downloads under `/api/handover/<handover>/`
   * (Authorization: Bearer); `passcode` is the session's join passcode, which is
   * an option of the host and not in the database (absent: an open session).
   */
  'handover.start': z.object({ handover: z.string(), secret: z.string(), passcode: z.string().optional(), lastSeq: seq, files: z.number().int().min(0) }),
  'handover.ready': z.object({}),
  'handover.abort': z.object({}),
  'handover.decline': z.object({}),
  'device.publish': z.object({ device: deviceBundleSchema }),
  'devices.list': z.object({ devices: z.array(userDevices) }),
} as const satisfies Record<RequestType, z.ZodType>;

export type ReplyData<T extends RequestType> = z.infer<(typeof replySchemas)[T]>;

// ---------------------------------------------------------------- host → client: frames

const v = z.literal(PROTOCOL_VERSION);
export const errorFrame = z.object({
  v,
  type: z.literal('error'),
  re: z.string().optional(),
  code: z.enum(ERROR_CODE_LIST),
  message: z.string(),
  field: z.string().optional(),
  retryAfterMs: z.number().int().min(0).optional(),
});
export type ErrorFrame = z.infer<typeof errorFrame>;

export const hostFrame = z.discriminatedUnion('type', [
  z.object({ v, type: z.literal('welcome'), session: sessionInfo }),
  z.object({ v, type: z.literal('reply'), re: z.string(), data: z.unknown() }),
  errorFrame,
  z.object({ v, type: z.literal('events'), events: z.array(event), replay: z.boolean().optional() }),
  z.object({ v, type: z.literal('presence'), user: userInfo, online: z.boolean() }),
  z.object({ v, type: z.literal('typing'), conv: conversationKey, user: z.object({ id, name: z.string() }) }),
  /** Someone read conv up to seq: sent to the reader's other devices and, in a DM, to the other person. */
  z.object({ v, type: z.literal('read'), conv: conversationKey, user: id, seq }),
  /** One of this user's followed threads changed: a new reply, or read on another device (PROTOCOL.md, "Threads"). */
  z.object({ v, type: z.literal('thread'), thread: threadState }),
  /** This user muted or unmuted conv (on another of their devices). */
  z.object({ v, type: z.literal('mute'), conv: conversationKey, muted: z.boolean() }),
  /** A person's admin or removed flag, or their profile (0.10.0), changed (sent to everyone signed in). */
  z.object({ v, type: z.literal('user'), user: userInfo }),
  /** A channel's name, topic or archived flag changed (0.10.0; sent to everyone signed in). `joined` is the receiver's own. */
  z.object({ v, type: z.literal('channel'), channel: channelInfo }),
  /** The host asks this person's app to take the session over (answer handover.start with `offer`, or handover.decline). */
  /** A person's device list changed (sent to everyone signed in): compare with the roster, show "new device". */
  z.object({ v, type: z.literal('devices'), user: id, devices: z.array(deviceBundleSchema).max(E2E_MAX_DEVICES_PER_PERSON) }),
  z.object({ v, type: z.literal('handover.offer'), offer: z.string(), from: z.object({ id, name: z.string() }), makesAdmin: z.boolean() }),
  /**
   * The session moved to another host with the same identity: `to` are its
   * https origins in the order to try. The host then closes with 4012; resume there.
   */
  z.object({
    v,
    type: z.literal('moved'),
    session: z.string(),
    identity: z.string().regex(/^[0-9a-f]{64}$/).optional(),
    to: z.array(z.string().regex(/^https?:\/\/[^/?#\s]+$/, 'expected http(s)://host:port')).min(1).max(HANDOVER_ADDRESSES_MAX + 1),
  }),
]);
export type HostFrame = z.infer<typeof hostFrame>;
