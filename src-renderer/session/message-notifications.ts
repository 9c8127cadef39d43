// Which new message notifies, and how its notification reads.
import { parseConversationKey } from '../../src-shared/protocol/conversations.js';
import type { Message } from '../../src-shared/protocol/frames.js';
import type { NotificationRequest } from '../platform/platform.js';
import type { AppState } from '../store/app-store.js';
import { followsThread } from '../store/threads-slice.js';

/**
 * A new message from someone else notifies unless I am reading its
 * conversation (window focused and it open) or I muted it. A message that
 * mentions me (its `mentions`, which covers @here) notifies even when muted.
 * The caller leaves out replayed messages: they never notify.
 */
export function notificationFor(
  message: Message,
  state: Pick<AppState, 'me' | 'channels' | 'muted' | 'active'>,
  focused: boolean,
): NotificationRequest | null {
  const { me, channels, muted, active } = state;
  if (!me || message.from === me.id || (message.kind !== 'text' && message.kind !== 'file') || message.deleted) return null;
  if (focused && active === message.conv) return null;
  const mentioned = message.mentions?.includes(me.id) === true;
  if (!mentioned && muted[message.conv]) return null;
  const parsed = parseConversationKey(message.conv);
  const where = parsed?.kind === 'channel' ? ` in #${channels[parsed.channelId]?.name ?? parsed.channelId}` : '';
  const title = mentioned && parsed?.kind === 'channel' ? `${message.fromName} mentioned you${where}` : `${message.fromName}${where}`;
  const body = message.kind === 'file' ? (message.text || `Shared a file: ${message.file?.name ?? 'file'}`) : message.text;
  return { title, body: body.slice(0, 500), conv: message.conv };
}

/**
 * A reply only in a thread (`thread.reply`, live) notifies the people in the
 * thread — as Slack does: I wrote its root, replied in it, was mentioned in it
 * or the host told me my state of it — under the same rules as a message (not
 * mine, not while I am reading that thread, not when muted unless it mentions
 * me). Others in the conversation see only the root's new reply count.
 */
export function threadReplyNotificationFor(
  message: Message,
  state: Pick<AppState, 'me' | 'channels' | 'muted' | 'active' | 'openThread' | 'messages' | 'threadRoots' | 'threadReplies' | 'threadStates'>,
  focused: boolean,
): NotificationRequest | null {
  const root = message.threadRoot;
  if (root === undefined || !state.me) return null;
  if (!followsThread(state, message.conv, root, state.me.id) && message.mentions?.includes(state.me.id) !== true) return null;
  if (focused && state.openThread?.root === root) return null;
  // Reading the conversation is not reading the thread: judge as if elsewhere.
  const base = notificationFor(message, { ...state, active: focused ? null : state.active }, false);
  if (!base) return null;
  const parsed = parseConversationKey(message.conv);
  const where = parsed?.kind === 'channel' ? ` in #${state.channels[parsed.channelId]?.name ?? parsed.channelId}` : '';
  return { ...base, title: `${message.fromName} replied in a thread${where}` };
}
