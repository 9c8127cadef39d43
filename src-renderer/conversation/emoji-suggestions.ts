// `:` completion in the composer, and the shortcode lookup used on send.
// ":thu" (EMOJI_QUERY_MIN_CHARS+ name characters after a colon that starts a
// word) lists matching emoji: Slack's aliases (`:thumbsup:`) first, then every
// emoji's CLDR slug (`:thumbs_up:`) once the full list has loaded. Picking one
// puts the emoji itself in the text, as Slack's desktop composer shows it.
import { EMOJI_QUERY_MAX_CHARS, EMOJI_QUERY_MIN_CHARS, EMOJI_SUGGESTIONS_MAX } from '../../src-shared/limits.js';
import { SHORTCODE_ALIASES } from '../../src-shared/emoji-shortcodes.js';
import { aliasLookup, type ShortcodeLookup } from '../../src-shared/shortcode-conversion.js';
import { loadAllEmoji, type EmojiEntry } from './emoji-data.js';

export interface EmojiQuery {
  /** Index of the ":" in the text. */
  start: number;
  /** What follows the ":" up to the caret, lower-cased. */
  query: string;
}

const QUERY = new RegExp(`(^|[\\s(\\[{"'])(:[A-Za-z0-9_+-]{${EMOJI_QUERY_MIN_CHARS},${EMOJI_QUERY_MAX_CHARS}})$`);

/** The ":name" being typed just before the caret, the ":" at the start or after a space or bracket (not "10:30"). */
export function activeEmojiQuery(text: string, caret: number): EmojiQuery | null {
  const match = QUERY.exec(text.slice(0, caret));
  if (!match) return null;
  const typed = match[2]!;
  return { start: caret - typed.length, query: typed.slice(1).toLowerCase() };
}

export interface EmojiCandidate {
  emoji: string;
  /** The shortcode shown beside it, without colons. */
  code: string;
}

const ALIASES = Object.entries(SHORTCODE_ALIASES);

/** Aliases starting with the query, then slugs starting with it, then slugs with a word starting with it; one row per emoji. */
export function emojiCandidates(query: string, all: readonly EmojiEntry[] | null, limit = EMOJI_SUGGESTIONS_MAX): EmojiCandidate[] {
  const found = new Map<string, string>();
  const add = (emoji: string, code: string) => {
    if (found.size < limit && !found.has(emoji)) found.set(emoji, code);
  };
  for (const [code, emoji] of ALIASES) if (code.startsWith(query)) add(emoji, code);
  const slugs = (all ?? []).filter((entry) => entry.slug);
  for (const entry of slugs) if (entry.slug!.startsWith(query)) add(entry.emoji, entry.slug!);
  for (const entry of slugs) if (entry.slug!.split('_').some((word) => word.startsWith(query))) add(entry.emoji, entry.slug!);
  return [...found].map(([emoji, code]) => ({ emoji, code }));
}

/** The text with ":query" replaced by the emoji and a space, and where the caret goes. */
export function insertEmoji(text: string, at: EmojiQuery, emoji: string): { text: string; caret: number } {
  const end = at.start + 1 + at.query.length;
  const inserted = `${emoji} `;
  const rest = text.slice(end).replace(/^ /, '');
  return { text: text.slice(0, at.start) + inserted + rest, caret: at.start + inserted.length };
}

/** The emoji at the caret (or over the selection), a space after it unless one follows; and where the caret goes. */
export function insertAtCaret(text: string, from: number, to: number, emoji: string): { text: string; caret: number } {
  const rest = text.slice(to);
  const inserted = rest.startsWith(' ') || rest.startsWith('\n') ? emoji : `${emoji} `;
  return { text: text.slice(0, from) + inserted + rest, caret: from + inserted.length };
}

// ---- the lookup for conversion on send: aliases always, slugs once loaded.

let slugs: Map<string, string> | null = null;

/** Load every emoji's slug for `shortcodeLookup` (the first `:name` typed starts it). */
export function loadShortcodeIndex(): Promise<EmojiEntry[]> {
  return loadAllEmoji().then((list) => {
    slugs ??= new Map(list.flatMap((entry) => (entry.slug ? [[entry.slug, entry.emoji] as const] : [])));
    return list;
  });
}

export const shortcodeLookup: ShortcodeLookup = (name) => aliasLookup(name) ?? slugs?.get(name);
