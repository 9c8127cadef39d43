// Client → host: every request frame, by type (PROTOCOL.md, "Frames: client → host").
import { z } from 'zod';
import {
  CHANNEL_TOPIC_MAX_CHARS,
  HISTORY_PAGE_MAX,
  OFFER_URL_MAX_CHARS,
  REACTION_EMOJI_MAX_CHARS,
  SEARCH_PAGE_MAX,
  SEARCH_QUERY_MAX_CHARS,
  OFFER_URLS_MAX,
  PROTOCOL_VERSION,
  HANDOVER_ADDRESSES_MAX,
  E2E_DEVICES_LIST_MAX_USERS,
} from '../limits.js';
import { deviceBundleSchema } from '../e2e/device-bundle-format.js';
import { clientId, conversationKey, e2eEnvelopeText, id, LOOSE_TEXT_MAX, seq } from './fields.js';

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
