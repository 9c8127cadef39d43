// Published devices (table devices, migration 7): each person's self-signed
// public device bundles for end-to-end encrypted DMs (PROTOCOL.md, "End-to-end
// encrypted DMs"). Public keys only: the host never holds a secret key.
// Bundles are stored as the JSON the device published and handed out as is.
import type Database from 'libsql';
import type { DeviceBundle } from '../../../src-shared/e2e/device-bundle-format.js';
import type { Row } from './row.js';

export class DeviceStore {
  private readonly stmts;

  constructor(db: Database.Database) {
    this.stmts = {
      insert: db.prepare('INSERT INTO devices (user_id, device_id, bundle, created_at) VALUES (?, ?, ?, ?)'),
      one: db.prepare('SELECT bundle FROM devices WHERE user_id = ? AND device_id = ?'),
      ofUser: db.prepare('SELECT bundle FROM devices WHERE user_id = ? ORDER BY created_at, device_id'),
      count: db.prepare('SELECT COUNT(*) AS n FROM devices WHERE user_id = ?'),
    };
  }

  /** Stores a checked bundle of person `userId` (the caller made sure the device id is new). */
  insert(userId: number, bundle: DeviceBundle, now: number = Date.now()): void {
    this.stmts.insert.run(userId, bundle.deviceId, JSON.stringify(bundle), now);
  }

  /** Device `deviceId` of person `userId`, if published. */
  get(userId: number, deviceId: string): DeviceBundle | undefined {
    const row = this.stmts.one.get(userId, deviceId) as Row | undefined;
    return row ? (JSON.parse(String(row.bundle)) as DeviceBundle) : undefined;
  }

  /** Every published device of `userId`, oldest first. */
  ofUser(userId: number): DeviceBundle[] {
    return (this.stmts.ofUser.all(userId) as Row[]).map((row) => JSON.parse(String(row.bundle)) as DeviceBundle);
  }

  count(userId: number): number {
    return Number((this.stmts.count.get(userId) as Row).n);
  }
}
