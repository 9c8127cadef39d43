// Devices for the end-to-end encryption tests: people with N devices each, and
// the "known devices" lookup a receiver would fill from checked bundles.
import type { DeviceKeys, VerifiedDevice } from '../../src-shared/e2e/device-keys.js';
import { deviceBundleOf, generateDeviceKeys, verifyDeviceBundle } from '../../src-shared/e2e/device-keys.js';

export interface TestDevice {
  keys: DeviceKeys;
  verified: VerifiedDevice;
}

export async function makeDevices(userId: string, count: number): Promise<TestDevice[]> {
  const devices: TestDevice[] = [];
  for (let i = 0; i < count; i++) {
    const keys = await generateDeviceKeys(userId);
    devices.push({ keys, verified: await verifyDeviceBundle(await deviceBundleOf(keys)) });
  }
  return devices;
}

/** A senderDevice() lookup over the given devices. */
export function knownDevices(devices: TestDevice[]): (userId: string, deviceId: string) => VerifiedDevice | undefined {
  return (userId, deviceId) =>
    devices.find((d) => d.keys.userId === userId && d.keys.deviceId === deviceId)?.verified;
}
