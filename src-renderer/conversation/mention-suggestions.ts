// Mention autocomplete in the composer: the "@partial name" being typed at the
// caret, and who matches it among the conversation's members.
import { cleanUserName } from '../../src-shared/names.js';
import { shownName } from '../../src-shared/profile-rules.js';
import { parseConversationKey, dmPeer, GENERAL_CHANNEL_ID } from '../../src-shared/protocol/conversations.js';
import type { Message, UserInfo } from '../../src-shared/protocol/frames.js';

export interface MentionQuery {
  /** Index of the "@" in the text. */
  start: number;
  /** What follows the "@" up to the caret. */
  query: string;
}

/** "@" + up to 32 name characters just before the caret, the "@" at the start or after a space or bracket. */
export function activeMentionQuery(text: string, caret: number): MentionQuery | null {
  const before = text.slice(0, caret);
  const match = /(^|[\s(\[{"'])@([\p{L}\p{N}][\p{L}\p{M}\p{N} ._-]{0,31})?$/u.exec(before);
  if (!match) return null;
  const query = match[2] ?? '';
  // Names have at most a few words; a double space or a fourth word ends it.
  if (/\s\s/.test(query) || query.split(' ').length > 3) return null;
  return { start: before.length - query.length - 1, query };
}

export interface MentionCandidate {
  /** The name inserted after "@" ("here" for @here): the sign-in name, which the host resolves. */
  name: string;
  /** What the list shows: the display name when the person set one, else `name`. */
  label: string;
  userId: number | null;
  online: boolean;
}

/**
 * Who can be mentioned in `conv`: the DM's other person; in a channel its
 * members (`channelMembers`, from channel.members), or until that list has
 * arrived, everyone for #general and the people seen in another channel
 * (senders and joins, not those whose last notice is a leave). Never me, never
 * someone removed.
 */
export function conversationMembers(
  conv: string,
  users: Record<number, UserInfo>,
  messages: readonly Message[],
  meId: number | null,
  channelMembers?: readonly number[],
): UserInfo[] {
  const parsed = parseConversationKey(conv);
  if (!parsed) return [];
  const known = (id: number) => users[id];
  if (parsed.kind === 'dm') {
    const peer = meId !== null ? dmPeer(conv, meId) : null;
    const user = peer !== null ? known(peer) : undefined;
    return user ? [user] : [];
  }
  if (channelMembers) return channelMembers.flatMap((id) => (id !== meId && known(id) && !known(id)!.removed ? [known(id)!] : []));
  if (parsed.channelId === GENERAL_CHANNEL_ID) return Object.values(users).filter((u) => u.id !== meId && !u.removed);
  const present = new Map<number, boolean>();
  for (const message of messages) present.set(message.from, message.kind !== 'leave');
  return [...present].filter(([id, here]) => here && id !== meId).flatMap(([id]) => (known(id) && !known(id)!.removed ? [known(id)!] : []));
}

/**
 * Members matching `query` (display or sign-in name starts with it, then a
 * word of either does), online first, by shown name; "here" in channels.
 */
export function mentionCandidates(query: string, members: readonly UserInfo[], isChannel: boolean, limit = 8): MentionCandidate[] {
  const q = cleanUserName(query).toLowerCase();
  const rank = (name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith(q)) return 0;
    if (lower.split(/[\s._-]+/).some((word) => word.startsWith(q))) return 1;
    return -1;
  };
  const best = (u: UserInfo) => {
    const ranks = [rank(u.name), ...(u.displayName ? [rank(u.displayName)] : [])].filter((r) => r >= 0);
    return ranks.length > 0 ? Math.min(...ranks) : -1;
  };
  const people = members
    .map((u) => ({ u, r: best(u) }))
    .filter((x) => x.r >= 0)
    .sort((a, b) => a.r - b.r || Number(b.u.online) - Number(a.u.online) || shownName(a.u).localeCompare(shownName(b.u)))
    .map(({ u }): MentionCandidate => ({ name: u.name, label: shownName(u), userId: u.id, online: u.online }));
  const here: MentionCandidate[] = isChannel && 'here'.startsWith(q) ? [{ name: 'here', label: '@here', userId: null, online: true }] : [];
  return [...people, ...here].slice(0, limit);
}

/** The text with "@query" replaced by "@Name " and where the caret goes. */
export function insertMention(text: string, at: MentionQuery, name: string): { text: string; caret: number } {
  const end = at.start + 1 + at.query.length;
  const inserted = `@${name} `;
  const rest = text.slice(end).replace(/^ /, '');
  return { text: text.slice(0, at.start) + inserted + rest, caret: at.start + inserted.length };
}

/** The grey text beside a suggestion: the sign-in name when a display name is shown, and whether they are online. */
export function mentionHint(candidate: MentionCandidate): string {
  if (candidate.userId === null) return 'everyone online here';
  const handle = candidate.label !== candidate.name ? `@${candidate.name}` : '';
  return [handle, candidate.online ? 'online' : ''].filter(Boolean).join(' · ');
}
