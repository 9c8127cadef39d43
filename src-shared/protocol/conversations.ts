// Conversation keys name where a message lives:
//   channel:  "ch:<channelId>"          e.g. "ch:1" (#general is always channel 1)
//   DM:       "dm:<lowUserId>:<highUserId>"  e.g. "dm:3:7" — the same key for both people

export const GENERAL_CHANNEL_ID = 1;
export const GENERAL_CHANNEL_NAME = 'general';

export type ConversationKey = string;
export type ParsedConversation =
  | { kind: 'channel'; channelId: number }
  | { kind: 'dm'; userIds: [number, number] };

export const CONVERSATION_KEY_PATTERN = /^(?:ch:[1-9]\d{0,9}|dm:[1-9]\d{0,9}:[1-9]\d{0,9})$/;

export function channelKey(channelId: number): ConversationKey {
  return `ch:${channelId}`;
}

export function dmKey(userA: number, userB: number): ConversationKey {
  const [low, high] = userA < userB ? [userA, userB] : [userB, userA];
  return `dm:${low}:${high}`;
}

/** Parses a key; returns null for anything malformed, including a DM with oneself or unsorted ids. */
export function parseConversationKey(key: string): ParsedConversation | null {
  if (!CONVERSATION_KEY_PATTERN.test(key)) return null;
  const parts = key.split(':');
  if (parts[0] === 'ch') return { kind: 'channel', channelId: Number(parts[1]) };
  const a = Number(parts[1]);
  const b = Number(parts[2]);
  if (!(a < b)) return null;
  return { kind: 'dm', userIds: [a, b] };
}

/** The other person of a DM key, seen from `me`; null if `me` is not in it. */
export function dmPeer(key: ConversationKey, me: number): number | null {
  const parsed = parseConversationKey(key);
  if (parsed?.kind !== 'dm') return null;
  const [a, b] = parsed.userIds;
  if (a === me) return b;
  if (b === me) return a;
  return null;
}
