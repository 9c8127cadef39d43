// The successor's HTTP to the old host during a hand-over: GETs and one POST
// under /api/handover/<id>/ (host/handover/handover-http.ts), over TLS pinned
// to the session identity the successor already trusts — the same pin its chat
// connection uses — with the hand-over secret as a Bearer header.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { pinnedTlsOptions, type SessionPin } from '../trust/pinned-tls.js';

/** No byte for this long on a hand-over request: it failed (the old host is gone or stuck). */
const IDLE_TIMEOUT_MS = 30_000;

export class HandOverFetchError extends Error {
  override name = 'HandOverFetchError';
  constructor(
    message: string,
    /** The HTTP status, or 0 when the connection failed. */
    readonly status: number,
  ) {
    super(message);
  }
}

export interface HandOverSource {
  /** https://HOST:PORT of the old host. */
  origin: string;
  handover: string;
  secret: string;
  /** null only for a session run with --plain (http). */
  pin: SessionPin | null;
}

/** GET /api/handover/<id>/<part>: the response, once its status is 200. */
export function handOverGet(source: HandOverSource, part: string): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(source, 'GET', part, (res) => {
      if (res.statusCode === 200) return resolve(res);
      res.resume();
      reject(new HandOverFetchError(`The old host answered ${res.statusCode} for ${part}.`, res.statusCode ?? 0));
    });
    req.on('error', (error) => reject(new HandOverFetchError(`Could not fetch ${part} from the old host: ${error.message}`, 0)));
    req.end();
  });
}

/** Fetches `part` into `file` (created, 0600) and returns its size and SHA-256. */
export async function handOverDownload(source: HandOverSource, part: string, file: string): Promise<{ size: number; sha256: string }> {
  const res = await handOverGet(source, part);
  const hash = createHash('sha256');
  let size = 0;
  await pipeline(
    res,
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        size += chunk.length;
        yield chunk;
      }
    },
    fs.createWriteStream(file, { mode: 0o600, flags: 'wx' }),
  );
  return { size, sha256: hash.digest('hex') };
}

/** POST /api/handover/<id>/done: every file has arrived, the old host may stop. */
export function handOverDone(source: HandOverSource): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(source, 'POST', 'done', (res) => {
      res.resume();
      if (res.statusCode === 204) resolve();
      else reject(new HandOverFetchError(`The old host answered ${res.statusCode} to "done".`, res.statusCode ?? 0));
    });
    req.on('error', (error) => reject(new HandOverFetchError(`Could not tell the old host the files arrived: ${error.message}`, 0)));
    req.end();
  });
}

function request(source: HandOverSource, method: string, part: string, onResponse: (res: http.IncomingMessage) => void): http.ClientRequest {
  const url = new URL(`/api/handover/${encodeURIComponent(source.handover)}/${part}`, source.origin);
  const options: https.RequestOptions = { method, headers: { authorization: `Bearer ${source.secret}` }, agent: false, timeout: IDLE_TIMEOUT_MS };
  const req = url.protocol === 'https:' ? https.request(url, { ...options, ...pinnedTlsOptions(requirePin(source)) }, onResponse) : http.request(url, options, onResponse);
  req.on('timeout', () => req.destroy(new Error(`no answer for ${IDLE_TIMEOUT_MS / 1000} s`)));
  return req;
}

function requirePin(source: HandOverSource): SessionPin {
  if (!source.pin) throw new TypeError('An https hand-over needs the session identity to pin.');
  return source.pin;
}
