// State of the composer's `:` completion (emoji-suggestions.ts has the rules):
// the ":name" at the caret, the matches, the highlighted one, and Escape's
// "not for this one" (until the ":" is gone). The same keys as the @mention
// list: ↑/↓ move, Enter/Tab pick, Escape closes.
import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import type { EmojiEntry } from './emoji-data.js';
import { activeEmojiQuery, emojiCandidates, insertEmoji, loadShortcodeIndex, type EmojiQuery } from './emoji-suggestions.js';

/** `draft`: the composer's text; once it holds a ":name" the full shortcode list loads, for conversion on send. */
export function useEmojiCompletion(draft: string) {
  const [query, setQuery] = useState<EmojiQuery | null>(null);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const [selected, setSelected] = useState(0);
  const [all, setAll] = useState<EmojiEntry[] | null>(null);

  useEffect(() => {
    if (!query || all) return;
    let live = true;
    // Without the full list the aliases still complete; a failed load only narrows the choice.
    loadShortcodeIndex().then(
      (list) => live && setAll(list),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [query, all]);

  const hasShortcode = /:[a-z0-9_+-]{2}/.test(draft);
  useEffect(() => {
    if (hasShortcode) loadShortcodeIndex().catch(() => {}); // the aliases still convert without it
  }, [hasShortcode]);

  const candidates = useMemo(() => (query ? emojiCandidates(query.query, all) : []), [query, all]);
  const suggesting = query !== null && query.start !== dismissedAt && candidates.length > 0;
  const active = suggesting ? Math.min(selected, candidates.length - 1) : -1;

  return {
    suggesting,
    candidates,
    active,
    /** Follow the text and caret after a change (or a caret move while open). */
    track(value: string, caret: number | null) {
      const next = caret === null ? null : activeEmojiQuery(value, caret);
      setQuery(next);
      if (!next || next.start !== query?.start) setSelected(0);
      if (!next) setDismissedAt(null);
    },
    close: () => setQuery(null),
    select: setSelected,
    /** The list's keys while it is open; true when the key was its (`pick` gets the highlighted index). */
    handleKey(event: KeyboardEvent, pick: (index: number) => void): boolean {
      if (!suggesting) return false;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setSelected((active + step + candidates.length) % candidates.length);
        return true;
      }
      if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
        event.preventDefault();
        pick(active);
        return true;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        setDismissedAt(query?.start ?? null);
        return true;
      }
      return false;
    },
    /** The text with the candidate's emoji in place of ":name", and the caret after it. */
    pick(text: string, index: number): { text: string; caret: number } | null {
      const candidate = candidates[index];
      if (!query || !candidate) return null;
      setDismissedAt(query.start);
      setQuery(null);
      return insertEmoji(text, query, candidate.emoji);
    },
  };
}
