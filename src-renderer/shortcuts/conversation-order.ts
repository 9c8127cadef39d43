// Alt+↑/↓ walk the conversations in the order the sidebar shows them:
// channels I am in (#general first, then by name), then direct messages (most
// recent first). Alt+Shift+↑/↓ walk only the ones with unread messages.
import { channelKey } from '../../src-shared/protocol/conversations.js';
import type { ChannelInfo, DmInfo } from '../../src-shared/protocol/frames.js';
import type { Unread } from '../store/conversations-slice.js';
import { joinedChannels, sortedDms, splitArchived } from '../store/selectors.js';

/** Archived channels are left out of both walks (they wait apart, collapsed; nothing to catch up on there: catchesUp in selectors.ts). */
export function sidebarOrder(channels: Record<number, ChannelInfo>, dms: Record<string, DmInfo>): string[] {
  return [...splitArchived(joinedChannels(channels)).open.map((c) => channelKey(c.id)), ...sortedDms(dms).map((dm) => dm.conv)];
}

/**
 * The conversation `step` (±1) away from `active`: the plain walk stops at
 * either end (as a list does); the unread walk goes round, so it finds an
 * unread conversation wherever it is. Null when there is none to go to.
 */
export function neighbourConversation(order: readonly string[], active: string | null, step: 1 | -1, unread?: Record<string, Unread>): string | null {
  const at = active === null ? -1 : order.indexOf(active);
  if (!unread) {
    const next = at < 0 ? (step > 0 ? 0 : order.length - 1) : at + step;
    return next >= 0 && next < order.length && next !== at ? order[next]! : null;
  }
  for (let i = 1; i <= order.length; i++) {
    const conv = order[(((at < 0 ? (step > 0 ? -1 : 0) : at) + step * i) % order.length + order.length) % order.length]!;
    if (conv !== active && (unread[conv]?.count ?? 0) > 0) return conv;
  }
  return null;
}
