// Turns what a person typed into the search box into an FTS5 MATCH expression
// (PROTOCOL.md, "Search"): every word quoted (so punctuation and FTS5 syntax
// mean nothing), all of them required, the last one also as a prefix when it
// has SEARCH_PREFIX_MIN_CHARS or more ("s*" would merge the hit lists of every
// word starting with s — bench/search measured 75 ms for that, 1 ms without).
import { SEARCH_PREFIX_MIN_CHARS, SEARCH_QUERY_MAX_CHARS, SEARCH_QUERY_MAX_TERMS } from '../../src-shared/limits.js';

export type FtsQuery = { ok: true; match: string; terms: string[] } | { ok: false; message: string };

const WORD = /[\p{L}\p{N}_]+/gu;
const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

export function buildFtsQuery(text: string): FtsQuery {
  const normalised = text.normalize('NFKC');
  const length = [...normalised].length;
  if (length > SEARCH_QUERY_MAX_CHARS) {
    return { ok: false, message: `Searches can be at most ${SEARCH_QUERY_MAX_CHARS} characters; this one has ${length}. Shorten it.` };
  }
  const terms = (normalised.match(WORD) ?? []).filter((word) => HAS_LETTER_OR_DIGIT.test(word));
  if (terms.length === 0) return { ok: false, message: 'Type at least one word (letters or digits) to search for.' };
  if (terms.length > SEARCH_QUERY_MAX_TERMS) {
    return { ok: false, message: `Searches can have at most ${SEARCH_QUERY_MAX_TERMS} words; this one has ${terms.length}. Leave some out.` };
  }
  const prefix = (i: number) => i === terms.length - 1 && [...terms[i]!].length >= SEARCH_PREFIX_MIN_CHARS;
  const match = terms.map((term, i) => `"${term}"${prefix(i) ? '*' : ''}`).join(' ');
  return { ok: true, match, terms };
}
