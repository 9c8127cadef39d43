// Which new message notifies, and how its notification reads.
import { parseConversationKey } from '../../src-shared/protocol/conversations.js';
import type { Message } from '../../src-shared/protocol/frames.js';
import { notifyLevelOf } from '../notifications/notify-level.js';
import type { NotificationRequest } from '../platform/platform.js';
import type { AppState } from '../store/app-store.js';

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
  state: Pick<AppState, 'me' | 'channels' | 'muted' | 'active' | 'notifyLevels'>,
  focused: boolean,
): NotificationRequest | null {
  const { me, channels, muted, active, notifyLevels } = state;
  if (!me || message.from === me.id || (message.kind !== 'text' && message.kind !== 'file') || message.deleted) return null;
  if (focused && active === message.conv) return null;
  const mentioned = message.mentions?.includes(me.id) === true;
  const level = notifyLevelOf(message.conv, notifyLevels);
  if (level === 'none') return null;
  if (!mentioned && (level === 'mentions' || muted[message.conv])) return null;
  const parsed = parseConversationKey(message.conv);
  const where = parsed?.kind === 'channel' ? ` in #${channels[parsed.channelId]?.name ?? parsed.channelId}` : '';
  const title = mentioned && parsed?.kind === 'channel' ? `${message.fromName} mentioned you${where}` : `${message.fromName}${where}`;
  const body = message.kind === 'file' ? (message.text || `Shared a file: ${message.file?.name ?? 'file'}`) : message.text;
  return { title, body: body.slice(0, 500), conv: message.conv };
}
