import { describe, expect, it } from 'vitest';
import { buildFtsQuery } from '../../src-main/host/search-query.js';
import { SEARCH_QUERY_MAX_CHARS, SEARCH_QUERY_MAX_TERMS } from '../../src-shared/limits.js';

describe('buildFtsQuery', () => {
  it('quotes every word and makes the last one a prefix', () => {
    expect(buildFtsQuery('deploy friday')).toEqual({ ok: true, match: '"deploy" "friday"*', terms: ['deploy', 'friday'] });
    expect(buildFtsQuery('  café ')).toEqual({ ok: true, match: '"café"*', terms: ['café'] });
  });

  it('leaves no FTS5 syntax to get wrong: operators and punctuation are plain words or ignored', () => {
    expect(buildFtsQuery('"a" OR NOT b* NEAR(c) -d ^e:fox')).toMatchObject({ ok: true, match: '"a" "OR" "NOT" "b" "NEAR" "c" "d" "e" "fox"*' });
    expect(buildFtsQuery('ｆｕｌｌ　ｗｉｄｔｈ')).toMatchObject({ ok: true, terms: ['full', 'width'] });
  });

  it('matches a last word of one or two characters exactly, not as a prefix of every word starting with it', () => {
    expect(buildFtsQuery("it's")).toMatchObject({ ok: true, match: '"it" "s"' });
    expect(buildFtsQuery('go to')).toMatchObject({ ok: true, match: '"go" "to"' });
    expect(buildFtsQuery('dep')).toMatchObject({ ok: true, match: '"dep"*' });
  });

  it('refuses a query with no words, too many words or too many characters', () => {
    for (const empty of ['', '   ', '?!… -- "" __']) expect(buildFtsQuery(empty)).toMatchObject({ ok: false, message: expect.stringContaining('at least one word') });
    const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');
    expect(buildFtsQuery(words(SEARCH_QUERY_MAX_TERMS)).ok).toBe(true);
    expect(buildFtsQuery(words(SEARCH_QUERY_MAX_TERMS + 1))).toMatchObject({ ok: false, message: expect.stringContaining(`at most ${SEARCH_QUERY_MAX_TERMS} words`) });
    expect(buildFtsQuery('é'.repeat(SEARCH_QUERY_MAX_CHARS)).ok).toBe(true);
    expect(buildFtsQuery('é'.repeat(SEARCH_QUERY_MAX_CHARS + 1))).toMatchObject({ ok: false, message: expect.stringContaining(`at most ${SEARCH_QUERY_MAX_CHARS} characters`) });
  });
});
