import { describe, expect, it } from 'vitest';
import { ProgressMeter } from '../../src-main/transfer/transfer-progress.js';

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('ProgressMeter', () => {
  it('has no speed or time left before the first sample', () => {
    const c = clock();
    const m = new ProgressMeter(1000, 0, c.now);
    expect(m.snapshot()).toEqual({ bytes: 0, total: 1000, bytesPerSecond: 0, secondsLeft: null });
  });

  it('measures a steady rate and estimates the time left from it', () => {
    const c = clock();
    const m = new ProgressMeter(10_000_000, 0, c.now);
    let p = m.snapshot();
    for (let i = 0; i < 20; i++) {
      c.advance(100);
      p = m.add(100_000); // 1 MB/s
    }
    expect(p.bytes).toBe(2_000_000);
    expect(p.bytesPerSecond).toBeCloseTo(1_000_000, -3);
    expect(p.secondsLeft).toBeCloseTo(8, 1);
  });

  it('smooths: a short stall lowers the speed gradually, not to zero', () => {
    const c = clock();
    const m = new ProgressMeter(100_000_000, 0, c.now);
    for (let i = 0; i < 50; i++) {
      c.advance(100);
      m.add(100_000);
    }
    c.advance(500);
    const p = m.add(0);
    expect(p.bytesPerSecond).toBeGreaterThan(700_000);
    expect(p.bytesPerSecond).toBeLessThan(1_000_000);
    // after a long stall (several time constants) it approaches zero
    for (let i = 0; i < 10; i++) {
      c.advance(1000);
      m.add(0);
    }
    expect(m.snapshot().bytesPerSecond).toBeLessThan(10_000);
  });

  it('counts a resumed prefix as done but not as speed', () => {
    const c = clock();
    const m = new ProgressMeter(1000, 600, c.now);
    c.advance(1000);
    const p = m.add(100);
    expect(p.bytes).toBe(700);
    expect(p.bytesPerSecond).toBeCloseTo(100);
    expect(p.secondsLeft).toBeCloseTo(3);
    const r = m.reset(200);
    expect(r.bytes).toBe(200);
  });

  it('merges samples closer than 50 ms and reports 0 s left when done', () => {
    const c = clock();
    const m = new ProgressMeter(100, 0, c.now);
    c.advance(10);
    expect(m.add(50).bytesPerSecond).toBe(0);
    c.advance(90);
    const p = m.add(50);
    expect(p.bytesPerSecond).toBeCloseTo(1000);
    expect(p.secondsLeft).toBe(0);
  });
});
