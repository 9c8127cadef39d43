import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../src-renderer/store/app-store.js';

describe('transfers slice', () => {
  it('tracks bytes, a smoothed speed and the time left; pausing forgets the speed', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().addTransfer({ clientMsgId: 'c1', conv: 'ch:1', name: 'a.bin', type: '', total: 10_000, ts: 0 });
    expect(s().transfers.c1).toMatchObject({ state: 'queued', bytes: 0, secondsLeft: null });
    s().setTransferState('c1', 'uploading');
    s().recordProgress('c1', 0, 1000);
    s().recordProgress('c1', 1000, 2000);
    expect(s().transfers.c1).toMatchObject({ bytes: 1000, bytesPerSecond: 1000, secondsLeft: 9 });
    s().recordProgress('c1', 1100, 2100); // too soon for a new sample: bytes only
    expect(s().transfers.c1).toMatchObject({ bytes: 1100, bytesPerSecond: 1000 });
    s().recordProgress('c1', 4000, 3000);
    expect(s().transfers.c1!.bytesPerSecond).toBeCloseTo(1000 * 0.7 + 3000 * 0.3);
    s().setTransferState('c1', 'paused');
    expect(s().transfers.c1).toMatchObject({ state: 'paused', bytes: 4000, bytesPerSecond: 0, secondsLeft: null });
    s().setTransferState('c1', 'failed', 'The host’s disk is full.');
    expect(s().transfers.c1).toMatchObject({ state: 'failed', error: 'The host’s disk is full.' });
    s().removeTransfer('c1');
    expect(s().transfers).toEqual({});
  });
});
