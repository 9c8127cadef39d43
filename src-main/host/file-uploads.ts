// Files shared through the host (PROTOCOL.md, "Files" and "Direct transfer"):
// the checks a new file must pass, the rows and messages of uploads and
// offers, and completing a file once every byte has arrived — verified by
// SHA-256, moved into place, published. The bytes themselves travel over HTTP
// (file-http-api.ts) into the FileStore.
import { FILE_THUMBNAIL_MAX_CHARS, FILE_TYPE_MAX_CHARS, MAX_CONCURRENT_UPLOADS_PER_USER } from '../../src-shared/limits.js';
import { sanitizeFileName } from '../../src-shared/file-names.js';
import type { FileInfo, Message, ReplyData, RequestFrame } from '../../src-shared/protocol/frames.js';
import { formatBytes } from './byte-sizes.js';
import type { CommitBatcher } from './commit-batcher.js';
import type { Conversation, ConversationAccess } from './conversation-access.js';
import type { FileRow } from './database/file-records.js';
import type { SessionDatabase } from './database/session-database.js';
import { FILE_ID_PATTERN, newFileId, type FileStore } from './file-store.js';
import type { MessageWriter } from './message-writer.js';
import { checkedText, RequestError } from './request-error.js';
import type { SessionState } from './session-state.js';

const THUMBNAIL_PATTERN = /^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/=]+$/;
const MIME_PATTERN = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A new file's fields, checked and cleaned. */
export interface CleanFileFields {
  name: string;
  type: string;
  thumbnail: string | null;
  caption: string;
}

export interface FileUploadsDeps {
  db: SessionDatabase;
  store: FileStore;
  batcher: CommitBatcher;
  state: SessionState;
  access: ConversationAccess;
  messages: MessageWriter;
  maxFileBytes: number;
  fileRetentionDays: number;
  minFreeDiskBytes: number;
}

export class FileUploads {
  /** file.complete in progress per file id (a second one waits for the first). */
  private readonly completing = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: FileUploadsDeps) {}

  get retentionMs(): number {
    return Math.round(this.deps.fileRetentionDays * DAY_MS);
  }

  /** file.begin / file.offer: size limit, MIME type, thumbnail, caption and name, checked and cleaned. */
  cleanFields(frame: { size: number; mimeType?: string | undefined; thumbnail?: string | undefined; text?: string | undefined; name: string }): CleanFileFields {
    const max = this.deps.maxFileBytes;
    if (frame.size > max) {
      throw new RequestError('file_too_large', `Files can be at most ${formatBytes(max)} in this session; this one is ${formatBytes(frame.size)}.`, 'size');
    }
    const declaredType = (frame.mimeType ?? '').trim().toLowerCase();
    const type = declaredType.length <= FILE_TYPE_MAX_CHARS && MIME_PATTERN.test(declaredType) ? declaredType : 'application/octet-stream';
    let thumbnail: string | null = null;
    if (frame.thumbnail !== undefined) {
      if (frame.thumbnail.length > FILE_THUMBNAIL_MAX_CHARS || !THUMBNAIL_PATTERN.test(frame.thumbnail)) {
        throw new RequestError('invalid_field', `thumbnail must be a data:image/(png|jpeg|webp);base64,… URL of at most ${FILE_THUMBNAIL_MAX_CHARS} characters.`, 'thumbnail');
      }
      thumbnail = frame.thumbnail;
    }
    const caption = checkedText(frame.text ?? '', 'caption');
    return { name: sanitizeFileName(frame.name), type, thumbnail, caption };
  }

  /** The file `fileId` as a row, if it exists (else file_not_found: nobody learns more). */
  fileById(fileId: string): FileRow {
    const row = FILE_ID_PATTERN.test(fileId) ? this.deps.db.files.byId(fileId) : undefined;
    if (!row) throw new RequestError('file_not_found', 'No such file.', 'fileId');
    return row;
  }

  /** The file `fileId` if `userId` uploaded it (else file_not_found: others learn nothing). */
  uploadOf(userId: number, fileId: string): FileRow {
    const row = FILE_ID_PATTERN.test(fileId) ? this.deps.db.files.byId(fileId) : undefined;
    if (!row || row.uploaderId !== userId) throw new RequestError('file_not_found', 'You have no upload with that id.', 'fileId');
    return row;
  }

  /** file.offer: stores the file row (state 'offered') and its message in one commit. */
  offer(userId: number, conv: Conversation, frame: RequestFrame<'file.offer'>, clean: CleanFileFields): Promise<{ message: Message; duplicate: boolean }> {
    const { db, batcher, state, messages } = this.deps;
    const sender = state.user(userId)!;
    return batcher.runAsync(() => {
      const existing = db.files.byClientId(userId, frame.clientMsgId);
      if (existing) {
        const message = existing.messageSeq === null ? undefined : db.messages.bySeq(existing.messageSeq);
        if (!message) throw new RequestError('invalid_field', 'That clientMsgId belongs to an upload that is not finished; complete it with file.complete.', 'clientMsgId');
        return { message, duplicate: true };
      }
      if (db.messages.byClientId(userId, frame.clientMsgId)) {
        throw new RequestError('invalid_field', 'That clientMsgId was used for another message.', 'clientMsgId');
      }
      const id = newFileId();
      const file: FileInfo = { id, name: clean.name, size: frame.size, type: clean.type, sha256: frame.sha256, thumbnail: clean.thumbnail, expiresAt: null, direct: true };
      const message = messages.write(conv, sender, { kind: 'file', text: clean.caption, clientMsgId: frame.clientMsgId, file });
      db.files.insertOffer({
        id,
        conv: conv.key,
        uploaderId: userId,
        clientMsgId: frame.clientMsgId,
        ...clean,
        size: frame.size,
        sha256: frame.sha256,
        messageSeq: message.seq,
        offer: { urls: frame.offer.urls, key: frame.offer.key, identity: frame.offer.identity },
      });
      return { message, duplicate: false };
    });
  }

  /** file.begin: a new upload (or the one this clientMsgId started), if the disk can take it. */
  async begin(userId: number, conv: Conversation, frame: RequestFrame<'file.begin'>, clean: CleanFileFields): Promise<ReplyData<'file.begin'>> {
    const { db, store, batcher, minFreeDiskBytes: reserve } = this.deps;
    const existing = db.files.byClientId(userId, frame.clientMsgId);
    if (existing) return this.beginReply(existing, true);
    const free = await store.freeBytes();
    if (free - frame.size < reserve) {
      throw new RequestError(
        'disk_full',
        `The host has ${formatBytes(free)} free and keeps ${formatBytes(reserve)} in reserve, so it cannot take ${formatBytes(frame.size)}.`,
        'size',
      );
    }
    const { row, duplicate } = await batcher.runAsync(() => {
      const again = db.files.byClientId(userId, frame.clientMsgId);
      if (again) return { row: again, duplicate: true };
      if (db.files.uploadsInProgress(userId) >= MAX_CONCURRENT_UPLOADS_PER_USER) {
        throw new RequestError('too_many_transfers', `At most ${MAX_CONCURRENT_UPLOADS_PER_USER} uploads at once; finish or cancel one first.`);
      }
      const row = db.files.insert({ id: newFileId(), conv: conv.key, uploaderId: userId, clientMsgId: frame.clientMsgId, ...clean, size: frame.size, e2e: frame.e2e ?? null });
      return { row, duplicate: false };
    });
    return this.beginReply(row, duplicate);
  }

  private async beginReply(row: FileRow, duplicate: boolean): Promise<ReplyData<'file.begin'>> {
    const offset = row.state === 'uploading' || row.state === 'offered' ? await this.deps.store.bytesHeld(row.id) : row.size;
    return { fileId: row.id, uploadUrl: `/api/uploads/${row.id}`, offset, duplicate };
  }

  /** file.cancel: an unfinished upload goes (row and bytes); an unfinished offer's copy goes and the offer expires now. */
  async cancel(userId: number, fileId: string): Promise<string> {
    const { db, store, batcher } = this.deps;
    const row = this.uploadOf(userId, fileId);
    const shared = () => new RequestError('file_not_found', 'That file was shared already; only unfinished uploads can be cancelled.', 'fileId');
    if (row.state === 'offered') {
      // The sender withdraws an offer whose relay copy is unfinished: its message stays, the file expires now.
      if (!(await batcher.runAsync(() => db.files.markOfferExpired(row.id, Date.now())))) throw shared();
    } else if (row.state === 'uploading') {
      await batcher.runAsync(() => db.files.delete(row.id));
    } else {
      throw shared();
    }
    await store.remove(row.id);
    return row.id;
  }

  /** file.complete: the relay copy is all there; returns the file's message (duplicate: it existed already). */
  async complete(userId: number, fileId: string, sha256: string): Promise<{ message: Message; duplicate: boolean }> {
    // One file.complete per file at a time: a second waits, then looks again.
    const inFlight = this.completing.get(fileId);
    if (inFlight) {
      await inFlight.catch(() => {});
      return this.complete(userId, fileId, sha256);
    }
    const row = this.uploadOf(userId, fileId);
    if (row.state !== 'offered' && row.state !== 'uploading') {
      const message = row.messageSeq === null ? undefined : this.deps.db.messages.bySeq(row.messageSeq);
      if (!message) throw new RequestError('file_not_found', 'That file is gone.', 'fileId');
      return { message, duplicate: true };
    }
    // An offered file's relay copy: store it; its message exists already.
    const offered = row.state === 'offered';
    const work = offered ? this.storeOfferedCopy(row, sha256) : this.finishUpload(row, sha256);
    this.completing.set(fileId, work);
    try {
      return { message: await work, duplicate: offered };
    } finally {
      this.completing.delete(fileId);
    }
  }

  private async finishUpload(row: FileRow, sha256: string): Promise<Message> {
    const { db, store, batcher, state, access, messages } = this.deps;
    const sender = state.user(row.uploaderId)!;
    const conv = access.require(sender.id, row.conv);
    return this.completeCopy(
      row,
      sha256,
      async () => {
        await batcher.runAsync(() => db.files.delete(row.id));
        await store.remove(row.id);
        throw new RequestError('checksum_mismatch', 'The file arrived damaged (its SHA-256 differs from what was sent); the host deleted it. Send it again.', 'sha256');
      },
      (digest) =>
        batcher.runAsync(() => {
          const expiresAt = Date.now() + this.retentionMs;
          const file: FileInfo = { id: row.id, name: row.name, size: row.size, type: row.type, sha256: digest, thumbnail: row.thumbnail, expiresAt, direct: false };
          const message = messages.write(conv, sender, { kind: 'file', text: row.caption, clientMsgId: row.clientMsgId, file, ...(row.e2e !== null && { e2e: row.e2e }) });
          if (!db.files.complete(row.id, digest, expiresAt, message.seq)) throw new Error(`upload ${row.id} vanished while completing`);
          return message;
        }),
    );
  }

  /** file.complete on an offered file: checks size and hash, moves the copy into place, starts its retention. */
  private async storeOfferedCopy(row: FileRow, sha256: string): Promise<Message> {
    const { db, store, batcher } = this.deps;
    const message = row.messageSeq === null ? undefined : db.messages.bySeq(row.messageSeq);
    if (!message) throw new RequestError('file_not_found', 'That file is gone.', 'fileId');
    return this.completeCopy(
      row,
      sha256,
      async () => {
        // The message stays (receivers can still fetch the file from the sender); only the copy goes.
        await store.remove(row.id);
        throw new RequestError('checksum_mismatch', 'The copy arrived damaged, or differs from the file offered (its SHA-256 does not match); the host deleted it. Send it again.', 'sha256');
      },
      async (digest) => {
        const stored = await batcher.runAsync(() => db.files.storeOffered(row.id, digest, Date.now() + this.retentionMs));
        if (!stored) {
          // Its message was deleted while the copy arrived (message.delete): drop the copy.
          await store.remove(row.id);
          throw new RequestError('file_not_found', 'That file’s message was deleted while its copy arrived; the host dropped the copy.', 'fileId');
        }
        return db.messages.bySeq(row.messageSeq!) ?? message;
      },
    );
  }

  /**
   * What both completions share: one completion of a file at a time, every
   * byte there, the SHA-256 the sender gave (and, for an offer, the one it
   * offered) — else `rejectCopy` removes what must go and throws — then the
   * copy moves into place and `publish` records it; if that fails, the move
   * is undone.
   */
  private async completeCopy<T>(row: FileRow, sha256: string, rejectCopy: () => Promise<never>, publish: (digest: string) => Promise<T>): Promise<T> {
    const { store } = this.deps;
    if (store.busy.has(row.id)) throw new RequestError('upload_incomplete', 'Bytes of this file are still arriving; complete it when the upload has finished.', 'fileId');
    store.busy.add(row.id);
    try {
      const held = await store.bytesHeld(row.id);
      if (held < row.size) {
        throw new RequestError('upload_incomplete', `The host holds ${held} of ${row.size} bytes; send the rest first (HEAD ${`/api/uploads/${row.id}`} tells where to continue).`, 'fileId');
      }
      const digest = await store.digest(row.id);
      if (digest !== sha256.toLowerCase() || (row.sha256 !== null && digest !== row.sha256)) await rejectCopy();
      await store.finish(row.id);
      try {
        return await publish(digest);
      } catch (error) {
        await store.unfinish(row.id).catch(() => {});
        throw error;
      }
    } finally {
      store.busy.delete(row.id);
    }
  }
}
