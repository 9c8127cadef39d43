import { describe, expect, it } from 'vitest';
import { isSingleEmoji } from '../../src-shared/emoji.js';
import { cleanMessageText } from '../../src-shared/message-text.js';
import { REACTION_EMOJI_MAX_CHARS } from '../../src-shared/limits.js';

describe('cleanMessageText', () => {
  it('removes C0 and C1 control characters but keeps line feeds and tabs', () => {
    expect(cleanMessageText('  a\u0000b\u0001c\u0002d\u001be\u007ff\u0085g\u009fh\ti\nj  ')).toBe('abcdefgh\ti\nj');
    expect(cleanMessageText('one\r\ntwo\rthree')).toBe('one\ntwo\nthree');
    expect(cleanMessageText('émoji 👍 and ZWJ 👨‍👩‍👧')).toBe('émoji 👍 and ZWJ 👨‍👩‍👧');
  });
});

describe('isSingleEmoji', () => {
  it('accepts one emoji grapheme: modifiers, ZWJ sequences, flags, keycaps, tag sequences', () => {
    for (const emoji of ['👍', '❤️', '👍🏽', '👨‍👩‍👧‍👦', '🇩🇪', '1️⃣', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '©️']) expect(isSingleEmoji(emoji)).toBe(true);
  });

  it('refuses text, several emoji and anything too long', () => {
    for (const text of ['', 'a', '1', ':)', '👍👍', '👍 ', ' 👍', '🇩', 'a👍', '\u200d']) expect(isSingleEmoji(text)).toBe(false);
    expect(isSingleEmoji(`👍${'\ufe0f'.repeat(REACTION_EMOJI_MAX_CHARS)}`)).toBe(false);
  });
});
