// Serving a file, or one byte range of it, over HTTP (RFC 9110 §14): the
// host's downloads (/api/files/<id>) and the sender's offer server
// (/offers/<id>) both answer 200 with the whole file, 206 with a range
// (Content-Range), or 416 when the range is outside the file — and stream the
// bytes from disk with backpressure, never holding the file in memory. A
// receiver whose connection was cut resumes with `Range: bytes=N-`.
//
// Only a single range is served: a multi-range request (`bytes=0-1,5-9`) is
// answered 416 rather than with multipart/byteranges (no Parley client sends
// one, and a resuming download manager asks for one open-ended range).
import type fs from 'node:fs';
import type http from 'node:http';
import { pipeline } from 'node:stream/promises';
import { sendJsonError, type ExtraHeaders } from './json-errors.js';

/** Bytes `start` to `end` of a file, both included (as in Content-Range). */
export interface ByteRange {
  start: number;
  end: number;
}

/** Parses a single `bytes=` range against `size`; null = ignore the header, 'invalid' = 416. */
export function parseRange(header: string | undefined, size: number): ByteRange | null | 'invalid' {
  if (header === undefined) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return 'invalid';
  if (match[1] === '') {
    // bytes=-N: the last N bytes
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return 'invalid';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (!Number.isSafeInteger(start) || start >= size || end < start) return 'invalid';
  return { start, end };
}

/**
 * The part of a `size`-byte file that `req` asks for: null for all of it, a
 * range, or 'invalid' (answer 416). With `etag`, an `If-Range` naming any
 * other version makes the Range header ignored (the whole file is sent: the
 * receiver's partial copy is of something else). Without it, If-Range is not
 * looked at.
 */
export function requestedRange(req: http.IncomingMessage, size: number, options: { etag?: string } = {}): ByteRange | null | 'invalid' {
  const range = parseRange(typeof req.headers.range === 'string' ? req.headers.range : undefined, size);
  if (range === null || options.etag === undefined) return range;
  const ifRange = req.headers['if-range'];
  return ifRange === undefined || ifRange === options.etag ? range : null;
}

/** The 416 answer: JSON `invalid_field`, and `Content-Range: bytes *\/size` as RFC 9110 asks. */
export function sendRangeNotSatisfiable(res: http.ServerResponse, size: number): void {
  sendJsonError(res, 416, 'invalid_field', `That range is not within the file's ${size} bytes.`, { 'content-range': `bytes */${size}` });
}

export interface ServeByteRangeOptions {
  /** The open file. It is closed here on every path, including errors. */
  file: fs.promises.FileHandle;
  /** Its size (the caller checked it: the served length follows from it). */
  size: number;
  /** What to send: a range (206) or null for the whole file (200). */
  range: ByteRange | null;
  /** Headers describing the file (Content-Type, ETag, Content-Disposition…); Content-Length, Accept-Ranges and Content-Range are added. */
  headers: ExtraHeaders;
  /** Headers only (HEAD). */
  headOnly: boolean;
  /** Bytes read from disk at a time (default: Node's 64 KiB). */
  highWaterMark?: number;
  /** Called with each chunk's length as it is handed to the response. */
  onChunk?: (bytes: number) => void;
}

/**
 * Answers 200 or 206 and streams the bytes (none for HEAD or an empty file).
 * Resolves once the response has ended or was cut: a cut is normal (the
 * receiver resumes with Range), so it is not an error — the response is
 * destroyed and nothing is logged.
 */
export async function serveByteRange(res: http.ServerResponse, options: ServeByteRangeOptions): Promise<void> {
  const { file, size, range } = options;
  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  res.writeHead(range ? 206 : 200, {
    ...options.headers,
    'content-length': Math.max(0, end - start + 1),
    'accept-ranges': 'bytes',
    ...(range && { 'content-range': `bytes ${start}-${end}/${size}` }),
  });
  if (options.headOnly || size === 0) {
    res.end();
    await file.close().catch(() => undefined);
    return;
  }
  const stream = file.createReadStream({ start, end, autoClose: true, ...(options.highWaterMark !== undefined && { highWaterMark: options.highWaterMark }) });
  const { onChunk } = options;
  if (onChunk) stream.on('data', (chunk: string | Buffer) => onChunk(chunk.length));
  try {
    await pipeline(stream, res);
  } catch {
    res.destroy();
  }
}
