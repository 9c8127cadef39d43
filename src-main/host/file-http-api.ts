// The HTTP side of file relay (PROTOCOL.md, "Files"):
//   HEAD/PUT /api/uploads/<id>   resumable upload by the uploader (Bearer token)
//   GET/HEAD /api/files/<id>     download by a member (Bearer token or ?ticket=)
// Bodies are streamed both ways with backpressure (stream.pipeline); no file
// is ever held in memory. Errors are JSON {code, message}.
import fs from 'node:fs';
import { once } from 'node:events';
import type http from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HANDOVER_RETRY_AFTER_SECONDS, MAX_CONCURRENT_DOWNLOADS_PER_USER, MOVING_FILE_RETRY_AFTER_SECONDS } from '../../src-shared/limits.js';
import { requestedRange, sendRangeNotSatisfiable, serveByteRange } from '../http/byte-ranges.js';
import { contentDisposition } from '../http/content-disposition.js';
import { sendJsonError } from '../http/json-errors.js';
import type { FileRow } from './database/file-records.js';
import type { SessionDatabase } from './database/session-database.js';
import { FILE_ID_PATTERN, type FileStore } from './file-store.js';
import { verifyTicket } from './file-tickets.js';
import { tokenHash } from './password-hashing.js';

export interface FileHttpDeps {
  db: SessionDatabase;
  store: FileStore;
  ticketSecret: Buffer;
  /** Whether `userId` may read conversation `conv` now. */
  isMember(userId: number, conv: string): boolean;
  /** The file's bytes are still moving from the session's previous host (incoming-files.ts). */
  isMoving(id: string): boolean;
  /** A hand-over is under way (handover/write-freeze.ts): uploads wait, so no byte lands after the snapshot. */
  isFrozen(): boolean;
  log(line: string): void;
}

/** Image types a browser may show inline (never SVG: it can carry scripts). */
const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp']);

class TooLarge extends Error {}

export class FileHttpApi {
  private readonly downloads = new Map<number, number>();

  constructor(private readonly deps: FileHttpDeps) {}

  /** Handles /api/uploads/… and /api/files/…; false for any other path. */
  handle(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    const url = new URL(req.url ?? '/', 'http://host');
    const upload = /^\/api\/uploads\/([^/]+)$/.exec(url.pathname);
    const file = /^\/api\/files\/([^/]+)$/.exec(url.pathname);
    if (!upload && !file) return false;
    const id = (upload ?? file)![1]!;
    const method = req.method ?? 'GET';
    const allowed = upload ? ['PUT', 'HEAD'] : ['GET', 'HEAD'];
    if (!allowed.includes(method)) {
      sendJsonError(res, 405, 'bad_frame', `Only ${allowed.join(' and ')} here.`, { allow: allowed.join(', '), connection: 'close' });
      return true;
    }
    const work = upload
      ? method === 'PUT'
        ? this.put(req, res, id)
        : this.headUpload(req, res, id)
      : this.download(req, res, id, url.searchParams, method === 'HEAD');
    work.catch((error: unknown) => {
      this.deps.log(`file request ${method} ${url.pathname} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      sendJsonError(res, 500, 'server_error', 'The host could not do that (it logged why). Try again.');
    });
    return true;
  }

  private bearerUser(req: http.IncomingMessage): number | null {
    const match = /^Bearer ([\x21-\x7e]{1,256})$/.exec(req.headers.authorization ?? '');
    if (!match) return null;
    return this.deps.db.users.idForToken(tokenHash(match[1]!)) ?? null;
  }

  /** The upload `id` if `req` is its uploader's; otherwise answers and returns null. */
  private uploadFor(req: http.IncomingMessage, res: http.ServerResponse, id: string): FileRow | null {
    const userId = this.bearerUser(req);
    if (userId === null) {
      sendJsonError(res, 401, 'token_invalid', 'Send Authorization: Bearer <resume token>.', { connection: 'close' });
      return null;
    }
    const row = FILE_ID_PATTERN.test(id) ? this.deps.db.files.byId(id) : undefined;
    if (!row || row.state === 'expired') {
      sendJsonError(res, 404, 'file_not_found', 'No such upload; it may have been cancelled or expired. Start again with file.begin.', { connection: 'close' });
      return null;
    }
    if (row.uploaderId !== userId) {
      sendJsonError(res, 403, 'not_a_member', 'Only the person uploading this file may send its bytes.', { connection: 'close' });
      return null;
    }
    return row;
  }

  private async headUpload(req: http.IncomingMessage, res: http.ServerResponse, id: string): Promise<void> {
    const row = this.uploadFor(req, res, id);
    if (!row) return;
    const held = row.state === 'complete' ? row.size : await this.deps.store.bytesHeld(id);
    res.writeHead(204, { 'upload-offset': held, 'upload-length': row.size, 'cache-control': 'no-store' }).end();
  }

  private async put(req: http.IncomingMessage, res: http.ServerResponse, id: string): Promise<void> {
    const row = this.uploadFor(req, res, id);
    if (!row) return;
    const { store, db } = this.deps;
    if (this.deps.isFrozen()) {
      sendJsonError(res, 503, 'session_moving', 'The session is moving to another host; the upload carries on in a moment (there, if it moved).', {
        'retry-after': HANDOVER_RETRY_AFTER_SECONDS,
        connection: 'close',
      });
      return;
    }
    if (row.state === 'complete') {
      sendJsonError(res, 409, 'invalid_field', 'This upload is complete already.', { 'upload-offset': row.size, connection: 'close' });
      return;
    }
    const offset = Number(req.headers['upload-offset']);
    if (req.headers['upload-offset'] === undefined || !/^\d+$/.test(String(req.headers['upload-offset'])) || !Number.isSafeInteger(offset)) {
      sendJsonError(res, 400, 'invalid_field', 'Send Upload-Offset: the number of bytes the host holds already (HEAD tells).', { connection: 'close' });
      return;
    }
    if (store.busy.has(id)) {
      sendJsonError(res, 409, 'too_many_transfers', 'Another request is sending this upload right now; ask HEAD for the offset once it ends.', {
        'upload-offset': await store.bytesHeld(id),
        connection: 'close',
      });
      return;
    }
    store.busy.add(id);
    try {
      const running = await store.runningHash(id);
      if (offset !== running.bytes) {
        sendJsonError(res, 409, 'invalid_field', `The host holds ${running.bytes} bytes; continue from there.`, { 'upload-offset': running.bytes, connection: 'close' });
        return;
      }
      const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
      if (declared !== undefined && running.bytes + declared > row.size) {
        sendJsonError(res, 413, 'file_too_large', `That would pass the declared size of ${row.size} bytes.`, { 'upload-offset': running.bytes, connection: 'close' });
        return;
      }
      db.files.touch(id);
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, callback: TransformCallback) {
          if (running.bytes + chunk.length > row.size) return callback(new TooLarge());
          running.hash.update(chunk);
          running.bytes += chunk.length;
          callback(null, chunk);
        },
      });
      const out = fs.createWriteStream(store.partPath(id), { flags: 'a' });
      let failure: unknown = null;
      try {
        await pipeline(req, counter, out);
      } catch (error) {
        failure = error;
      }
      if (!out.closed) await once(out, 'close');
      // The hash counted every chunk handed on; if a write failed or was cut,
      // the disk may hold fewer bytes: then re-hash from the disk next time.
      const held = await store.bytesHeld(id);
      if (held !== running.bytes) store.forgetHash(id);
      db.files.touch(id);
      if (failure === null) {
        res.writeHead(204, { 'upload-offset': held, 'cache-control': 'no-store' }).end();
      } else if (failure instanceof TooLarge) {
        sendJsonError(res, 413, 'file_too_large', `That would pass the declared size of ${row.size} bytes.`, { 'upload-offset': held, connection: 'close' });
      } else if ((failure as NodeJS.ErrnoException).code === 'ENOSPC') {
        sendJsonError(res, 507, 'disk_full', 'The host ran out of disk space.', { 'upload-offset': held, connection: 'close' });
      } else {
        // The client went away (or the socket broke): keep what arrived; HEAD tells the offset.
        res.destroy();
      }
    } finally {
      store.busy.delete(id);
    }
  }

  private async download(req: http.IncomingMessage, res: http.ServerResponse, id: string, params: URLSearchParams, headOnly: boolean): Promise<void> {
    const { db, store } = this.deps;
    const ticket = params.get('ticket');
    let userId: number | null;
    if (ticket !== null) {
      userId = verifyTicket(this.deps.ticketSecret, id, ticket);
      if (userId === null) return sendJsonError(res, 403, 'token_invalid', 'This download link is invalid or expired; ask for a new one.');
    } else {
      userId = this.bearerUser(req);
      if (userId === null) return sendJsonError(res, 401, 'token_invalid', 'Send Authorization: Bearer <resume token>, or use a download link (file.ticket).');
    }
    const row = FILE_ID_PATTERN.test(id) ? db.files.byId(id) : undefined;
    if (row && !this.deps.isMember(userId, row.conv)) {
      return sendJsonError(res, 403, 'not_a_member', 'You cannot fetch this file.');
    }
    if (row?.state === 'offered') {
      return sendJsonError(res, 409, 'upload_incomplete', 'The sender is still uploading this file to the host; try again in a moment, or fetch it from the sender directly (file.direct).');
    }
    if (!row || row.state !== 'complete' || row.expiresAt === null || row.expiresAt <= Date.now()) {
      return sendJsonError(res, 404, 'file_not_found', 'No such file, or it has expired.');
    }
    if (this.deps.isMoving(id)) {
      return sendJsonError(res, 503, 'file_unavailable', 'This file is still moving from the previous host of this session; try again in a moment.', {
        'retry-after': MOVING_FILE_RETRY_AFTER_SECONDS,
      });
    }
    const range = requestedRange(req, row.size);
    if (range === 'invalid') return sendRangeNotSatisfiable(res, row.size);
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(store.finalPath(id), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return sendJsonError(res, 404, 'file_not_found', 'No such file, or it has expired.');
      throw error;
    }
    if (!headOnly && row.size > 0) {
      const active = this.downloads.get(userId) ?? 0;
      if (active >= MAX_CONCURRENT_DOWNLOADS_PER_USER) {
        await handle.close();
        return sendJsonError(res, 429, 'too_many_transfers', `At most ${MAX_CONCURRENT_DOWNLOADS_PER_USER} downloads at once; wait for one to finish.`, { 'retry-after': 1 });
      }
      this.downloads.set(userId, active + 1);
      const holder = userId;
      res.once('close', () => {
        const n = (this.downloads.get(holder) ?? 1) - 1;
        if (n <= 0) this.downloads.delete(holder);
        else this.downloads.set(holder, n);
      });
    }
    const inline = params.get('inline') === '1' && INLINE_TYPES.has(row.type);
    await serveByteRange(res, {
      file: handle,
      size: row.size,
      range,
      headOnly,
      headers: {
        'content-type': inline || row.type !== '' ? row.type : 'application/octet-stream',
        'content-disposition': contentDisposition(inline ? 'inline' : 'attachment', row.name),
        etag: `"${row.sha256}"`,
        'x-content-sha256': row.sha256!,
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
        'cache-control': 'private, no-cache',
      },
    });
  }
}
