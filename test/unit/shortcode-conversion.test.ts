import { describe, expect, it } from 'vitest';
import { convertShortcodes } from '../../src-shared/shortcode-conversion.js';

describe('convertShortcodes', () => {
  it('turns the Slack names people type into emoji', () => {
    expect(convertShortcodes(':thumbsup:')).toBe('👍');
    expect(convertShortcodes('ship it :tada:')).toBe('ship it 🎉');
    expect(convertShortcodes(':+1: and :-1: and :100:')).toBe('👍 and 👎 and 💯');
  });

  it('converts several in one line, also back to back', () => {
    expect(convertShortcodes('done :white_check_mark: :rocket::fire: now')).toBe('done ✅ 🚀🔥 now');
  });

  it('keeps unknown names and other colons as typed', () => {
    expect(convertShortcodes('hi :not_an_emoji: there')).toBe('hi :not_an_emoji: there');
    expect(convertShortcodes('at 10:30:45, ratio 1:2')).toBe('at 10:30:45, ratio 1:2');
    expect(convertShortcodes(':Tada:')).toBe(':Tada:');
    expect(convertShortcodes('::tada::')).toBe(':🎉:');
  });

  it('leaves inline code spans alone', () => {
    expect(convertShortcodes('run `a :tada: b` then :tada:')).toBe('run `a :tada: b` then 🎉');
    expect(convertShortcodes('``x `:tada:` y`` :fire:')).toBe('``x `:tada:` y`` 🔥');
  });

  it('leaves fenced code blocks alone, closed or not', () => {
    const closed = 'look :eyes:\n```\nfoo :tada: bar\n```\nafter :tada:';
    expect(convertShortcodes(closed)).toBe('look 👀\n```\nfoo :tada: bar\n```\nafter 🎉');
    expect(convertShortcodes('```js\nconst s = ":fire:";')).toBe('```js\nconst s = ":fire:";');
  });

  it('an unclosed backtick does not swallow the rest', () => {
    expect(convertShortcodes('it`s :fire:')).toBe('it`s 🔥');
  });

  it('uses a wider lookup when one is given', () => {
    const lookup = (name: string) => ({ party_popper: '🎉' })[name];
    expect(convertShortcodes(':party_popper: :tada:', lookup)).toBe('🎉 :tada:');
  });
});
