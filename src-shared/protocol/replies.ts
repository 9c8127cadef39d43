// Host → client: the data of the reply to each request type (the `data` of a
// `reply` frame, PROTOCOL.md "Frames: host → client").
import { z } from 'zod';
import { THREADS_UNREAD_MAX } from '../limits.js';
import { deviceBundleSchema } from '../e2e/device-bundle-format.js';
import { conversationKey, id, seq } from './fields.js';
import { message, searchHit } from './message-shapes.js';
import type { RequestType } from './requests.js';
import { channelInfo, convState, dmInfo, sessionInfo, threadState, userDevices, userInfo } from './session-shapes.js';

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
