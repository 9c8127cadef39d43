// The terminal's in-memory search over decrypted DMs (dm-index.ts).
import { describe, expect, it } from 'vitest';
import type { Message } from '../../src-shared/protocol/frames.js';
import { DmIndex } from '../../src-shared/e2e/dm-index.js';

const message = (seq: number, deleted = false) =>
  ({ seq, conv: 'dm:1:2', from: 1, fromName: 'ann', ts: seq, kind: 'text', text: '', reactions: [], ...(deleted && { deleted: true }) }) as unknown as Message;

describe('DmIndex', () => {
  it('finds messages holding every word, case-insensitively, newest first, with the matches marked', () => {
    const index = new DmIndex();
    index.add(message(1), 'Deploy on Friday');
    index.add(message(2), 'no deploy today');
    index.add(message(3), 'friday drinks');
    const hits = index.search('friday DEPLOY');
    expect(hits.map((h) => h.message.seq)).toEqual([1]);
    expect(hits[0]!.message.text).toBe('Deploy on Friday');
    expect(hits[0]!.highlights).toEqual([[0, 6], [10, 16]]);
    expect(index.search('fri').map((h) => h.message.seq)).toEqual([3, 1]); // the start of a word
    expect(index.search('   ')).toEqual([]);
    expect(index.search('(')).toEqual([]); // not a pattern
  });

  it('forgets deleted messages and keeps an edit\'s text', () => {
    const index = new DmIndex();
    index.add(message(1), 'first');
    index.add(message(1), 'edited');
    expect(index.text(1)).toBe('edited');
    index.add(message(1, true), 'edited');
    expect(index.search('edited')).toEqual([]);
    index.add(message(2), 'second');
    index.remove(2);
    expect(index.text(2)).toBeUndefined();
  });

  it('a file is quoted by its caption and found by its caption or its name', () => {
    const index = new DmIndex();
    index.add(message(1), 'where the boat is moored', 'where the boat is moored (harbour-map.pdf)');
    expect(index.text(1)).toBe('where the boat is moored');
    expect(index.search('harbour').map((h) => h.message.text)).toEqual(['where the boat is moored (harbour-map.pdf)']);
    expect(index.search('moored').map((h) => h.message.seq)).toEqual([1]);
  });
});
