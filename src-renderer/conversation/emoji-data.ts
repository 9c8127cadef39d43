// Emoji for the reaction picker: a short list of common ones always at hand,
// and the full Unicode list with names (unicode-emoji-json, loaded with
// import() the first time someone searches, so it is its own chunk and not
// part of the first paint).

export interface EmojiEntry {
  emoji: string;
  name: string;
  /** CLDR name as a shortcode (`thumbs_up`), where the full list is loaded. */
  slug?: string;
}

export const COMMON_EMOJI: readonly EmojiEntry[] = [
  { emoji: '👍', name: 'thumbs up' },
  { emoji: '👎', name: 'thumbs down' },
  { emoji: '❤️', name: 'red heart' },
  { emoji: '😂', name: 'face with tears of joy' },
  { emoji: '😀', name: 'grinning face' },
  { emoji: '😅', name: 'grinning face with sweat' },
  { emoji: '😍', name: 'smiling face with heart-eyes' },
  { emoji: '🥲', name: 'smiling face with tear' },
  { emoji: '😮', name: 'face with open mouth' },
  { emoji: '😢', name: 'crying face' },
  { emoji: '😡', name: 'enraged face' },
  { emoji: '🤔', name: 'thinking face' },
  { emoji: '🎉', name: 'party popper' },
  { emoji: '🔥', name: 'fire' },
  { emoji: '👏', name: 'clapping hands' },
  { emoji: '🙌', name: 'raising hands' },
  { emoji: '🙏', name: 'folded hands' },
  { emoji: '👀', name: 'eyes' },
  { emoji: '✅', name: 'check mark button' },
  { emoji: '❌', name: 'cross mark' },
  { emoji: '💯', name: 'hundred points' },
  { emoji: '🚀', name: 'rocket' },
  { emoji: '💡', name: 'light bulb' },
  { emoji: '☕', name: 'hot beverage' },
];

let all: Promise<EmojiEntry[]> | null = null;

/** Every emoji with its CLDR name, in Unicode's order (loaded once). */
export function loadAllEmoji(): Promise<EmojiEntry[]> {
  all ??= import('unicode-emoji-json/data-by-emoji.json').then((module) => {
    const data = (module as { default: Record<string, { name: string; slug: string }> }).default;
    return Object.entries(data).map(([emoji, info]) => ({ emoji, name: info.name, slug: info.slug }));
  });
  return all;
}

/** Names with every query word as a word prefix ("thu up" finds "thumbs up"). */
export function searchEmoji(list: readonly EmojiEntry[], query: string, limit = 64): EmojiEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const found: EmojiEntry[] = [];
  for (const entry of list) {
    const nameWords = entry.name.toLowerCase().split(/[\s:,-]+/);
    if (words.every((w) => nameWords.some((n) => n.startsWith(w)))) {
      found.push(entry);
      if (found.length >= limit) break;
    }
  }
  return found;
}
