// The browser's end-to-end DM database: IndexedDB "parley-e2e", one record
// per account ("<session id>/<user id>") in each object store:
//   - device-keys: this browser's secret keys, sealed (indexeddb-device-key-store.ts);
//   - dm-state:    what the DM service remembers (roster, replay guard,
//                  counters: indexeddb-dm-state-store.ts). Not secret, but it
//                  says whom this person talks to.
// Version 1 had only device-keys; version 2 adds dm-state and keeps the keys.
// Clearing the site's data removes both: the browser is then a new device.
export const E2E_DB_NAME = 'parley-e2e';
export const E2E_DB_VERSION = 2;
export const DEVICE_KEYS_STORE = 'device-keys';
export const DM_STATE_STORE = 'dm-state';

/** Opens (and creates or upgrades) the database. */
export function openE2eDatabase(idb: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = idb.open(E2E_DB_NAME, E2E_DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(DEVICE_KEYS_STORE)) db.createObjectStore(DEVICE_KEYS_STORE, { keyPath: 'account' });
      if (!db.objectStoreNames.contains(DM_STATE_STORE)) db.createObjectStore(DM_STATE_STORE, { keyPath: 'account' });
    };
    req.onsuccess = () => {
      const db = req.result;
      // Another tab upgrading the database: step aside (this one reopens on next use).
      db.onversionchange = () => db.close();
      resolve(db);
    };
    req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
    req.onblocked = () => reject(new Error('The encrypted-DM storage is held by another Parley tab of an older version: close it and reload.'));
  });
}

/** An IDBRequest as a promise. */
export function idbRequest<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}
