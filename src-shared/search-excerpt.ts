// The excerpt of a search hit (PROTOCOL.md, "search": `highlights` are
// [start, end) UTF-16 offsets of the matched words in `message.text`): the
// text cut to a window around the first match and split into plain and marked
// pieces. The renderer's search panel draws the pieces as <span>/<mark>; the
// terminal client prints them with «marks» or bold. One implementation, so
// both show the same part of a long message.
//
// The window: `maxChars` UTF-16 units starting a third of the window before
// the first match, so the match has context on both sides — but pulled back
// when that would leave the window short at the end of the text (a match near
// the end shows as much text as one in the middle). A cut never splits a
// surrogate pair, and "…" pieces stand where text was left out.

/** A part of the excerpt: matched words (`marked`) or the text between them. */
export interface ExcerptPiece {
  text: string;
  marked: boolean;
}

export type HighlightRange = readonly [start: number, end: number];

/** Sorted, clamped to [0, length], overlapping and touching ranges merged, empty ones dropped. */
export function normaliseRanges(ranges: ReadonlyArray<HighlightRange>, length: number): Array<[number, number]> {
  const clamped = ranges
    .map(([start, end]): [number, number] => [Math.max(0, Math.min(start, length)), Math.max(0, Math.min(end, length))])
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const range of clamped) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

/** Whether `offset` falls between the two halves of a surrogate pair. */
function splitsPair(text: string, offset: number): boolean {
  const code = text.charCodeAt(offset);
  return offset > 0 && offset < text.length && code >= 0xdc00 && code <= 0xdfff;
}

/** `offset`, moved back one when it would fall between the two halves of a surrogate pair. */
function atCharBoundary(text: string, offset: number): number {
  return splitsPair(text, offset) ? offset - 1 : offset;
}

/** [from, to) of `text` to show: all of it when it fits in `maxChars`, else the window described above. */
export function excerptWindow(text: string, firstMatch: number, maxChars: number): [number, number] {
  if (text.length <= maxChars) return [0, text.length];
  const lead = Math.floor(maxChars / 3);
  let from = Math.max(0, Math.min(firstMatch - lead, text.length - maxChars));
  // Off a pair's second half: forward when the match stays in view (moving back
  // would also pull the end back, and could cut the match off), else back.
  if (splitsPair(text, from)) from = from + 1 <= firstMatch ? from + 1 : from - 1;
  const to = atCharBoundary(text, Math.min(text.length, from + maxChars));
  return [from, to];
}

/**
 * The text split at the highlights, cut to at most `maxChars` (plus a "…"
 * piece at each end that was cut). Highlights may be unsorted, overlapping
 * or out of range.
 */
export function searchExcerpt(text: string, highlights: ReadonlyArray<HighlightRange>, maxChars: number): ExcerptPiece[] {
  const ranges = normaliseRanges(highlights, text.length);
  const [from, to] = excerptWindow(text, ranges[0]?.[0] ?? 0, maxChars);
  const pieces: ExcerptPiece[] = [];
  const push = (start: number, end: number, marked: boolean) => {
    if (end > start) pieces.push({ text: text.slice(start, end), marked });
  };
  if (from > 0) pieces.push({ text: '…', marked: false });
  let at = from;
  for (const [start, end] of ranges) {
    if (end <= from || start >= to) continue;
    push(at, Math.max(at, start), false);
    push(Math.max(at, start), Math.min(end, to), true);
    at = Math.min(end, to);
  }
  push(at, to, false);
  if (to < text.length) pieces.push({ text: '…', marked: false });
  return pieces;
}
