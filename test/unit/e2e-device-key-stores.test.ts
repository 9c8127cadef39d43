import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDesktopDeviceKeyStore } from '../../src-main/app/device-key-safe-storage.js';
import type { StringEncryptor } from '../../src-main/app/token-store.js';
import { DeviceKeyFile } from '../../src-main/e2e/device-key-file.js';
import type { DeviceKeys } from '../../src-shared/e2e/device-keys.js';
import { generateDeviceKeys } from '../../src-shared/e2e/device-keys.js';
import type { DeviceKeyStore } from '../../src-shared/e2e/device-key-store.js';
import { toStoredDeviceKeys } from '../../src-shared/e2e/device-key-store.js';
import { E2eError } from '../../src-shared/e2e/e2e-error.js';

/** A stand-in for Electron's safeStorage: reversible, and visibly not the plaintext. */
function fakeSafeStorage(available = true, backend = 'gnome_libsecret'): StringEncryptor {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (text) => Buffer.from(`sealed:${Buffer.from(text).toString('base64').split('').reverse().join('')}`),
    decryptString: (data) => {
      const text = data.toString();
      if (!text.startsWith('sealed:')) throw new Error('not sealed by this keyring');
      return Buffer.from(text.slice(7).split('').reverse().join(''), 'base64').toString();
    },
  };
}

let dir: string;
let keys: DeviceKeys;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-e2e-keys-'));
  keys = await generateDeviceKeys('7');
});

async function roundTrips(store: DeviceKeyStore): Promise<void> {
  expect(await store.load('session-a/7')).toBeUndefined();
  await store.save('session-a/7', keys);
  const other = await generateDeviceKeys('9');
  await store.save('session-b/9', other);
  expect(await store.load('session-a/7')).toEqual(keys);
  expect(await store.load('session-b/9')).toEqual(other);
  await store.remove('session-a/7');
  expect(await store.load('session-a/7')).toBeUndefined();
  expect(await store.load('session-b/9')).toEqual(other);
}

const secretTexts = async (k: DeviceKeys) => {
  const stored = await toStoredDeviceKeys(k);
  return [stored.encryptionSecretKey, stored.signingSeed];
};

describe('DeviceKeyFile (terminal)', () => {
  it('round-trips keys per account in a 0600 file', async () => {
    const file = path.join(dir, 'config', 'device-keys.json');
    await roundTrips(new DeviceKeyFile({ file }));
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it.skipIf(process.platform === 'win32')('refuses a file others can read, saying what to do', async () => {
    const file = path.join(dir, 'device-keys.json');
    const store = new DeviceKeyFile({ file });
    await store.save('a', keys);
    fs.chmodSync(file, 0o644);
    await expect(store.load('a')).rejects.toThrow(/chmod 600/);
  });

  it('refuses keys that do not fit together (a damaged store)', async () => {
    const file = path.join(dir, 'device-keys.json');
    const store = new DeviceKeyFile({ file });
    const stranger = await generateDeviceKeys('7');
    await store.save('a', { ...keys, signingPublicKey: stranger.signingPublicKey });
    await expect(store.load('a')).rejects.toSatisfy((e: unknown) => e instanceof E2eError && e.code === 'key_store');
  });
});

describe('openDesktopDeviceKeyStore (safeStorage)', () => {
  it('seals every entry with safeStorage: no secret key appears in the file', async () => {
    const file = path.join(dir, 'device-keys.json');
    const { store, encrypted } = openDesktopDeviceKeyStore({ file, encryptor: fakeSafeStorage(), platform: 'linux' });
    expect(encrypted).toBe(true);
    await roundTrips(store);
    await store.save('a', keys);
    const raw = fs.readFileSync(file, 'utf8');
    for (const secret of await secretTexts(keys)) expect(raw).not.toContain(secret);
    expect(raw).toContain('electron-safe-storage');
  });

  it('says so when the keyring does not really encrypt (basic_text), keeping the file 0600', async () => {
    const file = path.join(dir, 'device-keys.json');
    const { store, encrypted } = openDesktopDeviceKeyStore({ file, encryptor: fakeSafeStorage(true, 'basic_text'), platform: 'linux' });
    expect(encrypted).toBe(false);
    await store.save('a', keys);
    expect(await store.load('a')).toEqual(keys);
  });

  it('refuses an entry the keyring can no longer open', async () => {
    const file = path.join(dir, 'device-keys.json');
    const { store } = openDesktopDeviceKeyStore({ file, encryptor: fakeSafeStorage(), platform: 'linux' });
    await store.save('a', keys);
    const broken: StringEncryptor = { ...fakeSafeStorage(), decryptString: () => { throw new Error('keyring reset'); } };
    const { store: after } = openDesktopDeviceKeyStore({ file, encryptor: broken, platform: 'linux' });
    await expect(after.load('a')).rejects.toSatisfy((e: unknown) => e instanceof E2eError && e.code === 'key_store');
  });
});
