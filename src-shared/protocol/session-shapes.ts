// Who and what a session holds, as frames carry them: people, channels, the
// session itself, DMs, per-user read and thread state, published devices.
import { z } from 'zod';
import { deviceBundleSchema } from '../e2e/device-bundle-format.js';
import { conversationKey, id, seq } from './fields.js';

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

/** One person's published devices (PROTOCOL.md, "End-to-end encrypted DMs"), oldest first. */
export const userDevices = z.object({ user: id, devices: z.array(deviceBundleSchema) });
export type UserDevices = z.infer<typeof userDevices>;
