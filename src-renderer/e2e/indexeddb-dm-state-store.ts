// The browser's DmStateStore: what the DM service remembers per account
// (dm-state.ts: roster of devices, verified codes, replay guard, counters) in
// the "dm-state" object store of the e2e database (e2e-database.ts), beside
// this browser's device keys. Stored as JSON text so it parses exactly as the
// terminal's file does (parseDmState checks it on load). Not secret, but it
// says whom this person talks to: it stays in this browser profile.
import type { DmState, DmStateStore } from '../../src-shared/e2e/dm-state.js';
import { DM_STATE_STORE, idbRequest, openE2eDatabase } from './e2e-database.js';

interface StateRecord {
  account: string;
  json: string;
}

export class IndexedDbDmStateStore implements DmStateStore {
  private readonly idb: IDBFactory;
  private db: Promise<IDBDatabase> | undefined;

  constructor(options: { indexedDB?: IDBFactory } = {}) {
    this.idb = options.indexedDB ?? globalThis.indexedDB;
  }

  private async store(mode: IDBTransactionMode): Promise<IDBObjectStore> {
    this.db ??= openE2eDatabase(this.idb);
    return (await this.db).transaction(DM_STATE_STORE, mode).objectStore(DM_STATE_STORE);
  }

  async load(account: string): Promise<unknown> {
    const record = (await idbRequest((await this.store('readonly')).get(account))) as StateRecord | undefined;
    if (!record) return undefined;
    try {
      return JSON.parse(record.json) as unknown;
    } catch {
      return null; // not undefined: the service says the saved state could not be read, and starts afresh
    }
  }

  async save(account: string, state: DmState): Promise<void> {
    const record: StateRecord = { account, json: JSON.stringify(state) };
    await idbRequest((await this.store('readwrite')).put(record));
  }

  close(): void {
    void this.db?.then((db) => db.close());
    this.db = undefined;
  }
}
