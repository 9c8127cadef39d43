// Search hits carry `highlights`: [start, end) UTF-16 offsets of the matched
// words in the message text. These helpers cut a long text down to the part
// around the first match and split it into plain and marked pieces.

export interface TextPiece {
  text: string;
  marked: boolean;
}

/** Sorted, clamped to the text, overlapping and touching ranges merged, empty ones dropped. */
export function normaliseRanges(ranges: ReadonlyArray<readonly [number, number]>, length: number): Array<[number, number]> {
  const sorted = ranges
    .map(([start, end]) => [Math.max(0, Math.min(start, length)), Math.max(0, Math.min(end, length))] as [number, number])
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

/**
 * The text split at the highlights. A text longer than `maxChars` is cut to
 * a window that starts a little before the first match, with "…" where text
 * was left out.
 */
export function highlightPieces(text: string, highlights: ReadonlyArray<readonly [number, number]>, maxChars = 280): TextPiece[] {
  const ranges = normaliseRanges(highlights, text.length);
  let from = 0;
  let to = text.length;
  if (text.length > maxChars) {
    const first = ranges[0]?.[0] ?? 0;
    from = Math.max(0, first - 60);
    to = Math.min(text.length, from + maxChars);
    // Do not cut a surrogate pair in two.
    if (from > 0 && /[\uDC00-\uDFFF]/.test(text[from] ?? '')) from--;
    if (to < text.length && /[\uD800-\uDBFF]/.test(text[to - 1] ?? '')) to--;
  }
  const pieces: TextPiece[] = [];
  const push = (start: number, end: number, marked: boolean) => {
    if (end > start) pieces.push({ text: text.slice(start, end), marked });
  };
  let at = from;
  for (const [start, end] of ranges) {
    if (end <= from || start >= to) continue;
    push(at, Math.max(at, start), false);
    push(Math.max(at, start), Math.min(end, to), true);
    at = Math.min(end, to);
  }
  push(at, to, false);
  if (from > 0) pieces.unshift({ text: '…', marked: false });
  if (to < text.length) pieces.push({ text: '…', marked: false });
  return pieces;
}
