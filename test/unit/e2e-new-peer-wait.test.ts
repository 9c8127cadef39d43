// retryForNewPeer (src-shared/e2e/new-peer-wait.ts): a DM refused for want of
// a device waits for one only when the other person came online moments ago,
// tries once more, and otherwise gives the refusal back at once.
import { describe, expect, it } from 'vitest';
import { DmSendError } from '../../src-shared/e2e/dm-send-error.js';
import { retryForNewPeer, type NewPeer } from '../../src-shared/e2e/new-peer-wait.js';
import { E2E_NEW_PEER_GRACE_MS, E2E_PEER_DEVICE_WAIT_MS } from '../../src-shared/limits.js';

const noDevice = () => new DmSendError('no_devices', 'no device');

/** A DM service whose device wait answers `listed` at once, and an attempt that fails `failures` times with `error`. */
function setUp(failures: number, error: () => Error = noDevice, listed = true) {
  const waits: Array<{ userId: number; ms: number }> = [];
  const dm = {
    devicesListedSince: async (userId: number, _since: number, ms: number) => {
      waits.push({ userId, ms });
      return listed;
    },
  };
  let attempts = 0;
  const attempt = async () => {
    attempts++;
    if (attempts <= failures) throw error();
    return 'sent';
  };
  let told = 0;
  const run = (peer: NewPeer | null) => retryForNewPeer(dm, peer, attempt, () => told++);
  return { run, waits, attempts: () => attempts, told: () => told };
}

/** Person 7, online since a second ago. */
const justOnline = (): NewPeer => ({ id: 7, online: true, cameOnlineAt: Date.now() - 1000 });

describe('retryForNewPeer', () => {
  it('someone who came online a moment ago: says so, waits for their device, and sends', async () => {
    const t = setUp(1);
    await expect(t.run(justOnline())).resolves.toBe('sent');
    expect(t.waits).toEqual([{ userId: 7, ms: E2E_PEER_DEVICE_WAIT_MS }]);
    expect([t.attempts(), t.told()]).toEqual([2, 1]);
  });

  it('when no device comes in the wait, the second refusal is the answer', async () => {
    const t = setUp(2, noDevice, false);
    await expect(t.run(justOnline())).rejects.toMatchObject({ code: 'no_devices' });
    expect(t.attempts()).toBe(2);
  });

  it('refuses at once: online since before I signed in, online too long, offline, unknown, or another reason', async () => {
    const cases: Array<[NewPeer | null, () => Error]> = [
      [{ id: 7, online: true, cameOnlineAt: undefined }, noDevice],
      [{ id: 7, online: true, cameOnlineAt: Date.now() - E2E_NEW_PEER_GRACE_MS - 1000 }, noDevice],
      [{ id: 7, online: false, cameOnlineAt: Date.now() }, noDevice],
      [null, noDevice],
      [justOnline(), () => new DmSendError('confirm_needed', 'changed')],
      [justOnline(), () => new Error('too long')],
    ];
    for (const [peer, error] of cases) {
      const t = setUp(1, error);
      await expect(t.run(peer)).rejects.toThrow();
      expect([t.attempts(), t.waits.length, t.told()]).toEqual([1, 0, 0]);
    }
  });

  it('a DM that goes the first time never waits', async () => {
    const t = setUp(0);
    await expect(t.run(justOnline())).resolves.toBe('sent');
    expect([t.attempts(), t.waits.length]).toEqual([1, 0]);
  });
});
