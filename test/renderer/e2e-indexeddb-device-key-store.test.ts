// The browser's key store, on fake-indexeddb (IndexedDB in memory, with the
// structured clone that keeps CryptoKeys) and the test runner's WebCrypto.
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { E2E_DB_NAME, E2E_DB_VERSION } from '../../src-renderer/e2e/e2e-database.js';
import { IndexedDbDeviceKeyStore } from '../../src-renderer/e2e/indexeddb-device-key-store.js';
import type { DeviceKeys } from '../../src-shared/e2e/device-keys.js';
import { generateDeviceKeys } from '../../src-shared/e2e/device-keys.js';
import { toStoredDeviceKeys } from '../../src-shared/e2e/device-key-store.js';
import { E2eError } from '../../src-shared/e2e/e2e-error.js';

let keys: DeviceKeys;
beforeEach(async () => {
  keys = await generateDeviceKeys('7');
});

const secretTexts = async (k: DeviceKeys) => {
  const stored = await toStoredDeviceKeys(k);
  return [stored.encryptionSecretKey, stored.signingSeed];
};

describe('IndexedDbDeviceKeyStore (browser)', () => {
  it('round-trips keys per account', async () => {
    const store = new IndexedDbDeviceKeyStore({ indexedDB: new IDBFactory() });
    expect(await store.load('session-a/7')).toBeUndefined();
    await store.save('session-a/7', keys);
    const other = await generateDeviceKeys('9');
    await store.save('session-b/9', other);
    expect(await store.load('session-a/7')).toEqual(keys);
    expect(await store.load('session-b/9')).toEqual(other);
    await store.remove('session-a/7');
    expect(await store.load('session-a/7')).toBeUndefined();
    expect(await store.load('session-b/9')).toEqual(other);
  });

  it('stores the keys sealed under a non-extractable AES-GCM key bound to the account', async () => {
    const idb = new IDBFactory();
    const store = new IndexedDbDeviceKeyStore({ indexedDB: idb });
    await store.save('a', keys);
    store.close();
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = idb.open(E2E_DB_NAME, E2E_DB_VERSION);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const record = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const req = db.transaction('device-keys').objectStore('device-keys').get('a');
      req.onsuccess = () => resolve(req.result as Record<string, unknown>);
      req.onerror = () => reject(req.error);
    });
    const wrappingKey = record.wrappingKey as CryptoKey;
    expect(wrappingKey.extractable).toBe(false);
    const sealedText = new TextDecoder('latin1').decode(new Uint8Array(record.sealed as ArrayBuffer));
    for (const secret of await secretTexts(keys)) expect(sealedText).not.toContain(secret);
    // Moved to another account's name, the record no longer opens (the account is the AES-GCM associated data).
    await new Promise<void>((resolve, reject) => {
      const req = db.transaction('device-keys', 'readwrite').objectStore('device-keys').put({ ...record, account: 'b' });
      req.onsuccess = () => resolve();
      req.onerror = () => reject(req.error);
    });
    db.close();
    const reopened = new IndexedDbDeviceKeyStore({ indexedDB: idb });
    expect(await reopened.load('a')).toEqual(keys);
    await expect(reopened.load('b')).rejects.toSatisfy((e: unknown) => e instanceof E2eError && e.code === 'key_store');
  });
});
