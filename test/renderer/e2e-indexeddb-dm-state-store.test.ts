// The browser's DM state store, beside the key store in one IndexedDB database
// (fake-indexeddb here): per account, survives a reopen, and a database made
// by the first version (keys only) is upgraded without losing the keys.
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { IndexedDbDeviceKeyStore } from '../../src-renderer/e2e/indexeddb-device-key-store.js';
import { IndexedDbDmStateStore } from '../../src-renderer/e2e/indexeddb-dm-state-store.js';
import { createWebPlatform } from '../../src-renderer/platform/web-platform.js';
import { generateDeviceKeys } from '../../src-shared/e2e/device-keys.js';
import { freshDmState, parseDmState } from '../../src-shared/e2e/dm-state.js';

describe('IndexedDbDmStateStore (browser)', () => {
  it('keeps the state per account across a reopen', async () => {
    const idb = new IDBFactory();
    const store = new IndexedDbDmStateStore({ indexedDB: idb });
    expect(await store.load('s/7')).toBeUndefined();
    const state = { ...freshDmState('dev-1'), confirm: ['9'] };
    state.counters['dm:7:9'] = 4;
    await store.save('s/7', state);
    await store.save('s/8', freshDmState('dev-2'));
    store.close();
    const reopened = new IndexedDbDmStateStore({ indexedDB: idb });
    const loaded = parseDmState(await reopened.load('s/7'));
    expect(loaded?.confirm).toEqual(['9']);
    expect(loaded?.counters['dm:7:9']).toBe(4);
    expect(parseDmState(await reopened.load('s/8'))?.deviceId).toBe('dev-2');
  });

  it('upgrades a keys-only database from the first version, keeping the keys', async () => {
    const idb = new IDBFactory();
    await new Promise<void>((resolve, reject) => {
      const req = idb.open('parley-e2e', 1);
      req.onupgradeneeded = () => req.result.createObjectStore('device-keys', { keyPath: 'account' });
      req.onsuccess = () => {
        req.result.close();
        resolve();
      };
      req.onerror = () => reject(req.error);
    });
    const keys = await generateDeviceKeys('7');
    const v1 = new IndexedDbDeviceKeyStore({ indexedDB: idb });
    await v1.save('s/7', keys);
    v1.close();
    const states = new IndexedDbDmStateStore({ indexedDB: idb });
    await states.save('s/7', freshDmState(keys.deviceId));
    expect(await new IndexedDbDeviceKeyStore({ indexedDB: idb }).load('s/7')).toEqual(keys);
  });

  it('is what the web platform offers for encrypted DMs (keys protected by the browser profile)', async () => {
    const platform = createWebPlatform({ location: { protocol: 'https:', host: 'h:1', search: '' }, indexedDB: new IDBFactory(), navigate: () => {} });
    expect(platform.e2e?.stateStore).toBeInstanceOf(IndexedDbDmStateStore);
    expect(platform.e2e?.keyStore).toBeInstanceOf(IndexedDbDeviceKeyStore);
    expect(await platform.e2e?.protection()).toBe('browser');
    expect(createWebPlatform({ location: { protocol: 'https:', host: 'h:1', search: '' }, indexedDB: null, navigate: () => {} }).e2e).toBeUndefined();
  });
});
