// The desktop app's device key store: DeviceKeyFile in USERDATA with each
// entry encrypted by Electron's safeStorage (Keychain, DPAPI, Secret Service /
// KWallet), passed in as a StringEncryptor so it tests under Node with a fake.
//
// Decision: unlike resume tokens (token-store.ts), device keys are not stored
// in plain text when safeStorage offers no real encryption (unavailable, or
// Linux's `basic_text` backend). The file is then sealed "none" and 0600, the
// same protection as the terminal client's, and `encrypted` says so, so the UI
// can tell the person; it never silently pretends.
import type { DeviceKeyStore } from '../../src-shared/e2e/device-key-store.js';
import type { EntrySealer } from '../e2e/device-key-file.js';
import { DeviceKeyFile } from '../e2e/device-key-file.js';
import type { StringEncryptor } from './token-store.js';

export interface SafeStorageDeviceKeysOptions {
  file: string;
  encryptor: StringEncryptor;
  platform?: NodeJS.Platform;
}

export function safeStorageSealer(encryptor: StringEncryptor): EntrySealer {
  return {
    kind: 'electron-safe-storage',
    seal: (plainText) => encryptor.encryptString(plainText).toString('base64'),
    open: (sealed) => encryptor.decryptString(Buffer.from(sealed, 'base64')),
  };
}

/** Whether safeStorage really encrypts here (not on Linux's basic_text backend, which uses a fixed key). */
export function safeStorageEncrypts(encryptor: StringEncryptor, platform: NodeJS.Platform = process.platform): boolean {
  if (!encryptor.isEncryptionAvailable()) return false;
  return !(platform === 'linux' && encryptor.getSelectedStorageBackend?.() === 'basic_text');
}

export function openDesktopDeviceKeyStore(options: SafeStorageDeviceKeysOptions): { store: DeviceKeyStore; encrypted: boolean } {
  const platform = options.platform ?? process.platform;
  const encrypted = safeStorageEncrypts(options.encryptor, platform);
  const store = new DeviceKeyFile({ file: options.file, platform, ...(encrypted ? { sealer: safeStorageSealer(options.encryptor) } : {}) });
  return { store, encrypted };
}
