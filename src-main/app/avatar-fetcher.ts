// avatar:get — the desktop window's avatar pictures. The sandboxed window
// never connects to a LAN address (DESIGN.md), so main fetches
// GET <host>/api/avatars/<hash> (PROTOCOL.md, "Avatar images") itself, over
// TLS pinned to the session's identity exactly like its chat socket and file
// transfers (transfer/pinned-http.ts: no pin, no connection). What comes back
// is checked before the window sees a byte of it:
//   - at most AVATAR_MAX_BYTES (a longer answer is cut off and refused);
//   - PNG, JPEG or WebP by its first bytes (avatar-image.ts), and the
//     Content-Type the host declared says the same;
//   - its SHA-256 is the hash asked for. The hash names the content, so a
//     picture kept by hash is right for every session and never goes stale.
// Kept in memory by hash, least recently asked for dropped first past
// AVATAR_MEMORY_CACHE_MAX_BYTES; answers in flight are shared. A 404 is null
// (its owner changed it; the window shows initials), and is not kept. At most
// AVATAR_FETCHES_AT_ONCE fetches run at a time; the others wait in order.
import { createHash } from 'node:crypto';
import type http from 'node:http';
import { checkAvatarImage } from '../../src-shared/avatar-image.js';
import { AVATAR_HASH_PATTERN, type AvatarImage, type AvatarRequest } from '../../src-shared/ipc/ipc-contract.js';
import { IpcError } from '../../src-shared/ipc/ipc-errors.js';
import { AVATAR_FETCHES_AT_ONCE, AVATAR_FETCH_TIMEOUT_MS, AVATAR_MAX_BYTES, AVATAR_MEMORY_CACHE_MAX_BYTES } from '../../src-shared/limits.js';
import { pinnedRequest, refusedOr, type PinLookup } from '../transfer/pinned-http.js';

export interface AvatarFetcherOptions {
  /** The pin of the session at a host URL (TrustService.pinForUrl). */
  pinFor: PinLookup;
  /** Tests: a smaller cache. */
  cacheMaxBytes?: number;
  timeoutMs?: number;
  log?: (line: string) => void;
}

const kib = (bytes: number) => `${Math.round(bytes / 1024)} KiB`;

export class AvatarFetcher {
  /** hash → picture; Map order is recency (re-inserted on every hit). */
  private readonly cache = new Map<string, AvatarImage>();
  private cachedBytes = 0;
  private readonly inFlight = new Map<string, Promise<AvatarImage | null>>();
  /** Fetches running, and the turns of those waiting (oldest first). */
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly cacheMaxBytes: number;
  private readonly timeoutMs: number;
  private readonly log: (line: string) => void;

  constructor(private readonly options: AvatarFetcherOptions) {
    this.cacheMaxBytes = options.cacheMaxBytes ?? AVATAR_MEMORY_CACHE_MAX_BYTES;
    this.timeoutMs = options.timeoutMs ?? AVATAR_FETCH_TIMEOUT_MS;
    this.log = options.log ?? (() => {});
  }

  async get({ hostHttpBase, hash }: AvatarRequest): Promise<AvatarImage | null> {
    // The contract's schema refuses this already; checked again because the hash goes into a URL.
    if (!AVATAR_HASH_PATTERN.test(hash)) throw new IpcError('invalid_payload', "That is not an avatar's hash (64 lowercase hex digits, as in UserInfo.avatar).");
    const cached = this.cache.get(hash);
    if (cached) {
      this.cache.delete(hash);
      this.cache.set(hash, cached);
      return copy(cached);
    }
    let pending = this.inFlight.get(hash);
    if (!pending) {
      pending = this.inTurn(() => this.fetch(hostHttpBase, hash)).finally(() => this.inFlight.delete(hash));
      this.inFlight.set(hash, pending);
    }
    const image = await pending;
    return image && copy(image);
  }

  /** Runs `work` once fewer than AVATAR_FETCHES_AT_ONCE fetches run; a finished one hands its turn to the oldest waiting. */
  private async inTurn<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < AVATAR_FETCHES_AT_ONCE) this.running++;
    else await new Promise<void>((turn) => this.waiting.push(turn));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** Bytes kept now (tests). */
  get memoryBytes(): number {
    return this.cachedBytes;
  }

  private async fetch(hostHttpBase: string, hash: string): Promise<AvatarImage | null> {
    const url = new URL(`/api/avatars/${hash}`, hostHttpBase);
    const pin = this.options.pinFor(url.href);
    let answer: { status: number; type: string; bytes: Buffer };
    try {
      answer = await this.request(url, pin);
    } catch (error) {
      if (error instanceof IpcError) throw error;
      const refused = refusedOr(error, pin);
      const why = refused instanceof Error ? refused.message : String(refused);
      this.log(`avatar: could not fetch one from ${url.host}: ${why}`);
      throw new IpcError('avatar_unavailable', `Could not fetch the picture from ${url.host}: ${why}`);
    }
    if (answer.status === 404) return null;
    if (answer.status !== 200) throw new IpcError('avatar_unavailable', `The host answered ${answer.status} for a picture; it shows as initials.`);
    const check = checkAvatarImage(answer.bytes);
    if (!check.ok) throw this.invalid(url, `not an avatar picture (${check.message})`);
    if (answer.type !== check.type) throw this.invalid(url, `it said ${answer.type || 'no type'} but sent ${check.type}`);
    if (createHash('sha256').update(answer.bytes).digest('hex') !== hash) throw this.invalid(url, 'its bytes are not the picture asked for');
    const image: AvatarImage = { type: check.type, bytes: new Uint8Array(answer.bytes) };
    this.keep(hash, image);
    return image;
  }

  private invalid(url: URL, why: string): IpcError {
    this.log(`avatar: refused what ${url.host} sent: ${why}`);
    return new IpcError('avatar_invalid', `The host sent something that is not that picture: ${why}. It shows as initials.`);
  }

  private keep(hash: string, image: AvatarImage): void {
    if (image.bytes.byteLength > this.cacheMaxBytes) return;
    this.cache.set(hash, image);
    this.cachedBytes += image.bytes.byteLength;
    for (const [oldest, old] of this.cache) {
      if (this.cachedBytes <= this.cacheMaxBytes) break;
      this.cache.delete(oldest);
      this.cachedBytes -= old.bytes.byteLength;
    }
  }

  /** One GET, read up to AVATAR_MAX_BYTES: a longer answer (declared or sent) is cut off and refused. */
  private request(url: URL, pin: ReturnType<PinLookup>): Promise<{ status: number; type: string; bytes: Buffer }> {
    return new Promise((resolve, reject) => {
      const tooLarge = (size: number) =>
        this.invalid(url, `${kib(size)} is over the ${kib(AVATAR_MAX_BYTES)} an avatar may be`);
      const onResponse = (res: http.IncomingMessage) => {
        const status = res.statusCode ?? 0;
        const type = String(res.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        if (status !== 200) {
          res.resume();
          resolve({ status, type, bytes: Buffer.alloc(0) });
          return;
        }
        const declared = Number(res.headers['content-length'] ?? NaN);
        if (declared > AVATAR_MAX_BYTES) {
          req.destroy();
          reject(tooLarge(declared));
          return;
        }
        const chunks: Buffer[] = [];
        let length = 0;
        res.on('data', (chunk: Buffer) => {
          length += chunk.length;
          if (length > AVATAR_MAX_BYTES) {
            req.destroy();
            reject(tooLarge(length));
            return;
          }
          chunks.push(chunk);
        });
        res.once('end', () => resolve({ status, type, bytes: Buffer.concat(chunks) }));
        res.once('error', reject);
      };
      let req: http.ClientRequest;
      try {
        req = pinnedRequest(url, pin, { method: 'GET', agent: false, timeout: this.timeoutMs }, onResponse);
      } catch (error) {
        // No pin for an https host: not trusted yet (transfer/pinned-http.ts).
        reject(error);
        return;
      }
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.timeoutMs / 1000} s`)));
      req.on('error', reject);
      req.end();
    });
  }
}

/** A fresh copy for each answer: what crosses to the window is never the cached buffer itself. */
function copy(image: AvatarImage): AvatarImage {
  return { type: image.type, bytes: image.bytes.slice() };
}
