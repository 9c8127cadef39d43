// The desktop app's end-to-end DM keys, held by the main process (issue 13:
// "desktop: the private part never leaves the device, in the main process,
// stored with safeStorage"; docs/SECURITY.md, "Where each device keeps its keys").
//
// The renderer runs DmSession with a keyring that asks main (e2e:* channels,
// src-renderer/platform/desktop-e2e.ts). Main answers with public parts and
// results only: the device's bundle, a signature over envelope bytes, a
// message's content key. The secret keys stay here, in memory while the app
// runs and at rest in USERDATA/e2e/device-keys.json (0600, each entry sealed
// with safeStorage; device-key-safe-storage.ts). The DM state the service
// keeps (roster, counters, replay guard: not secret, but whom one talks to)
// goes to USERDATA/e2e/dm-state.json (0600).
//
// What a request may do is as narrow as the keyring's (device-keyring.ts):
// sign only envelope-signature bytes, open only keys sealed to this device.
// Accounts are checked by the IPC contract ("<session id>/<user id>"); the
// user id of a device is the account's, so a request cannot make a device for
// someone else. Every failure is an E2eError whose message names no secret.
import path from 'node:path';
import type { DeviceBundle } from '../../src-shared/e2e/device-keys.js';
import { keyringsFromStore, localKeyring, type DeviceKeyring, type SealedContentKey } from '../../src-shared/e2e/device-keyring.js';
import type { DeviceKeyStore } from '../../src-shared/e2e/device-key-store.js';
import type { DmState } from '../../src-shared/e2e/dm-state.js';
import { E2eError } from '../../src-shared/e2e/e2e-error.js';
import type { E2eProtection } from '../../src-shared/ipc/ipc-contract.js';
import { DmStateFile } from '../e2e/dm-state-file.js';
import { openDesktopDeviceKeyStore } from './device-key-safe-storage.js';
import type { StringEncryptor } from './token-store.js';

/** Folder (in userData) of the device keys and the DM state. */
export const E2E_DIR = 'e2e';

export interface DesktopE2eOptions {
  /** USERDATA/e2e. */
  dir: string;
  encryptor: StringEncryptor;
  platform?: NodeJS.Platform;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Anything thrown below becomes an E2eError (a disk error says what failed, never what was in it). */
async function asE2eError<T>(what: string, task: () => Promise<T>): Promise<T> {
  try {
    return await task();
  } catch (error) {
    if (error instanceof E2eError) throw error;
    throw new E2eError('key_store', `Could not ${what}: ${messageOf(error)}`);
  }
}

export class DesktopE2e {
  private readonly keyStore: DeviceKeyStore;
  private readonly encrypted: boolean;
  private readonly state: DmStateFile;
  /** Keyrings of the accounts used since the app started (their keys in main's memory). */
  private readonly keyrings = new Map<string, Promise<DeviceKeyring>>();

  constructor(options: DesktopE2eOptions) {
    const { store, encrypted } = openDesktopDeviceKeyStore({
      file: path.join(options.dir, 'device-keys.json'),
      encryptor: options.encryptor,
      ...(options.platform !== undefined && { platform: options.platform }),
    });
    this.keyStore = store;
    this.encrypted = encrypted;
    this.state = new DmStateFile(path.join(options.dir, 'dm-state.json'));
  }

  /** How the keys are kept at rest: sealed by the OS keychain, or (none here) a file only this user can read. */
  protection(): E2eProtection {
    return this.encrypted ? 'os-keychain' : 'file';
  }

  /** This device for the account, made on first use: its public bundle only. */
  async device(account: string): Promise<{ bundle: DeviceBundle }> {
    const keyring = await this.keyringOf(account, true);
    return { bundle: await keyring.bundle() };
  }

  async sign(account: string, bytes: Uint8Array): Promise<Uint8Array> {
    return (await this.keyringOf(account, false)).sign(bytes);
  }

  async openKey(account: string, sealed: SealedContentKey): Promise<Uint8Array> {
    return (await this.keyringOf(account, false)).openKey(sealed);
  }

  loadState(account: string): Promise<unknown> {
    return asE2eError('read the saved DM state', () => this.state.load(account));
  }

  saveState(account: string, state: DmState): Promise<void> {
    return asE2eError('save the DM state', () => this.state.save(account, state));
  }

  /** The account's keyring; `create`: make the device if it has none (e2e:device), else its keys must exist (sign, open). */
  private keyringOf(account: string, create: boolean): Promise<DeviceKeyring> {
    const known = this.keyrings.get(account);
    if (known) return known;
    const userId = account.slice(account.lastIndexOf('/') + 1);
    const loading = asE2eError('read this device\'s keys', async () => {
      if (create) return keyringsFromStore(this.keyStore)(account, userId);
      const keys = await this.keyStore.load(account);
      if (!keys) throw new E2eError('key_store', 'This device has no keys for that account yet: sign in first.');
      if (keys.userId !== userId) throw new E2eError('key_store', 'The stored device keys belong to another person.');
      return localKeyring(keys);
    });
    this.keyrings.set(account, loading);
    // A failure is not remembered: the next request tries again (the keychain may be unlocked by then).
    loading.catch(() => this.keyrings.delete(account));
    return loading;
  }
}
