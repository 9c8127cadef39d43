// The desktop renderer's end-to-end DM keys (E2eFeature): a keyring that asks
// the main process, which holds this device's secret keys and signs and opens
// on request (src-shared/e2e/ipc-keyring.ts, src-main/app/desktop-e2e.ts). The
// renderer never holds the keys themselves. The keyring's module (and with it
// libsodium) is loaded when DmSession first asks for it.
import type { ParleyApi } from '../../src-shared/ipc/ipc-contract.js';
import { desktopDmStateStore, unwrapE2e } from '../../src-shared/e2e/ipc-dm-state.js';
import type { E2eFeature } from './platform.js';

export function desktopE2eFeature(invoke: ParleyApi['invoke']): E2eFeature {
  return {
    // Loaded on first use: libsodium (which the keyring needs to check the bundle) is not part of start-up.
    keyring: async (account, userId) => (await import('../../src-shared/e2e/ipc-keyring.js')).desktopKeyrings(invoke)(account, userId),
    stateStore: desktopDmStateStore(invoke),
    protection: () => unwrapE2e(invoke['e2e:protection']()),
  };
}
