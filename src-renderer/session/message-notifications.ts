// Which new message notifies, and how its notification reads.
import { parseConversationKey } from '../../src-shared/protocol/conversations.js';
import type { Message } from '../../src-shared/protocol/frames.js';
import { notifyLevelOf, type NotifyLevel } from '../notifications/notify-level.js';
import type { NotificationRequest } from '../platform/platform.js';
import type { AppState } from '../store/app-store.js';
import { personName } from '../store/selectors.js';
import { followsThread } from '../store/threads-slice.js';

/**
 * A new message from someone else notifies unless I am reading its
 * conversation (window focused and it open), or the conversation's level
 * (notify-level.ts: DMs default to all, channels to mentions) leaves it out.
 * A message that mentions me (its `mentions`, which covers @here) notifies at
 * "mentions", and also when muted (mute caps "all" at "mentions"); "none"
 * silences everything. The caller leaves out replayed messages: they never notify.
 */
export function notificationFor(
  message: Message,
  state: Pick<AppState, 'me' | 'channels' | 'muted' | 'active' | 'notifyLevels'> & Partial<Pick<AppState, 'users'>>,
  focused: boolean,
): NotificationRequest | null {
  const { me, channels, muted, active, notifyLevels } = state;
  // The sender as shown everywhere else: their display name when they set one.
  const from = personName(state.users ?? {}, message.from, message.fromName);
  if (!me || message.from === me.id || (message.kind !== 'text' && message.kind !== 'file') || message.deleted) return null;
  if (focused && active === message.conv) return null;
  const mentioned = message.mentions?.includes(me.id) === true;
  const level = notifyLevelOf(message.conv, notifyLevels);
  if (level === 'none') return null;
  if (!mentioned && (level === 'mentions' || muted[message.conv])) return null;
  const parsed = parseConversationKey(message.conv);
  const where = parsed?.kind === 'channel' ? ` in #${channels[parsed.channelId]?.name ?? parsed.channelId}` : '';
  const title = mentioned && parsed?.kind === 'channel' ? `${from} mentioned you${where}` : `${from}${where}`;
  const body = message.kind === 'file' ? (message.text || `Shared a file: ${message.file?.name ?? 'file'}`) : message.text;
  return { title, body: body.slice(0, 500), conv: message.conv };
}

/**
 * A reply only in a thread (`thread.reply`, live) notifies the people in the
 * thread — as Slack does: I wrote its root, replied in it, was mentioned in it
 * or the host told me my state of it — under the same rules as a message (not
 * mine, not while I am reading that thread, never at "nothing", when muted
 * only if it mentions me), except that a channel's "mentions only" does not
 * hold back the replies of a thread I follow. Others in the conversation see only the root's new reply count.
 */
export function threadReplyNotificationFor(
  message: Message,
  state: Pick<AppState, 'me' | 'channels' | 'muted' | 'active' | 'notifyLevels' | 'openThread' | 'messages' | 'threadRoots' | 'threadReplies' | 'threadStates'> & Partial<Pick<AppState, 'users'>>,
  focused: boolean,
): NotificationRequest | null {
  const root = message.threadRoot;
  if (root === undefined || !state.me) return null;
  if (!followsThread(state, message.conv, root, state.me.id) && message.mentions?.includes(state.me.id) !== true) return null;
  if (focused && state.openThread?.root === root) return null;
  // Reading the conversation is not reading the thread: judge as if elsewhere.
  // Following a thread is asking for its replies: a channel's default
  // "mentions only" does not hold them back; "nothing" (and mute) still do.
  const level = notifyLevelOf(message.conv, state.notifyLevels);
  const notifyLevels: Record<string, NotifyLevel> = { ...state.notifyLevels, [message.conv]: level === 'none' ? 'none' : 'all' };
  const base = notificationFor(message, { ...state, notifyLevels, active: focused ? null : state.active }, false);
  if (!base) return null;
  const parsed = parseConversationKey(message.conv);
  const where = parsed?.kind === 'channel' ? ` in #${state.channels[parsed.channelId]?.name ?? parsed.channelId}` : '';
  return { ...base, title: `${personName(state.users ?? {}, message.from, message.fromName)} replied in a thread${where}` };
}
