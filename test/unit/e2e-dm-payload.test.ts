// The plaintext inside an encrypted DM (dm-payload.ts): text with an optional quote, or a file.
import { describe, expect, it } from 'vitest';
import { decodeDmContent, encodeDmFile, encodeDmText } from '../../src-shared/e2e/dm-payload.js';
import { E2E_FILE_PREVIEW_MAX_CHARS, E2E_MAX_PLAINTEXT_BYTES, E2E_QUOTE_MAX_CHARS, FILE_CAPTION_MAX_UTF16 } from '../../src-shared/limits.js';

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe('DM payload', () => {
  it('round-trips text, with and without a quote; a long quote is cut to the limit', () => {
    expect(decodeDmContent(encodeDmText('hi'))).toEqual({ kind: 'text', text: 'hi' });
    expect(decodeDmContent(encodeDmText('yes', 'lunch?'))).toEqual({ kind: 'text', text: 'yes', quote: 'lunch?' });
    const long = decodeDmContent(encodeDmText('ok', '😀'.repeat(E2E_QUOTE_MAX_CHARS + 10)));
    expect(long.kind === 'text' && [...long.quote!].length).toBe(E2E_QUOTE_MAX_CHARS);
  });

  it('reads a file payload and ignores fields it does not know', () => {
    expect(decodeDmContent(bytes({ key: 'k', name: 'plan.pdf', type: 'application/pdf', later: 1 }))).toEqual({ kind: 'file', key: 'k', name: 'plan.pdf', type: 'application/pdf' });
    expect(decodeDmContent(bytes({ t: 'x', v2: true }))).toEqual({ kind: 'text', text: 'x' });
  });

  it('carries a file\'s caption inside: it reads back with the file; an older payload without one still reads', () => {
    const file = { key: 'k', name: 'plan.pdf', type: 'application/pdf', size: 12, preview: 'data:image/png;base64,AAAA' };
    const sent = encodeDmFile({ ...file, caption: 'the plan, page 3 ✔️' });
    expect(JSON.parse(new TextDecoder().decode(sent))).toMatchObject({ c: 'the plan, page 3 ✔️' });
    expect(decodeDmContent(sent)).toEqual({ kind: 'file', key: 'k', name: 'plan.pdf', type: 'application/pdf', size: 12, preview: 'data:image/png;base64,AAAA', caption: 'the plan, page 3 ✔️' });
    // No caption, or an empty one: no field, as an older sender wrote it.
    expect(JSON.parse(new TextDecoder().decode(encodeDmFile({ ...file, caption: '' })))).not.toHaveProperty('c');
    expect(decodeDmContent(bytes({ key: 'k', name: 'old.txt', size: 3 }))).toEqual({ kind: 'file', key: 'k', name: 'old.txt', size: 3 });
  });

  it('refuses a caption over FILE_CAPTION_MAX_UTF16 when sending; reading cuts a longer one (never half a character) and ignores a non-text one', () => {
    expect(() => encodeDmFile({ key: 'k', name: 'a.txt', caption: 'x'.repeat(FILE_CAPTION_MAX_UTF16 + 1) })).toThrow(/at most 8000 characters.*shorten it/);
    expect(decodeDmContent(encodeDmFile({ key: 'k', name: 'a.txt', caption: 'x'.repeat(FILE_CAPTION_MAX_UTF16) }))).toMatchObject({ caption: 'x'.repeat(FILE_CAPTION_MAX_UTF16) });
    // A longer one from another client: cut at the limit, the emoji across it dropped whole.
    const long = decodeDmContent(bytes({ key: 'k', name: 'a.txt', c: `${'x'.repeat(FILE_CAPTION_MAX_UTF16 - 1)}😀 and more` }));
    expect(long.kind === 'file' && long.caption).toBe('x'.repeat(FILE_CAPTION_MAX_UTF16 - 1));
    expect(decodeDmContent(bytes({ key: 'k', name: 'a.txt', c: 42 }))).toEqual({ kind: 'file', key: 'k', name: 'a.txt' });
  });

  it('a caption that leaves the preview no room within the plaintext limit keeps the caption and drops the preview', () => {
    const preview = `data:image/png;base64,${'A'.repeat(E2E_FILE_PREVIEW_MAX_CHARS - 30)}`;
    const caption = '€'.repeat(FILE_CAPTION_MAX_UTF16); // 3 bytes of UTF-8 each
    const sent = encodeDmFile({ key: 'k', name: 'a.png', preview, caption });
    expect(sent.length).toBeLessThanOrEqual(E2E_MAX_PLAINTEXT_BYTES);
    expect(decodeDmContent(sent)).toEqual({ kind: 'file', key: 'k', name: 'a.png', caption });
  });

  it('refuses anything else with a clear error', () => {
    for (const bad of [new Uint8Array([0xff, 0xfe]), bytes('just a string'), bytes({ t: 5 }), bytes({ name: 'no key' })]) {
      expect(() => decodeDmContent(bad)).toThrow(/not text this app understands/);
    }
  });
});
