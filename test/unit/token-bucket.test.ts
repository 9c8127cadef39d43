import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../src-main/host/token-bucket.js';

function fakeClock(start = 1000) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}

const takeAll = (bucket: TokenBucket, max = 1000): number => {
  let n = 0;
  while (n < max && bucket.take()) n++;
  return n;
};

describe('TokenBucket', () => {
  describe('#constructor', () => {
    it('refuses a rate that is not positive or a burst under 1', () => {
      expect(() => new TokenBucket(0, 5)).toThrow(TypeError);
      expect(() => new TokenBucket(-1, 5)).toThrow(TypeError);
      expect(() => new TokenBucket(Number.NaN, 5)).toThrow(TypeError);
      expect(() => new TokenBucket(10, 0.5)).toThrow(TypeError);
      expect(() => new TokenBucket(10, Number.NaN)).toThrow(TypeError);
    });
  });

  describe('#take', () => {
    it('gives a full burst at once when it starts', () => {
      const clock = fakeClock();
      const bucket = new TokenBucket(10, 5, clock.now);
      expect(takeAll(bucket)).toBe(5);
      expect(bucket.take()).toBe(false);
    });

    it('refills at the sustained rate', () => {
      const clock = fakeClock();
      const bucket = new TokenBucket(10, 5, clock.now);
      takeAll(bucket);
      clock.advance(99);
      expect(bucket.take()).toBe(false);
      clock.advance(1);
      expect(bucket.take()).toBe(true);
      expect(bucket.take()).toBe(false);
      clock.advance(300);
      expect(takeAll(bucket)).toBe(3);
    });

    it('never holds more than the burst, however long it idles', () => {
      const clock = fakeClock();
      const bucket = new TokenBucket(10, 5, clock.now);
      takeAll(bucket);
      clock.advance(60_000);
      expect(takeAll(bucket)).toBe(5);
    });

    it('keeps fractions of a token between takes', () => {
      const clock = fakeClock();
      const bucket = new TokenBucket(10, 1, clock.now);
      expect(bucket.take()).toBe(true);
      for (let i = 0; i < 3; i++) {
        clock.advance(25);
        expect(bucket.take()).toBe(false);
      }
      clock.advance(25);
      expect(bucket.take()).toBe(true); // 4 × 25 ms = one token at 10/s
    });

    it('lets through rate × time frames over a long run', () => {
      const clock = fakeClock();
      const bucket = new TokenBucket(20, 40, clock.now);
      let taken = takeAll(bucket);
      for (let i = 0; i < 1000; i++) {
        clock.advance(7);
        taken += takeAll(bucket);
      }
      // 40 burst + 7 s × 20/s
      expect(taken).toBe(40 + 140);
    });
  });

  describe('#isFull', () => {
    it('is true at the start and again only once a whole burst has come back', () => {
      const clock = fakeClock();
      const bucket = new TokenBucket(10, 4, clock.now);
      expect(bucket.isFull()).toBe(true);
      takeAll(bucket);
      clock.advance(300); // 3 of 4 tokens back
      expect(bucket.isFull()).toBe(false);
      expect(bucket.take()).toBe(true);
      clock.advance(200); // 2 + 2 = 4
      expect(bucket.isFull()).toBe(true);
    });
  });

  describe('#msUntilToken', () => {
    it('is 0 while a token is there', () => {
      const clock = fakeClock();
      const bucket = new TokenBucket(10, 2, clock.now);
      expect(bucket.msUntilToken()).toBe(0);
      bucket.take();
      expect(bucket.msUntilToken()).toBe(0);
    });

    it('says how long until the next token when empty, and does not take one', () => {
      const clock = fakeClock();
      const bucket = new TokenBucket(10, 2, clock.now);
      takeAll(bucket);
      expect(bucket.msUntilToken()).toBe(100);
      clock.advance(30);
      expect(bucket.msUntilToken()).toBe(70);
      clock.advance(70);
      expect(bucket.msUntilToken()).toBe(0);
      expect(bucket.take()).toBe(true);
      expect(bucket.take()).toBe(false);
    });

    it('rounds up, so waiting that long always yields a token', () => {
      const clock = fakeClock();
      const bucket = new TokenBucket(3, 1, clock.now);
      bucket.take();
      const wait = bucket.msUntilToken();
      expect(wait).toBe(334);
      clock.advance(wait - 1);
      expect(bucket.take()).toBe(false);
      clock.advance(1);
      expect(bucket.take()).toBe(true);
    });
  });
});
