// planReplay (src-main/host/replay-frames.ts): what a signing-in client missed,
// in frames small enough to send at once — by count and by bytes — or a resync
// when there is too much (large encrypted DMs made bytes the binding limit).
import { describe, expect, it } from 'vitest';
import { planReplay } from '../../src-main/host/replay-frames.js';
import { REPLAY_FRAME_EVENTS, REPLAY_FRAME_MAX_BYTES, REPLAY_MAX_BYTES, REPLAY_MAX_EVENTS } from '../../src-shared/limits.js';
import type { ChatEvent } from '../../src-shared/protocol/frames.js';

/** A message event whose JSON is about `bytes` long. */
function event(seq: number, bytes = 200): ChatEvent {
  return { seq, type: 'message', message: { seq, conv: 'dm:1:2', from: 1, fromName: 'Ann', clientMsgId: `m${seq}`, kind: 'text', text: '', ts: 0, e2e: 'x'.repeat(Math.max(0, bytes - 150)) } } as ChatEvent;
}
const size = (e: ChatEvent) => Buffer.byteLength(JSON.stringify(e), 'utf8');

describe('planReplay', () => {
  it('replays everything, in order, in frames of at most REPLAY_FRAME_EVENTS small events', () => {
    const missed = Array.from({ length: REPLAY_FRAME_EVENTS * 2 + 7 }, (_, i) => event(i + 1));
    const plan = planReplay(missed);
    expect(plan.resync).toBe(false);
    expect(plan.count).toBe(missed.length);
    expect(plan.frames.map((f) => f.length)).toEqual([REPLAY_FRAME_EVENTS, REPLAY_FRAME_EVENTS, 7]);
    expect(plan.frames.flat()).toEqual(missed);
  });

  it('cuts frames of large events by bytes', () => {
    const missed = Array.from({ length: 40 }, (_, i) => event(i + 1, 40_000));
    const plan = planReplay(missed);
    expect(plan.resync).toBe(false);
    expect(plan.frames.flat()).toEqual(missed);
    for (const frame of plan.frames) expect(frame.reduce((n, e) => n + size(e), 0)).toBeLessThanOrEqual(REPLAY_FRAME_MAX_BYTES);
    expect(plan.frames.length).toBeGreaterThan(1);
  });

  it('asks for a resync past REPLAY_MAX_BYTES, even under REPLAY_MAX_EVENTS', () => {
    const count = Math.ceil(REPLAY_MAX_BYTES / 40_000) + 1;
    expect(count).toBeLessThan(REPLAY_MAX_EVENTS);
    expect(planReplay(Array.from({ length: count }, (_, i) => event(i + 1, 40_000)))).toEqual({ resync: true, frames: [], count: 0 });
  });

  it('asks for a resync past REPLAY_MAX_EVENTS', () => {
    expect(planReplay(Array.from({ length: REPLAY_MAX_EVENTS + 1 }, (_, i) => event(i + 1, 10))).resync).toBe(true);
  });
});
