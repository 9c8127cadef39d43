import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { excerptWindow, normaliseRanges, searchExcerpt, type ExcerptPiece } from '../../src-shared/search-excerpt.js';

const shown = (pieces: ExcerptPiece[]) => pieces.map((p) => p.text).join('');
const marked = (pieces: ExcerptPiece[]) => pieces.filter((p) => p.marked).map((p) => p.text);
const isWellFormed = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe('normaliseRanges', () => {
  it('sorts, clamps, merges overlapping and touching ranges, and drops empty ones', () => {
    expect(normaliseRanges([[6, 9], [0, 3], [2, 4], [50, 60]], 12)).toEqual([[0, 4], [6, 9]]);
    expect(normaliseRanges([[0, 2], [2, 4]], 10)).toEqual([[0, 4]]);
    expect(normaliseRanges([[3, 3], [-5, 1], [8, 20]], 10)).toEqual([[0, 1], [8, 10]]);
    expect(normaliseRanges([], 10)).toEqual([]);
  });

  it('does not change the ranges it was given', () => {
    const given: Array<[number, number]> = [[0, 2], [1, 4]];
    normaliseRanges(given, 10);
    expect(given).toEqual([[0, 2], [1, 4]]);
  });
});

describe('excerptWindow', () => {
  it('keeps a text that fits whole', () => {
    expect(excerptWindow('short', 2, 10)).toEqual([0, 5]);
  });

  it('starts a third of the window before the first match', () => {
    expect(excerptWindow('x'.repeat(1000), 500, 90)).toEqual([470, 560]);
  });

  it('starts at the beginning for an early match, and fills the window for a late one', () => {
    expect(excerptWindow('x'.repeat(1000), 10, 90)).toEqual([0, 90]);
    expect(excerptWindow('x'.repeat(1000), 990, 90)).toEqual([910, 1000]);
  });

  it('never cuts a surrogate pair in two', () => {
    const text = '😀'.repeat(100); // 200 UTF-16 units, pairs at even offsets
    const [from, to] = excerptWindow(text, 101, 31);
    expect(from % 2).toBe(0);
    expect(to % 2).toBe(0);
  });
});

describe('searchExcerpt', () => {
  it('splits the text at the highlights', () => {
    expect(searchExcerpt('deploy on friday', [[0, 6], [10, 16]], 280)).toEqual([
      { text: 'deploy', marked: true },
      { text: ' on ', marked: false },
      { text: 'friday', marked: true },
    ]);
  });

  it('copes with unsorted, overlapping and out-of-range highlights', () => {
    expect(searchExcerpt('abcdef', [[4, 9], [0, 2], [1, 3]], 280)).toEqual([
      { text: 'abc', marked: true },
      { text: 'd', marked: false },
      { text: 'ef', marked: true },
    ]);
    expect(searchExcerpt('abc', [[2, 2], [5, 7]], 280)).toEqual([{ text: 'abc', marked: false }]);
    expect(searchExcerpt('', [[0, 3]], 280)).toEqual([]);
  });

  it('cuts a long text around the first match, with "…" at each cut end', () => {
    const text = `${'a'.repeat(500)} needle ${'b'.repeat(500)}`;
    const pieces = searchExcerpt(text, [[501, 507]], 100);
    expect(pieces[0]).toEqual({ text: '…', marked: false });
    expect(marked(pieces)).toEqual(['needle']);
    expect(pieces.at(-1)).toEqual({ text: '…', marked: false });
    expect(shown(pieces).length).toBe(102);
  });

  it('marks only the part of a match inside the window', () => {
    const text = `${'a'.repeat(10)}${'m'.repeat(200)}`;
    expect(searchExcerpt(text, [[10, 210]], 50)).toEqual([
      { text: 'a'.repeat(10), marked: false },
      { text: 'm'.repeat(40), marked: true },
      { text: '…', marked: false },
    ]);
  });

  it('keeps a match in view when the window would start inside a surrogate pair (found by the property below)', () => {
    // Two astral characters, the match on the second, a 3-unit window: [2, 4), not [0, 2).
    expect(searchExcerpt('𑂚𑂛', [[2, 4]], 3)).toEqual([{ text: '…', marked: false }, { text: '𑂛', marked: true }]);
  });

  it('shows the window, and exactly the highlighted parts of it marked (property)', () => {
    const ranges = fc.array(fc.tuple(fc.integer({ min: -5, max: 400 }), fc.integer({ min: -5, max: 400 })), { maxLength: 6 });
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), ranges, fc.integer({ min: 2, max: 200 }), (text, highlights, maxChars) => {
        const pieces = searchExcerpt(text, highlights, maxChars);
        const merged = normaliseRanges(highlights, text.length);
        const [from, to] = excerptWindow(text, merged[0]?.[0] ?? 0, maxChars);
        // The "…" pieces stand exactly where text was cut.
        if (from > 0) expect(pieces[0]).toEqual({ text: '…', marked: false });
        if (to < text.length) expect(pieces.at(-1)).toEqual({ text: '…', marked: false });
        const body = pieces.slice(from > 0 ? 1 : 0, to < text.length ? -1 : undefined);
        expect(shown(body)).toBe(text.slice(from, to));
        expect(to - from).toBeLessThanOrEqual(maxChars);
        expect(isWellFormed(shown(pieces))).toBe(true);
        // Every marked character lies in a highlight, every highlighted character in the window is marked.
        let at = from;
        for (const piece of body) {
          for (let i = 0; i < piece.text.length; i++, at++) {
            expect(merged.some(([a, b]) => at >= a && at < b)).toBe(piece.marked);
          }
        }
        // The first match is shown, when it starts inside the text.
        if (merged[0] && text.length > 0) expect(merged[0][0] >= from && merged[0][0] < to).toBe(true);
      }),
    );
  });
});
