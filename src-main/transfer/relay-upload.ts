// Sending a file through the host (PROTOCOL.md, "Upload: file.begin → PUT …
// → file.complete"). The file is streamed from disk with backpressure and
// hashed as it is read; a cut connection or a 409 is resumed from the offset
// the host reports (HEAD), with a bounded number of retries.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import http from 'node:http';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { nanoid } from 'nanoid';
import type { ChatClient } from '../../src-shared/chat-client.js';
import type { ConversationKey } from '../../src-shared/protocol/conversations.js';
import type { Message } from '../../src-shared/protocol/frames.js';
import { CHUNK_BYTES, hashFileRange, hashingTap } from './file-hashing.js';
import { httpError, readSmallBody } from './http-errors.js';
import { ProgressMeter, type TransferProgress } from './transfer-progress.js';
import { abortError, isNetworkError, sleep, TransferError } from './transfer-error.js';

export interface UploadOptions {
  client: ChatClient;
  /** http://host:port of the session host. */
  baseUrl: string;
  conv: ConversationKey;
  /** File on this machine. */
  path: string;
  /** Name shown to others; default the file's own name. */
  name?: string;
  /** MIME type (sent as file.begin's `mimeType`); the host decides when absent. */
  type?: string;
  /** A small data:image/… preview (file.begin's `thumbnail`). */
  thumbnail?: string;
  /** Same id again resumes the same upload; default a new one. */
  clientMsgId?: string;
  signal?: AbortSignal;
  /** Also send file.cancel when aborted (the host deletes the partial upload). Default false: stays resumable. */
  cancel?: boolean;
  /** The host's id for the upload, as soon as file.begin answered (to file.cancel it later, after a pause). */
  onBegin?: (fileId: string) => void;
  onProgress?: (p: TransferProgress) => void;
  /** Network failures retried before giving up (default 5); backoff 250 ms doubling up to 5 s. */
  retries?: number;
}

interface PutResult {
  status: number;
  offset: number | null;
  body: string;
}

const header = (value: string | string[] | undefined): number | null => {
  const n = Number(Array.isArray(value) ? value[0] : value);
  return value !== undefined && Number.isSafeInteger(n) && n >= 0 ? n : null;
};

/** Uploads `path` to conversation `conv` and resolves with the file message the host stored. */
export async function uploadFile(opts: UploadOptions): Promise<Message> {
  const { client, signal } = opts;
  if (signal?.aborted) throw abortError(signal);
  const stat = await fsp.stat(opts.path);
  if (!stat.isFile()) throw new TransferError('io_error', `${opts.path} is not a file.`);
  const size = stat.size;
  const token = client.token;
  if (!token) throw new TransferError('unauthorized', 'Sign in before sending files.');

  const begin = await client.request('file.begin', {
    conv: opts.conv,
    clientMsgId: opts.clientMsgId ?? `f-${nanoid()}`,
    name: opts.name ?? basename(opts.path),
    size,
    ...(opts.type !== undefined && { mimeType: opts.type }),
    ...(opts.thumbnail !== undefined && { thumbnail: opts.thumbnail }),
  });
  opts.onBegin?.(begin.fileId);
  const uploadUrl = new URL(begin.uploadUrl, opts.baseUrl);
  const auth = { Authorization: `Bearer ${token}` };
  const meter = new ProgressMeter(size, begin.offset);
  const report = (p: TransferProgress) => opts.onProgress?.(p);

  // The hash covers bytes [0, hashedTo) of the file, in order.
  let hash: Hash = createHash('sha256');
  let hashedTo = 0;
  const hashUpTo = async (target: number) => {
    if (target < hashedTo) {
      hash = createHash('sha256');
      hashedTo = 0;
    }
    await hashFileRange(opts.path, hash, hashedTo, target, signal);
    hashedTo = target;
  };

  const put = (offset: number): Promise<PutResult> =>
    new Promise((resolve, reject) => {
      const req = http.request(uploadUrl, {
        method: 'PUT',
        agent: false,
        signal,
        headers: { ...auth, 'Upload-Offset': String(offset), 'Content-Type': 'application/octet-stream', 'Content-Length': String(size - offset) },
      });
      let answered = false;
      req.on('response', (res) => {
        answered = true;
        void readSmallBody(res).then((body) => {
          resolve({ status: res.statusCode ?? 0, offset: header(res.headers['upload-offset']), body });
          req.destroy();
        });
      });
      req.on('error', (error) => {
        if (!answered) reject(error);
      });
      if (offset >= size) {
        req.end();
        return;
      }
      const tap = hashingTap(hash, (n) => {
        hashedTo += n;
        report(meter.add(n));
      });
      pipeline(createReadStream(opts.path, { start: offset, end: size - 1, highWaterMark: CHUNK_BYTES }), tap, req).catch((error: unknown) => {
        if (!answered) reject(error instanceof Error ? error : new Error(String(error)));
      });
    });

  const head = (): Promise<number> =>
    new Promise((resolve, reject) => {
      const req = http.request(uploadUrl, { method: 'HEAD', agent: false, signal, headers: auth }, (res) => {
        void readSmallBody(res).then((body) => {
          const offset = header(res.headers['upload-offset']);
          if ((res.statusCode === 204 || res.statusCode === 200) && offset !== null) resolve(offset);
          else reject(httpError(res.statusCode ?? 0, body, 'upload'));
        });
      });
      req.on('error', reject);
      req.end();
    });

  const retries = opts.retries ?? 5;
  let failures = 0;
  let offset = begin.offset;
  try {
    for (;;) {
      if (signal?.aborted) throw abortError(signal);
      let result: PutResult | null = null;
      try {
        if (offset > size) throw new TransferError('http_error', `The host holds more bytes (${offset}) than the file has (${size}); the file changed?`);
        await hashUpTo(offset);
        report(meter.reset(offset));
        result = await put(offset);
      } catch (error) {
        if (signal?.aborted) throw abortError(signal);
        if (!isNetworkError(error)) throw error;
        if (++failures > retries) {
          throw new TransferError('host_unreachable', `The connection to the host kept failing while sending ${basename(opts.path)}; it can be resumed.`, true, { cause: error });
        }
        await sleep(Math.min(5000, 250 * 2 ** (failures - 1)), signal);
        // Where to continue: ask the host (it may itself be unreachable for a while).
        try {
          offset = await head();
        } catch (headError) {
          if (headError instanceof TransferError || !isNetworkError(headError)) throw headError;
        }
        continue;
      }
      if (result.status === 204 || result.status === 200) {
        offset = result.offset ?? size;
        if (offset >= size) break;
        continue; // the host took part of the body: send the rest
      }
      if (result.status === 409 && result.offset !== null) {
        if (++failures > retries) throw new TransferError('http_error', 'The host kept disagreeing about how much of the file it holds.');
        offset = result.offset;
        continue;
      }
      throw httpError(result.status, result.body, 'upload');
    }
    await hashUpTo(size);
    report(meter.reset(size));
    const done = await client.request('file.complete', { fileId: begin.fileId, sha256: hash.digest('hex') });
    return done.message;
  } catch (error) {
    if (signal?.aborted) {
      if (opts.cancel) await client.request('file.cancel', { fileId: begin.fileId }).catch(() => undefined);
      throw abortError(signal);
    }
    throw error;
  }
}
