// Profiles (users.display_name, status_text, status_emoji, avatar_hash) and
// avatar images (table avatars: one per person, known by the SHA-256 of its
// bytes, at most AVATAR_MAX_BYTES so kept in the database itself).
import type Database from 'libsql';
import type { Row } from './row.js';

export interface AvatarRow {
  hash: string;
  type: string;
  bytes: Buffer;
}

export class ProfileStore {
  private readonly stmts;

  constructor(db: Database.Database) {
    this.stmts = {
      setProfile: db.prepare('UPDATE users SET display_name = ?, status_text = ?, status_emoji = ? WHERE id = ?'),
      setAvatarHash: db.prepare('UPDATE users SET avatar_hash = ? WHERE id = ?'),
      putAvatar: db.prepare(
        `INSERT INTO avatars (user_id, hash, type, bytes) VALUES (?, ?, ?, ?)
         ON CONFLICT(user_id) DO UPDATE SET hash = excluded.hash, type = excluded.type, bytes = excluded.bytes`,
      ),
      deleteAvatar: db.prepare('DELETE FROM avatars WHERE user_id = ?'),
      avatarByHash: db.prepare('SELECT hash, type, bytes FROM avatars WHERE hash = ? LIMIT 1'),
    };
  }

  setProfile(userId: number, profile: { displayName: string; statusText: string; statusEmoji: string }): void {
    this.stmts.setProfile.run(profile.displayName, profile.statusText, profile.statusEmoji, userId);
  }

  /** Replaces `userId`'s avatar (null: removes it). */
  setAvatar(userId: number, avatar: AvatarRow | null): void {
    if (avatar) this.stmts.putAvatar.run(userId, avatar.hash, avatar.type, avatar.bytes);
    else this.stmts.deleteAvatar.run(userId);
    this.stmts.setAvatarHash.run(avatar?.hash ?? null, userId);
  }

  avatarByHash(hash: string): AvatarRow | undefined {
    const row = this.stmts.avatarByHash.get(hash) as Row | undefined;
    if (!row) return undefined;
    return { hash: String(row.hash), type: String(row.type), bytes: Buffer.from(row.bytes as Uint8Array) };
  }
}
