// The files table: one record per file relayed through the host or offered
// directly (PROTOCOL.md, "Files", "Direct transfer"), its state from upload to
// expiry. The bytes themselves are on disk, in file-store.ts.
import type Database from 'libsql';
import type { Row } from './row.js';

export interface FileRow {
  id: string;
  conv: string;
  uploaderId: number;
  clientMsgId: string;
  name: string;
  size: number;
  type: string;
  thumbnail: string | null;
  caption: string;
  sha256: string | null;
  /** offered: announced by file.offer, served by the sender; the relay copy may still be arriving. */
  state: 'uploading' | 'offered' | 'complete' | 'expired';
  createdAt: number;
  updatedAt: number;
  expiresAt: number | null;
  messageSeq: number | null;
  /** Direct transfer: the sender's URLs, the offer key (never sent to other clients) and the sender's device identity. */
  offer: FileOffer | null;
  /** An encrypted DM file's envelope (its key, real name and type), for its message; null otherwise. */
  e2e: string | null;
}
export interface FileOffer {
  urls: string[];
  key: string;
  /** SHA-256 of the offer server's public key (64 hex); receivers connect only to a server presenting it. */
  identity: string;
}
export type NewFile = Pick<FileRow, 'id' | 'conv' | 'uploaderId' | 'clientMsgId' | 'name' | 'size' | 'type' | 'thumbnail' | 'caption'> & { e2e?: string | null };

export class FileRecords {
  private readonly stmts;

  constructor(db: Database.Database) {
    this.stmts = {
      insertFile: db.prepare(
        `INSERT INTO files (id, conv, uploader_id, client_msg_id, name, size, type, thumbnail, caption, state, created_at, updated_at, e2e)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'uploading', ?, ?, ?)`,
      ),
      insertOffer: db.prepare(
        `INSERT INTO files (id, conv, uploader_id, client_msg_id, name, size, type, thumbnail, caption, sha256, state, created_at, updated_at, message_seq, offer_urls, offer_key, offer_identity)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'offered', ?, ?, ?, ?, ?, ?)`,
      ),
      storeOffered: db.prepare(
        `UPDATE files SET state = 'complete', expires_at = ?, updated_at = ? WHERE id = ? AND state = 'offered' AND sha256 = ?`,
      ),
      fileById: db.prepare('SELECT * FROM files WHERE id = ?'),
      fileByClientId: db.prepare('SELECT * FROM files WHERE uploader_id = ? AND client_msg_id = ?'),
      uploadsInProgress: db.prepare(`SELECT COUNT(*) AS n FROM files WHERE uploader_id = ? AND state = 'uploading'`),
      touchFile: db.prepare('UPDATE files SET updated_at = ? WHERE id = ?'),
      completeFile: db.prepare(
        `UPDATE files SET state = 'complete', sha256 = ?, expires_at = ?, message_seq = ?, updated_at = ? WHERE id = ? AND state = 'uploading'`,
      ),
      deleteFile: db.prepare('DELETE FROM files WHERE id = ?'),
      expiredFiles: db.prepare(`SELECT * FROM files WHERE state = 'complete' AND expires_at <= ?`),
      markExpired: db.prepare(`UPDATE files SET state = 'expired', updated_at = ? WHERE id = ?`),
      staleUploads: db.prepare(`SELECT * FROM files WHERE state = 'uploading' AND updated_at < ?`),
      expiredOffers: db.prepare(`SELECT * FROM files WHERE state = 'offered' AND created_at <= ?`),
      markOfferExpired: db.prepare(`UPDATE files SET state = 'expired', expires_at = ?, updated_at = ? WHERE id = ? AND state = 'offered'`),
    };
  }

  /** A new upload (state 'uploading', no message yet). */
  insert(f: NewFile): FileRow {
    const now = Date.now();
    this.stmts.insertFile.run(f.id, f.conv, f.uploaderId, f.clientMsgId, f.name, f.size, f.type, f.thumbnail, f.caption, now, now, f.e2e ?? null);
    return { ...f, sha256: null, state: 'uploading', createdAt: now, updatedAt: now, expiresAt: null, messageSeq: null, offer: null, e2e: f.e2e ?? null };
  }

  /** A file announced by file.offer together with its message (already written, seq `messageSeq`). Runs inside a batch. */
  insertOffer(f: NewFile & { sha256: string; messageSeq: number; offer: FileOffer }): FileRow {
    const now = Date.now();
    this.stmts.insertOffer.run(
      f.id, f.conv, f.uploaderId, f.clientMsgId, f.name, f.size, f.type, f.thumbnail, f.caption, f.sha256, now, now, f.messageSeq,
      JSON.stringify(f.offer.urls), f.offer.key, f.offer.identity,
    );
    return { ...f, state: 'offered', createdAt: now, updatedAt: now, expiresAt: null, e2e: null };
  }

  /** The relay copy of an offered file is in place: it is now held until `expiresAt`. False when not offered (or another hash). */
  storeOffered(id: string, sha256: string, expiresAt: number): boolean {
    return this.stmts.storeOffered.run(expiresAt, Date.now(), id, sha256).changes > 0;
  }

  byId(id: string): FileRow | undefined {
    const row = this.stmts.fileById.get(id) as Row | undefined;
    return row ? toFile(row) : undefined;
  }

  byClientId(uploaderId: number, clientMsgId: string): FileRow | undefined {
    const row = this.stmts.fileByClientId.get(uploaderId, clientMsgId) as Row | undefined;
    return row ? toFile(row) : undefined;
  }

  uploadsInProgress(uploaderId: number): number {
    return Number((this.stmts.uploadsInProgress.get(uploaderId) as Row).n);
  }

  /** Notes activity on an upload, so the sweep does not take it for stale. */
  touch(id: string): void {
    this.stmts.touchFile.run(Date.now(), id);
  }

  /** Marks an upload complete and links it to its message; false when it was not uploading. */
  complete(id: string, sha256: string, expiresAt: number, messageSeq: number): boolean {
    return this.stmts.completeFile.run(sha256, expiresAt, messageSeq, Date.now(), id).changes > 0;
  }

  delete(id: string): void {
    this.stmts.deleteFile.run(id);
  }

  // ---- retention (file-retention.ts)

  /** Complete files whose retention ran out by `now`. */
  expired(now: number): FileRow[] {
    return (this.stmts.expiredFiles.all(now) as Row[]).map(toFile);
  }

  /** The copy is gone; the row (and its message) stay so history still shows the file. */
  markExpired(id: string): void {
    this.stmts.markExpired.run(Date.now(), id);
  }

  /** Offered files (their relay copy never completed) announced at or before `offeredBefore`. */
  expiredOffers(offeredBefore: number): FileRow[] {
    return (this.stmts.expiredOffers.all(offeredBefore) as Row[]).map(toFile);
  }

  /**
   * An offer outlived the retention period without its relay copy: the row and
   * message stay, with `expiresAt` (when it ran out) in the past. False when it
   * is no longer offered (its copy completed meanwhile).
   */
  markOfferExpired(id: string, expiresAt: number): boolean {
    return this.stmts.markOfferExpired.run(expiresAt, Date.now(), id).changes > 0;
  }

  /** Unfinished uploads untouched since before `olderThan`. */
  staleUploads(olderThan: number): FileRow[] {
    return (this.stmts.staleUploads.all(olderThan) as Row[]).map(toFile);
  }
}

function toFile(r: Row): FileRow {
  return {
    id: String(r.id),
    conv: String(r.conv),
    uploaderId: Number(r.uploader_id),
    clientMsgId: String(r.client_msg_id),
    name: String(r.name),
    size: Number(r.size),
    type: String(r.type),
    thumbnail: r.thumbnail === null ? null : String(r.thumbnail),
    caption: String(r.caption),
    sha256: r.sha256 === null ? null : String(r.sha256),
    state: String(r.state) as FileRow['state'],
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    expiresAt: r.expires_at === null ? null : Number(r.expires_at),
    messageSeq: r.message_seq === null ? null : Number(r.message_seq),
    // An offer stored before migration 6 has no identity: it cannot be fetched directly (pinned), so it is none.
    offer:
      r.offer_key == null || r.offer_urls == null || r.offer_identity == null
        ? null
        : { urls: JSON.parse(String(r.offer_urls)) as string[], key: String(r.offer_key), identity: String(r.offer_identity) },
    e2e: r.e2e == null ? null : String(r.e2e),
  };
}
