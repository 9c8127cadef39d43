// Sending a file through the host (PROTOCOL.md, "Upload: file.begin → PUT …
// → file.complete"). The file is streamed from disk with backpressure and
// hashed as it is read. When a PUT or HEAD fails, the shared upload-resume
// policy (src-shared/upload-resume-policy.ts, also the browser uploader's)
// decides: wait and continue from the offset the host reports, or give up.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { nanoid } from 'nanoid';
import type { ChatClient } from '../../src-shared/chat-client.js';
import type { ConversationKey } from '../../src-shared/protocol/conversations.js';
import type { Message } from '../../src-shared/protocol/frames.js';
import { UPLOAD_RESUME_POLICY, UploadResumeTracker, type UploadFailure } from '../../src-shared/upload-resume-policy.js';
import { CHUNK_BYTES, hashFileRange, hashingTap } from './file-hashing.js';
import type { SessionPin } from '../trust/pinned-tls.js';
import { httpError, readSmallBody } from './http-errors.js';
import { pinnedRequest, refusedOr, requirePin } from './pinned-http.js';
import { ProgressMeter, type TransferProgress } from './transfer-progress.js';
import { abortError, isNetworkError, sleep, TransferError } from './transfer-error.js';

export interface UploadOptions {
  client: ChatClient;
  /** http(s)://host:port of the session host. */
  baseUrl: string;
  /** The session's identity: required for an https host (else not_trusted), unused for a --plain one. */
  pin?: SessionPin | null;
  conv: ConversationKey;
  /** File on this machine. */
  path: string;
  /** Name shown to others; default the file's own name. */
  name?: string;
  /** MIME type (sent as file.begin's `mimeType`); the host decides when absent. */
  type?: string;
  /** A small data:image/… preview (file.begin's `thumbnail`). */
  thumbnail?: string;
  /** The caption: the file message's text (file.begin's `text`). */
  text?: string;
  /** An encrypted DM file's envelope (file.begin's `e2e`): `path` is then the ciphertext (encrypted-files.ts). */
  e2e?: string;
  /** Same id again resumes the same upload; default a new one. */
  clientMsgId?: string;
  signal?: AbortSignal;
  /** Also send file.cancel when aborted (the host deletes the partial upload). Default false: stays resumable. */
  cancel?: boolean;
  /** The host's id for the upload, as soon as file.begin answered (to file.cancel it later, after a pause). */
  onBegin?: (fileId: string) => void;
  onProgress?: (p: TransferProgress) => void;
  /** Failures in a row retried before giving up (default UPLOAD_RESUME_POLICY.maxRetries, 5). */
  retries?: number;
}

/** The host's answer to a PUT or HEAD: its status, Upload-Offset and (small) body. */
interface HostAnswer {
  status: number;
  offset: number | null;
  body: string;
}

const succeeded = (answer: HostAnswer) => answer.status === 204 || answer.status === 200;

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
  // Before file.begin: an https host without a pin gets nothing, not even the request.
  requirePin(opts.baseUrl, opts.pin);

  const begin = await client.request('file.begin', {
    conv: opts.conv,
    clientMsgId: opts.clientMsgId ?? `f-${nanoid()}`,
    name: opts.name ?? basename(opts.path),
    size,
    ...(opts.type !== undefined && { mimeType: opts.type }),
    ...(opts.thumbnail !== undefined && { thumbnail: opts.thumbnail }),
    ...(opts.text !== undefined && { text: opts.text }),
    ...(opts.e2e !== undefined && { e2e: opts.e2e }),
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

  const put = (offset: number): Promise<HostAnswer> =>
    new Promise((resolve, reject) => {
      const req = pinnedRequest(uploadUrl, opts.pin, {
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

  const head = (): Promise<HostAnswer> =>
    new Promise((resolve, reject) => {
      const req = pinnedRequest(uploadUrl, opts.pin, { method: 'HEAD', agent: false, signal, headers: auth }, (res) => {
        void readSmallBody(res).then((body) => resolve({ status: res.statusCode ?? 0, offset: header(res.headers['upload-offset']), body }));
      });
      req.on('error', reject);
      req.end();
    });

  const tracker = new UploadResumeTracker(begin.offset, { ...UPLOAD_RESUME_POLICY, ...(opts.retries !== undefined && { maxRetries: opts.retries }) });
  let offset = begin.offset;
  /** The last try failed in a way that leaves the host's offset unknown: HEAD before the next PUT. */
  let askOffset = false;

  /** One try: HEAD first if need be, then PUT the rest. Null when the host took bytes; else how it failed and the error to give up with. */
  const attempt = async (): Promise<{ failure: UploadFailure; problem: TransferError } | null> => {
    if (askOffset) {
      const answer = await head();
      if (!succeeded(answer) || answer.offset === null) {
        return { failure: { status: answer.status, offset: answer.offset }, problem: httpError(answer.status, answer.body, 'upload') };
      }
      offset = answer.offset;
      tracker.heldByHost(offset);
      askOffset = false;
    }
    if (offset > size) throw new TransferError('http_error', `The host holds more bytes (${offset}) than the file has (${size}); the file changed?`);
    await hashUpTo(offset);
    report(meter.reset(offset));
    const result = await put(offset);
    if (succeeded(result)) {
      offset = result.offset ?? size;
      tracker.heldByHost(offset);
      return null;
    }
    const disagrees = result.status === 409 && result.offset !== null;
    return {
      failure: { status: result.status, offset: result.offset },
      problem: disagrees ? new TransferError('http_error', 'The host kept disagreeing about how much of the file it holds.') : httpError(result.status, result.body, 'upload'),
    };
  };

  try {
    for (;;) {
      if (signal?.aborted) throw abortError(signal);
      let failed: Awaited<ReturnType<typeof attempt>>;
      try {
        failed = await attempt();
      } catch (caught) {
        if (signal?.aborted) throw abortError(signal);
        const error = refusedOr(caught, opts.pin);
        if (!isNetworkError(error)) throw error;
        const problem = new TransferError('host_unreachable', `The connection to the host kept failing while sending ${basename(opts.path)}; it can be resumed.`, true, { cause: error });
        failed = { failure: { status: 0, offset: null }, problem };
      }
      if (!failed) {
        if (offset >= size) break;
        continue; // the host took part of the body: send the rest
      }
      const step = tracker.failed(failed.failure);
      if (step.action === 'give-up') throw failed.problem;
      await sleep(step.delayMs, signal);
      if (step.action === 'continue') {
        offset = step.offset;
        tracker.heldByHost(offset);
      } else {
        askOffset = true;
      }
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
