// The browser's device key store (DeviceKeyStore): IndexedDB database
// "parley-e2e" (e2e-database.ts), one record per account.
//
// What is stored how: the keys are X25519 and Ed25519 keys used by pure-JS
// libraries (HPKE, libsodium), so they exist as bytes in the page while it
// runs; WebCrypto's own X25519/Ed25519 (which could stay non-extractable) is
// not in every browser Parley supports yet. At rest, the record holds the keys'
// storage form encrypted with AES-256-GCM under a WebCrypto key generated
// non-extractable and stored beside it as a CryptoKey (IndexedDB keeps
// CryptoKeys without exposing their bytes to script), with the account name as
// associated data. That keeps raw key bytes out of what the page writes and
// lets the store move to non-extractable curve keys without a new format. It
// does not protect against script running in the page (it can use the
// wrapping key), nor against someone who copies the browser profile (the
// browser stores the CryptoKey's material in it). Clearing site data loses the
// keys: the browser then becomes a new device (issue 13, "honest edges").
import type { DeviceKeys } from '../../src-shared/e2e/device-keys.js';
import type { DeviceKeyStore } from '../../src-shared/e2e/device-key-store.js';
import { fromStoredDeviceKeys, toStoredDeviceKeys } from '../../src-shared/e2e/device-key-store.js';
import { E2eError } from '../../src-shared/e2e/e2e-error.js';
import { DEVICE_KEYS_STORE as STORE, idbRequest as request, openE2eDatabase } from './e2e-database.js';

interface KeyRecord {
  account: string;
  wrappingKey: CryptoKey;
  iv: Uint8Array<ArrayBuffer>;
  sealed: ArrayBuffer;
}

export interface IndexedDbDeviceKeyStoreOptions {
  indexedDB?: IDBFactory;
  subtle?: SubtleCrypto;
  getRandomValues?: (array: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>;
}

export class IndexedDbDeviceKeyStore implements DeviceKeyStore {
  private readonly idb: IDBFactory;
  private readonly subtle: SubtleCrypto;
  private readonly random: (array: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>;
  private db: Promise<IDBDatabase> | undefined;

  constructor(options: IndexedDbDeviceKeyStoreOptions = {}) {
    this.idb = options.indexedDB ?? globalThis.indexedDB;
    this.subtle = options.subtle ?? globalThis.crypto.subtle;
    this.random = options.getRandomValues ?? ((array) => globalThis.crypto.getRandomValues(array));
  }

  private open(): Promise<IDBDatabase> {
    this.db ??= openE2eDatabase(this.idb);
    return this.db;
  }

  private async store(mode: IDBTransactionMode): Promise<IDBObjectStore> {
    return (await this.open()).transaction(STORE, mode).objectStore(STORE);
  }

  async load(account: string): Promise<DeviceKeys | undefined> {
    const record = (await request((await this.store('readonly')).get(account))) as KeyRecord | undefined;
    if (!record) return undefined;
    let text: string;
    try {
      const plain = await this.subtle.decrypt(
        { name: 'AES-GCM', iv: record.iv, additionalData: new TextEncoder().encode(account) },
        record.wrappingKey,
        record.sealed,
      );
      text = new TextDecoder().decode(plain);
    } catch {
      throw new E2eError('key_store', 'The device keys stored in this browser could not be unsealed: this browser must be set up as a new device.');
    }
    return fromStoredDeviceKeys(JSON.parse(text) as unknown);
  }

  async save(account: string, keys: DeviceKeys): Promise<void> {
    const wrappingKey = await this.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    const iv = this.random(new Uint8Array(12));
    const plain = new TextEncoder().encode(JSON.stringify(await toStoredDeviceKeys(keys)));
    const sealed = await this.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(account) }, wrappingKey, plain);
    const record: KeyRecord = { account, wrappingKey, iv, sealed };
    await request((await this.store('readwrite')).put(record));
  }

  async remove(account: string): Promise<void> {
    await request((await this.store('readwrite')).delete(account));
  }

  close(): void {
    void this.db?.then((db) => db.close());
    this.db = undefined;
  }
}
