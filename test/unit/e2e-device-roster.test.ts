import { describe, expect, it } from 'vitest';
import { deviceBundleOf, generateDeviceKeys } from '../../src-shared/e2e/device-keys.js';
import { DeviceRoster, rosterChanged } from '../../src-shared/e2e/device-roster.js';
import { E2eError } from '../../src-shared/e2e/e2e-error.js';
import { safetyCode } from '../../src-shared/e2e/safety-code.js';
import { E2E_MAX_DEVICES_PER_PERSON } from '../../src-shared/limits.js';
import { makeDevices } from '../helpers/e2e-devices.js';

const bundles = (devices: Awaited<ReturnType<typeof makeDevices>>) => devices.map((d) => d.verified.bundle);

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toSatisfy((error: unknown) => error instanceof E2eError && error.code === code);
}

describe('DeviceRoster', () => {
  it('accepts the first list on trust, then reports nothing while it stays the same', async () => {
    const bob = await makeDevices('2', 2);
    const roster = new DeviceRoster();
    const first = await roster.update('2', bundles(bob));
    expect(first).toMatchObject({ firstContact: true, wasVerified: false });
    expect(first.added).toHaveLength(2);
    const again = await roster.update('2', bundles(bob).reverse());
    expect(rosterChanged(again)).toBe(false);
    expect(roster.devicesOf('2').map((d) => d.bundle.deviceId).sort()).toEqual(bundles(bob).map((b) => b.deviceId).sort());
    expect(roster.device('2', bob[0]!.keys.deviceId)?.signingKey).toEqual(bob[0]!.keys.signingPublicKey);
  });

  it('takes the first devices of someone first seen with none as a first contact, not as a change', async () => {
    const bob = await makeDevices('2', 1);
    const roster = new DeviceRoster();
    expect(await roster.update('2', [])).toMatchObject({ firstContact: true });
    const first = await roster.update('2', bundles(bob));
    expect(first).toMatchObject({ firstContact: true, wasVerified: false });
    expect(first.added).toHaveLength(1);
    // From then on a device more is a change.
    const [more] = await makeDevices('2', 1);
    const next = await roster.update('2', [...bundles(bob), more!.verified.bundle]);
    expect(next).toMatchObject({ firstContact: false });
    expect(rosterChanged(next)).toBe(true);
  });

  it('tells when the host adds a device, swaps a device\'s keys or drops one, and clears "verified"', async () => {
    const alice = await makeDevices('1', 1);
    const bob = await makeDevices('2', 2);
    const roster = new DeviceRoster();
    await roster.update('2', bundles(bob));
    const code = safetyCode({ userId: '1', signingKeys: [alice[0]!.keys.signingPublicKey] }, { userId: '2', signingKeys: roster.devicesOf('2').map((d) => d.signingKey) });
    roster.markVerified('2', code.digits);
    expect(roster.isVerified('2', code.digits)).toBe(true);

    // The host slips in a device of its own for Bob.
    const [planted] = await makeDevices('2', 1);
    const added = await roster.update('2', [...bundles(bob), planted!.verified.bundle]);
    expect(added.added.map((b) => b.deviceId)).toEqual([planted!.keys.deviceId]);
    expect(added.wasVerified).toBe(true);
    expect(roster.isVerified('2', code.digits)).toBe(false);
    const newCode = safetyCode({ userId: '1', signingKeys: [alice[0]!.keys.signingPublicKey] }, { userId: '2', signingKeys: roster.devicesOf('2').map((d) => d.signingKey) });
    expect(newCode.digits).not.toBe(code.digits);

    // The host's own keys under one of Bob's device ids (self-signed with its key).
    const fake = await generateDeviceKeys('2');
    const swapped = await deviceBundleOf({ ...fake, deviceId: bob[1]!.keys.deviceId });
    const changed = await roster.update('2', [bob[0]!.verified.bundle, swapped]);
    expect(changed.keyChanged).toHaveLength(1);
    expect(changed.keyChanged[0]!.before.signingKey).toBe(bob[1]!.verified.bundle.signingKey);
    expect(changed.removed.map((b) => b.deviceId)).toEqual([planted!.keys.deviceId]);
  });

  it('refuses a bundle that is not self-signed, one of another person, a device listed twice and too many devices', async () => {
    const bob = await makeDevices('2', 1);
    const carol = await makeDevices('3', 1);
    const roster = new DeviceRoster();
    const forged = { ...bob[0]!.verified.bundle, encryptionKey: carol[0]!.verified.bundle.encryptionKey };
    await expectCode(roster.update('2', [forged]), 'bad_signature');
    await expectCode(roster.update('2', bundles(carol)), 'malformed');
    await expectCode(roster.update('2', [...bundles(bob), ...bundles(bob)]), 'malformed');
    const many = await makeDevices('2', E2E_MAX_DEVICES_PER_PERSON + 1);
    await expectCode(roster.update('2', bundles(many)), 'too_many_recipients');
    expect(roster.devicesOf('2')).toEqual([]);
  });

  it('survives a restart through its state, verification included', async () => {
    const bob = await makeDevices('2', 2);
    const roster = new DeviceRoster();
    await roster.update('2', bundles(bob));
    roster.markVerified('2', '1'.repeat(60));
    const restored = await DeviceRoster.fromState(JSON.parse(JSON.stringify(roster.toState())));
    expect(restored.isVerified('2', '1'.repeat(60))).toBe(true);
    expect(rosterChanged(await restored.update('2', bundles(bob)))).toBe(false);
  });
});
