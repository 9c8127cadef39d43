// People (tables users and tokens): accounts, their resume tokens, admin and
// removed flags, and each person's durable delivery position (delivery-positions.ts).
import type Database from 'libsql';
import type { Row } from './row.js';

export interface UserRow {
  id: number;
  name: string;
  nameKey: string;
  passwordHash: string;
  isAdmin: boolean;
  deliveredSeq: number;
  /** Removed by an admin: sign-ins are refused. */
  removed: boolean;
  /** Profile (profile-store.ts); '' = not set. */
  displayName: string;
  statusText: string;
  statusEmoji: string;
  /** SHA-256 of the avatar image, or null. */
  avatar: string | null;
}

export class UserStore {
  private readonly stmts;

  constructor(private readonly db: Database.Database) {
    this.stmts = {
      insertUser: db.prepare(
        'INSERT INTO users (name, name_key, password_hash, is_admin, delivered_seq, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      userByKey: db.prepare('SELECT * FROM users WHERE name_key = ?'),
      setDelivered: db.prepare('UPDATE users SET delivered_seq = MAX(delivered_seq, ?), online = 0 WHERE id = ?'),
      markOnline: db.prepare('UPDATE users SET online = 1 WHERE id = ?'),
      settleOnline: db.prepare('UPDATE users SET delivered_seq = MAX(delivered_seq, ?), online = 0 WHERE online = 1'),
      insertToken: db.prepare('INSERT INTO tokens (hash, user_id, created_at, last_used_at) VALUES (?, ?, ?, ?)'),
      tokenUser: db.prepare('SELECT user_id FROM tokens WHERE hash = ?'),
      deleteToken: db.prepare('DELETE FROM tokens WHERE hash = ?'),
      deleteTokensOf: db.prepare('DELETE FROM tokens WHERE user_id = ?'),
      setRemoved: db.prepare('UPDATE users SET removed = ? WHERE id = ?'),
      setAdmin: db.prepare('UPDATE users SET is_admin = ? WHERE id = ?'),
      touchToken: db.prepare('UPDATE tokens SET last_used_at = ? WHERE hash = ?'),
    };
  }

  all(): UserRow[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY id').all() as Row[]).map(toUser);
  }

  byKey(nameKey: string): UserRow | undefined {
    const row = this.stmts.userByKey.get(nameKey) as Row | undefined;
    return row ? toUser(row) : undefined;
  }

  insert(name: string, nameKey: string, passwordHash: string, isAdmin: boolean, deliveredSeq: number): UserRow {
    const result = this.stmts.insertUser.run(name, nameKey, passwordHash, isAdmin ? 1 : 0, deliveredSeq, Date.now());
    return { id: Number(result.lastInsertRowid), name, nameKey, passwordHash, isAdmin, deliveredSeq, removed: false, displayName: '', statusText: '', statusEmoji: '', avatar: null };
  }

  /** Removes (or allows back) a person; removing also forgets all their resume tokens. */
  setRemoved(userId: number, removed: boolean): void {
    this.stmts.setRemoved.run(removed ? 1 : 0, userId);
    if (removed) this.stmts.deleteTokensOf.run(userId);
  }

  setAdmin(userId: number, admin: boolean): void {
    this.stmts.setAdmin.run(admin ? 1 : 0, userId);
  }

  // ---- delivery positions

  /** `userId`'s first device signed in (delivery-positions.ts). */
  markOnline(userId: number): void {
    this.stmts.markOnline.run(userId);
  }

  /** Saves `userId`'s delivery position (it only moves forward) and clears the online mark. */
  saveDelivered(userId: number, seq: number): void {
    this.stmts.setDelivered.run(seq, userId);
  }

  /** After a crash: everyone still marked online was sent everything up to `seq`. Returns how many. */
  settleOnlineDeliveries(seq: number): number {
    return this.stmts.settleOnline.run(seq).changes;
  }

  // ---- resume tokens (stored as hashes)

  insertToken(hash: string, userId: number): void {
    const now = Date.now();
    this.stmts.insertToken.run(hash, userId, now, now);
  }

  deleteToken(hash: string): void {
    this.stmts.deleteToken.run(hash);
  }

  /** The person a token belongs to (and notes that it was used), if any. */
  idForToken(hash: string): number | undefined {
    const row = this.stmts.tokenUser.get(hash) as Row | undefined;
    if (!row) return undefined;
    this.stmts.touchToken.run(Date.now(), hash);
    return Number(row.user_id);
  }
}

function toUser(r: Row): UserRow {
  return {
    id: Number(r.id),
    name: String(r.name),
    nameKey: String(r.name_key),
    passwordHash: String(r.password_hash),
    isAdmin: Number(r.is_admin) === 1,
    deliveredSeq: Number(r.delivered_seq),
    removed: Number(r.removed) === 1,
    displayName: String(r.display_name ?? ''),
    statusText: String(r.status_text ?? ''),
    statusEmoji: String(r.status_emoji ?? ''),
    avatar: r.avatar_hash == null ? null : String(r.avatar_hash),
  };
}
