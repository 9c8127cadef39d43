// The hand-over bench's verdict and session shape (bench/handover): chat must
// resume through the successor within 3 s; a run without a figure is "not
// judged", never a pass; the files add up to exactly what was asked, none
// over 64 MiB. The real run is `npm run bench:handover`.
import { describe, expect, it } from 'vitest';
import { FILE_MAX_BYTES, fileSizes } from '../../bench/handover/session.js';
import { firstMessageTarget } from '../../bench/handover/targets.js';

describe('hand-over bench', () => {
  it('passes under 3 s, fails at 3 s and over, and does not judge a missing figure', () => {
    expect(firstMessageTarget(2999).pass).toBe(true);
    expect(firstMessageTarget(3000).pass).toBe(false);
    expect(firstMessageTarget(12_000).pass).toBe(false);
    expect(firstMessageTarget(NaN).pass).toBeNull();
    expect(firstMessageTarget(1234).detail).toBe('1.23 s');
  });

  it('splits the files into pieces of at most 64 MiB that add up to the total', () => {
    const gib = fileSizes(2 ** 30);
    expect(gib).toHaveLength(16);
    expect(gib.every((size) => size === FILE_MAX_BYTES)).toBe(true);
    const odd = fileSizes(100 * 2 ** 20 + 3);
    expect(odd).toHaveLength(2);
    expect(odd.reduce((a, b) => a + b, 0)).toBe(100 * 2 ** 20 + 3);
    expect(Math.max(...odd)).toBeLessThanOrEqual(FILE_MAX_BYTES);
    expect(fileSizes(1)).toEqual([1]);
  });
});
