import { describe, expect, it } from 'vitest';
import { fingerprint, safetyCode, safetyCodeInSlices } from '../../src-shared/e2e/safety-code.js';
import { E2E_SAFETY_CODE_ITERATIONS, E2E_SAFETY_CODE_SLICE_ITERATIONS } from '../../src-shared/limits.js';
import { makeDevices } from '../helpers/e2e-devices.js';

const keysOf = (devices: Awaited<ReturnType<typeof makeDevices>>) => devices.map((d) => d.verified.signingKey);

describe('safetyCode', () => {
  it('is 60 digits in 12 groups of 5, and the same on both sides', async () => {
    const alice = { userId: '1', signingKeys: keysOf(await makeDevices('1', 2)) };
    const bob = { userId: '2', signingKeys: keysOf(await makeDevices('2', 3)) };
    const seenByAlice = safetyCode(alice, bob);
    const seenByBob = safetyCode(bob, { ...alice, signingKeys: [...alice.signingKeys].reverse() });
    expect(seenByAlice.digits).toMatch(/^\d{60}$/);
    expect(seenByAlice.groups).toHaveLength(12);
    expect(seenByAlice.groups.join('')).toBe(seenByAlice.digits);
    expect(seenByBob).toEqual(seenByAlice);
    expect(seenByAlice.qrPayload).toMatch(/^PARLEY-SAFETY-1:[0-9A-F]{64}:[0-9A-F]{64}$/);
  });

  it('changes when a device key changes or a device is added', async () => {
    const aliceDevices = keysOf(await makeDevices('1', 2));
    const bob = { userId: '2', signingKeys: keysOf(await makeDevices('2', 1)) };
    const before = safetyCode({ userId: '1', signingKeys: aliceDevices }, bob);
    const [swapped] = keysOf(await makeDevices('1', 1));
    const changedKey = safetyCode({ userId: '1', signingKeys: [aliceDevices[0]!, swapped!] }, bob);
    const addedDevice = safetyCode({ userId: '1', signingKeys: [...aliceDevices, swapped!] }, bob);
    expect(changedKey.digits).not.toBe(before.digits);
    expect(addedDevice.digits).not.toBe(before.digits);
    expect(changedKey.qrPayload).not.toBe(before.qrPayload);
    // Only Alice's half of the code changes: Bob's 30 digits are still in it.
    const bobHalf = safetyCode(bob, bob).digits.slice(0, 30);
    expect(before.digits).toContain(bobHalf);
    expect(changedKey.digits).toContain(bobHalf);
  });

  it('iterates SHA-512 over the keys (fewer iterations give another fingerprint)', async () => {
    const party = { userId: '1', signingKeys: keysOf(await makeDevices('1', 1)) };
    expect(fingerprint(party)).toHaveLength(64);
    expect(fingerprint(party, 1)).not.toEqual(fingerprint(party));
  });

  it('made in slices is the same code, pausing between slices; a second time it is remembered and does not pause', async () => {
    const alice = { userId: '1', signingKeys: keysOf(await makeDevices('1', 1)) };
    const bob = { userId: '2', signingKeys: keysOf(await makeDevices('2', 2)) };
    let pauses = 0;
    const pause = async () => {
      pauses++;
      return { timeRemaining: () => 0 }; // no idle time: the least slice each time
    };
    const sliced = await safetyCodeInSlices(alice, bob, pause);
    // Both fingerprints, each in slices: a page gets to draw between them.
    expect(pauses).toBe(2 * Math.ceil(E2E_SAFETY_CODE_ITERATIONS / E2E_SAFETY_CODE_SLICE_ITERATIONS));
    expect(sliced).toEqual(safetyCode(alice, bob));
    pauses = 0;
    expect(await safetyCodeInSlices(bob, alice, pause)).toEqual(sliced);
    expect(pauses).toBe(0);
    // Remembered per key set: another key is hashed afresh.
    const [other] = keysOf(await makeDevices('2', 1));
    expect((await safetyCodeInSlices(alice, { ...bob, signingKeys: [other!] }, pause)).digits).not.toBe(sliced.digits);
    expect(pauses).toBe(Math.ceil(E2E_SAFETY_CODE_ITERATIONS / E2E_SAFETY_CODE_SLICE_ITERATIONS));
  });
});
