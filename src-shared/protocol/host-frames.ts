// Host → client: the frames themselves — welcome, reply, error, events and
// the pushes (presence, typing, read, thread, mute, user, channel, devices,
// hand-over offer, moved).
import { z } from 'zod';
import { E2E_MAX_DEVICES_PER_PERSON, HANDOVER_ADDRESSES_MAX, PROTOCOL_VERSION } from '../limits.js';
import { deviceBundleSchema } from '../e2e/device-bundle-format.js';
import { ERROR_CODE_LIST } from './error-codes.js';
import { conversationKey, id, seq } from './fields.js';
import { event } from './message-shapes.js';
import { channelInfo, sessionInfo, threadState, userInfo } from './session-shapes.js';

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
