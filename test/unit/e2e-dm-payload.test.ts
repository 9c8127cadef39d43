// The plaintext inside an encrypted DM (dm-payload.ts): text with an optional quote, or a file.
import { describe, expect, it } from 'vitest';
import { decodeDmContent, encodeDmText } from '../../src-shared/e2e/dm-payload.js';
import { E2E_QUOTE_MAX_CHARS } from '../../src-shared/limits.js';

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

  it('refuses anything else with a clear error', () => {
    for (const bad of [new Uint8Array([0xff, 0xfe]), bytes('just a string'), bytes({ t: 5 }), bytes({ name: 'no key' })]) {
      expect(() => decodeDmContent(bad)).toThrow(/not text this app understands/);
    }
  });
});
