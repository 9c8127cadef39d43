// What the quick switcher (Ctrl/Cmd+K) offers for a query: joined channels,
// other channels (joined on choosing), DMs and people (choosing opens the
// DM), best matches first, then "Search messages for “…”".
import { channelKey } from '../../src-shared/protocol/conversations.js';
import type { AppState } from '../store/app-store.js';
import { joinedChannels, peopleList, sortedDms } from '../store/selectors.js';

export type SwitcherItem =
  | { kind: 'conversation'; key: string; conv: string; label: string; detail: string }
  | { kind: 'join'; key: string; channelId: number; label: string; detail: string }
  | { kind: 'person'; key: string; userId: number; label: string; detail: string }
  | { kind: 'search'; key: string; query: string; label: string; detail: string };

/** At most this many conversations and people are listed (the search option comes on top of them). */
export const SWITCHER_MAX_ITEMS = 30;

/**
 * How well `name` matches `query` (both compared case-insensitively): 0 the
 * same, 1 a prefix, 2 a word starts with it, 3 contains it, 4 has its letters
 * in order ("gnrl" → "general"); null for no match.
 */
export function matchRank(name: string, query: string): number | null {
  const q = query.trim().toLocaleLowerCase().replace(/^[#@]/, '');
  if (!q) return 3;
  const n = name.toLocaleLowerCase();
  if (n === q) return 0;
  if (n.startsWith(q)) return 1;
  const at = n.indexOf(q);
  if (at > 0 && /[\s\-_.]/.test(n[at - 1]!)) return 2;
  if (at >= 0) return 3;
  let i = 0;
  for (const ch of n) if (ch === q[i]) i++;
  return i === q.length ? 4 : null;
}

type Source = Pick<AppState, 'channels' | 'dms' | 'users' | 'me'>;

export function switcherItems(state: Source, query: string): SwitcherItem[] {
  const meId = state.me?.id;
  const candidates: SwitcherItem[] = [];
  for (const channel of joinedChannels(state.channels)) {
    candidates.push({ kind: 'conversation', key: `c${channel.id}`, conv: channelKey(channel.id), label: `#${channel.name}`, detail: 'Channel' });
  }
  const dmPeers = new Set<number>();
  for (const dm of sortedDms(state.dms)) {
    const peer = state.users[dm.peer];
    if (peer?.removed) continue;
    dmPeers.add(dm.peer);
    candidates.push({ kind: 'conversation', key: dm.conv, conv: dm.conv, label: peer?.name ?? `Someone (${dm.peer})`, detail: peer?.online ? 'Direct message · online' : 'Direct message' });
  }
  const others = Object.values(state.channels)
    .filter((c) => !c.joined)
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const channel of others) {
    candidates.push({ kind: 'join', key: `j${channel.id}`, channelId: channel.id, label: `#${channel.name}`, detail: 'Join channel' });
  }
  for (const user of peopleList(state.users, meId)) {
    if (dmPeers.has(user.id)) continue;
    candidates.push({ kind: 'person', key: `u${user.id}`, userId: user.id, label: user.name, detail: user.online ? 'Person · online' : 'Person' });
  }

  const ranked = candidates
    .map((item, order) => ({ item, order, rank: matchRank(item.label.replace(/^#/, ''), query) }))
    .filter((entry): entry is { item: SwitcherItem; order: number; rank: number } => entry.rank !== null)
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .slice(0, SWITCHER_MAX_ITEMS)
    .map((entry) => entry.item);
  const text = query.trim();
  if (text) ranked.push({ kind: 'search', key: 'search', query: text, label: `Search messages for “${text}”`, detail: 'Search' });
  return ranked;
}
