// A keyring over the desktop's IPC contract (e2e:device, e2e:sign,
// e2e:open-key; the state store is ipc-dm-state.ts): what the desktop renderer's DmSession uses (issue 13;
// src-renderer/platform/desktop-e2e.ts). The main process holds this device's
// secret keys (src-main/app/desktop-e2e.ts, device-keyring.ts). The
// renderer gets the device's public bundle (and checks its self-signature),
// signatures over envelopes it sends and the content keys of envelopes sealed
// to this device; it never gets, and so can never leak, the keys themselves.
// Main's E2eError codes come back as E2eErrors, so DmSession reports them as
// it reports its own.
import { verifyDeviceBundle } from './device-keys.js';
import type { DeviceKeyring, KeyringFactory } from './device-keyring.js';
import { E2eError } from './e2e-error.js';
import type { ParleyApi } from '../ipc/ipc-contract.js';
import { unwrapE2e } from './ipc-dm-state.js';

/** Keyrings whose secret-key work is done by main (e2e:device, e2e:sign, e2e:open-key). */
export function desktopKeyrings(invoke: ParleyApi['invoke']): KeyringFactory {
  return async (account, userId) => {
    const { bundle } = await unwrapE2e(invoke['e2e:device']({ account }));
    const device = await verifyDeviceBundle(bundle);
    if (device.bundle.userId !== userId) throw new E2eError('key_store', 'The device main holds for this account belongs to another person.');
    const keyring: DeviceKeyring = {
      userId: device.bundle.userId,
      deviceId: device.bundle.deviceId,
      createdAt: device.bundle.createdAt,
      encryptionPublicKey: device.encryptionKey,
      signingPublicKey: device.signingKey,
      bundle: async () => device.bundle,
      sign: (bytes) => unwrapE2e(invoke['e2e:sign']({ account, bytes })),
      openKey: ({ enc, key, info }) => unwrapE2e(invoke['e2e:open-key']({ account, enc, key, info })),
    };
    return keyring;
  };
}

