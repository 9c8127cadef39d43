// Derived views of the store. Ones returning new arrays are meant for useMemo
// over the raw records (zustand 5 wants selectors to return stable values).
import { parseConversationKey } from '../../src-shared/protocol/conversations.js';
import type { ChannelInfo, DmInfo, UserInfo } from '../../src-shared/protocol/frames.js';
import { shownName } from '../../src-shared/profile-rules.js';
import type { AppState } from './app-store.js';
import type { Unread } from './conversations-slice.js';

const isDm = (conv: string) => conv.startsWith('dm:');

/**
 * How person `id` is shown anywhere in the UI: their display name when they
 * set one, else their sign-in name (`fallback` for someone this window has not
 * met yet, e.g. a message's `fromName`). Reading the store, it follows
 * profile.update live.
 */
export function personName(users: Record<number, UserInfo>, id: number, fallback = `Someone (${id})`): string {
  const user = users[id];
  return user ? shownName(user) : fallback;
}

/** Sorting people by the name shown for them (case- and accent-insensitive). */
const byShownName = (a: UserInfo, b: UserInfo) => shownName(a).localeCompare(shownName(b), undefined, { sensitivity: 'base' });

/**
 * Whether `conv`'s unread messages are something to catch up on. Decision
 * (issue 12, as in Slack): an archived channel is read-only history, not
 * something to catch up on — no unread badge, not bold in the sidebar,
 * skipped by the unread walk (Alt+Shift+↑/↓), and counted in no total (the
 * dock/taskbar badge, the "(N) Parley" title, the header's drawer dot). It
 * stays openable and readable. Its counts stay in the store, so they show
 * again if the channel is unarchived.
 */
export function catchesUp(channels: Record<number, ChannelInfo>, conv: string): boolean {
  const parsed = parseConversationKey(conv);
  return parsed?.kind !== 'channel' || channels[parsed.channelId]?.archived !== true;
}

/** The dock/taskbar badge: unread DMs plus mentions of me in channels (only mentions where muted); archived channels count nothing (catchesUp). */
export function badgeCount(unread: Record<string, Unread>, muted: Record<string, boolean> = {}, channels: Record<number, ChannelInfo> = {}): number {
  let total = 0;
  for (const [conv, entry] of Object.entries(unread)) {
    if (!catchesUp(channels, conv)) continue;
    total += isDm(conv) && !muted[conv] ? entry.count : entry.mentions;
  }
  return total;
}

export const selectBadgeCount = (state: AppState) => badgeCount(state.unread, state.muted, state.channels);

/** Channels I am in: #general first, then by name. */
export function joinedChannels(channels: Record<number, ChannelInfo>): ChannelInfo[] {
  return Object.values(channels)
    .filter((c) => c.joined)
    .sort((a, b) => (a.id === 1 ? -1 : b.id === 1 ? 1 : a.name.localeCompare(b.name)));
}

/**
 * The sidebar's two channel lists: the open ones, and the archived ones
 * (read-only, still searchable) kept apart under a collapsed "Archived", as
 * Slack does, so they stop taking room among the channels people write in.
 */
export function splitArchived(list: readonly ChannelInfo[]): { open: ChannelInfo[]; archived: ChannelInfo[] } {
  return { open: list.filter((c) => !c.archived), archived: list.filter((c) => c.archived) };
}

/** DMs, most recent first (new, unwritten ones on top). */
export function sortedDms(dms: Record<string, DmInfo>): DmInfo[] {
  return Object.values(dms).sort((a, b) => (a.lastSeq === 0 ? -1 : b.lastSeq === 0 ? 1 : b.lastSeq - a.lastSeq) || a.conv.localeCompare(b.conv));
}

/** Online first, then by name; me and people removed from the session excluded. */
export function peopleList(users: Record<number, UserInfo>, meId: number | undefined): UserInfo[] {
  return Object.values(users)
    .filter((u) => u.id !== meId && !u.removed)
    .sort((a, b) => Number(b.online) - Number(a.online) || byShownName(a, b));
}

/** "Bob" for a DM, "#design" for a channel. */
export function conversationTitle(state: Pick<AppState, 'channels' | 'users' | 'me'>, conv: string): string {
  const parsed = parseConversationKey(conv);
  if (!parsed) return conv;
  if (parsed.kind === 'channel') {
    const channel = state.channels[parsed.channelId];
    return channel ? `#${channel.name}` : `#${parsed.channelId}`;
  }
  const [a, b] = parsed.userIds;
  const peer = state.me?.id === a ? b : a;
  return personName(state.users, peer);
}

/** Names of the people typing in `conv` now, in the order they started. */
export function typingNames(state: Pick<AppState, 'typing' | 'users'>, conv: string, now = Date.now()): string[] {
  const entries = state.typing[conv];
  if (!entries) return [];
  return Object.entries(entries)
    .filter(([, expiresAt]) => expiresAt > now)
    .map(([userId]) => personName(state.users, Number(userId), 'Someone'));
}

/** "Alice is typing…", "Alice and Bob are typing…", "Several people are typing…", or "". */
export function typingText(names: string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return 'Several people are typing…';
}

/** People an admin removed from the session, by name (admins see them under "Removed"). */
export function removedPeople(users: Record<number, UserInfo>): UserInfo[] {
  return Object.values(users)
    .filter((u) => u.removed)
    .sort(byShownName);
}
