// A keyring and a DM state store over the desktop's IPC contract (e2e:*
// channels): what the desktop renderer's DmSession uses (issue 13;
// src-renderer/platform/desktop-e2e.ts). The main process holds this device's
// secret keys (src-main/app/desktop-e2e.ts, device-keyring.ts). The
// renderer gets the device's public bundle (and checks its self-signature),
// signatures over envelopes it sends and the content keys of envelopes sealed
// to this device; it never gets, and so can never leak, the keys themselves.
// Main's E2eError codes come back as E2eErrors, so DmSession reports them as
// it reports its own.
import { verifyDeviceBundle } from './device-keys.js';
import type { DeviceKeyring, KeyringFactory } from './device-keyring.js';
import type { DmStateStore } from './dm-state.js';
import { E2eError, type E2eErrorCode } from './e2e-error.js';
import type { IpcResult, ParleyApi } from '../ipc/ipc-contract.js';

const E2E_CODES: ReadonlySet<string> = new Set<E2eErrorCode>([
  'malformed', 'too_large', 'too_many_recipients', 'wrong_conversation', 'unknown_sender_device', 'bad_signature',
  'not_a_recipient', 'decrypt_failed', 'replayed', 'reordered', 'file_truncated', 'key_store',
]);

export async function unwrapE2e<T>(result: Promise<IpcResult<T>>): Promise<T> {
  const answer = await result;
  if (answer.ok) return answer.value;
  const { code, message } = answer.error;
  // A refused payload or a bug in main: this device's keys could not be used for it.
  throw new E2eError(E2E_CODES.has(code) ? (code as E2eErrorCode) : 'key_store', message);
}

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

/** The DM state in main's file (e2e:load-state, e2e:save-state). */
export function desktopDmStateStore(invoke: ParleyApi['invoke']): DmStateStore {
  return {
    load: (account) => unwrapE2e(invoke['e2e:load-state']({ account })),
    save: async (account, state) => {
      await unwrapE2e(invoke['e2e:save-state']({ account, state }));
    },
  };
}

