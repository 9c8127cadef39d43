// A search hit's text as people read it in the list: no Markdown syntax
// ("*soon*" reads "soon", "[the doc](https://…)" reads "the doc"), parsed with
// the same CommonMark + GFM parser the message rows use (micromark via
// mdast-util-from-markdown; no hand-written Markdown regexes). The host's
// highlights are offsets into the raw text, so every character of the plain
// text remembers where it came from and the marks follow it across.
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import type { Nodes } from 'mdast';
import { normaliseRanges, searchExcerpt, type ExcerptPiece, type HighlightRange } from '../../src-shared/search-excerpt.js';

interface Plain {
  text: string;
  /** For each UTF-16 unit of `text`, its offset in the raw text (-1: a space put between blocks). */
  source: number[];
}

const BLOCKS = new Set(['paragraph', 'heading', 'code', 'blockquote', 'list', 'listItem', 'table', 'tableRow', 'tableCell', 'thematicBreak', 'html']);

/**
 * Where each unit of `value` (a node's text) sits in `raw` between `from` and
 * `to`: the text is the source minus syntax (backslashes, fences, entities), so
 * walk both and match units in order; a unit not found (an entity's result)
 * takes the position reached.
 */
function align(raw: string, value: string, from: number, to: number, out: number[]): void {
  let at = from;
  for (let i = 0; i < value.length; i++) {
    const found = raw.indexOf(value[i]!, at);
    if (found >= 0 && found < to) {
      out.push(found);
      at = found + 1;
    } else out.push(Math.min(at, to - 1));
  }
}

export function markdownToPlain(raw: string): Plain {
  const tree = fromMarkdown(raw, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  const parts: string[] = [];
  const source: number[] = [];
  const space = () => {
    if (parts.length > 0 && !/\s$/u.test(parts[parts.length - 1]!)) {
      parts.push(' ');
      source.push(-1);
    }
  };
  const walk = (node: Nodes) => {
    const block = BLOCKS.has(node.type);
    if (block) space();
    if (node.type === 'break') space();
    else if ('value' in node && typeof node.value === 'string') {
      const from = node.position?.start.offset ?? 0;
      const to = node.position?.end.offset ?? raw.length;
      // A code block's lines, like a message's lines, read as one line here.
      const value = node.value.replace(/\n/gu, ' ');
      parts.push(value);
      align(raw, node.value, from, to, source);
    } else if (node.type === 'image' || node.type === 'imageReference') {
      const label = node.alt ?? '';
      parts.push(label);
      align(raw, label, node.position?.start.offset ?? 0, node.position?.end.offset ?? raw.length, source);
    }
    if ('children' in node) for (const child of node.children) walk(child as Nodes);
    if (block) space();
  };
  walk(tree);
  const text = parts.join('');
  // Trailing block space.
  const end = text.trimEnd().length;
  return { text: text.slice(0, end), source: source.slice(0, end) };
}

/** `highlights` (raw offsets) as ranges of the plain text: a plain unit is marked when its source is. */
export function mapHighlights(plain: Plain, highlights: ReadonlyArray<HighlightRange>, rawLength: number): Array<[number, number]> {
  const ranges = normaliseRanges(highlights, rawLength);
  const marked = (offset: number) => offset >= 0 && ranges.some(([start, end]) => offset >= start && offset < end);
  const out: Array<[number, number]> = [];
  for (let i = 0; i < plain.text.length; i++) {
    if (!marked(plain.source[i]!)) continue;
    const last = out[out.length - 1];
    if (last && last[1] === i) last[1] = i + 1;
    else out.push([i, i + 1]);
  }
  return out;
}

/** The excerpt of a hit with its Markdown rendered down to plain text, the matched words still marked. */
export function plainSearchExcerpt(raw: string, highlights: ReadonlyArray<HighlightRange>, maxChars: number): ExcerptPiece[] {
  const plain = markdownToPlain(raw);
  return searchExcerpt(plain.text, mapHighlights(plain, highlights, raw.length), maxChars);
}
