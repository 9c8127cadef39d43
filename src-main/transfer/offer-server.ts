// Direct transfer, sender side (PROTOCOL.md, "Direct transfer"): a small HTTPS
// server in the sender's main process serving offered files straight from
// disk. It presents the sender's own device identity (a key and self-signed
// certificate made once, like a session's: trust/session-identity.ts); the
// sender tells the host its fingerprint in file.offer and receivers connect
// only to a server presenting it (direct-download.ts). Each offer has an unguessable id and its own random key; the host
// hands members a ticket `<userId>.<expiresAt>.<hmac>` where the HMAC-SHA256
// (keyed by the offer key) covers `${offerId}.${userId}.${expiresAt}`. Files
// are streamed (Range supported), never read whole into memory.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { sanitizeFileName } from '../../src-shared/file-names.js';
import { requestedRange, sendRangeNotSatisfiable, serveByteRange } from '../http/byte-ranges.js';
import { contentDisposition } from '../http/content-disposition.js';
import { sendJsonError } from '../http/json-errors.js';
import { lanAddresses, urlFor } from '../http/lan-addresses.js';
import { CHUNK_BYTES } from './file-hashing.js';

/** Streams served at once by one OfferServer; more get 429. */
export const OFFER_MAX_STREAMS = 8;

export interface OfferFile {
  /** The file on the sender's disk. */
  path: string;
  size: number;
  /** Lower-case hex SHA-256 of the content. */
  sha256: string;
  name: string;
  mimeType?: string;
}

export interface Offer {
  offerId: string;
  /** base64url of 32 random bytes: goes to the host in file.offer, never to other clients. */
  key: string;
}

/** The key and certificate the offer server presents (trust/session-identity.ts) and its fingerprint. */
export interface DeviceIdentity {
  keyPem: string;
  certPem: string;
  fingerprint: string;
}

export interface OfferServerOptions {
  /** This device's identity: the server serves TLS with it. */
  identity: DeviceIdentity;
  /** Port to listen on (default 0: any free port). */
  port?: number;
  /** Address to bind (default all interfaces). */
  host?: string;
  /** Addresses put into urls() (default: this machine's LAN IPv4 addresses). */
  addresses?: () => string[];
  maxStreams?: number;
}

interface Registered extends OfferFile {
  key: Buffer;
}

const OFFER_ID_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

/** The user a ticket was issued to, or null when malformed, forged, for another offer, or expired. */
export function verifyOfferTicket(key: Buffer, offerId: string, ticket: string, now = Date.now()): number | null {
  const match = /^([1-9][0-9]{0,15})\.([0-9]{1,16})\.([0-9a-fA-F]{64}|[A-Za-z0-9_-]{43})$/.exec(ticket);
  if (!match) return null;
  const userId = Number(match[1]);
  const expiresAt = Number(match[2]);
  if (!Number.isSafeInteger(userId) || !Number.isSafeInteger(expiresAt) || expiresAt <= now) return null;
  const mac = match[3]!;
  const given = mac.length === 64 ? Buffer.from(mac, 'hex') : Buffer.from(mac, 'base64url');
  const expected = createHmac('sha256', key).update(`${offerId}.${userId}.${expiresAt}`).digest();
  return given.length === expected.length && timingSafeEqual(given, expected) ? userId : null;
}

export class OfferServer {
  private readonly server: https.Server;
  private readonly offers = new Map<string, Registered>();
  private readonly maxStreams: number;
  private streams = 0;
  /** Bytes sent in file bodies (for tests and the bench). */
  bytesServed = 0;
  /** HTTP requests received (tests: a refused receiver sends none). */
  requestsSeen = 0;

  constructor(private readonly options: OfferServerOptions) {
    this.maxStreams = options.maxStreams ?? OFFER_MAX_STREAMS;
    this.server = https.createServer({ key: options.identity.keyPem, cert: options.identity.certPem }, (req, res) => {
      this.requestsSeen++;
      // Once the bytes have started there is nothing to say any more: sendJsonError then cuts the connection.
      this.handle(req, res).catch(() => sendJsonError(res, 500, 'server_error', 'The sender could not read this file.'));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, this.options.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return this;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  register(file: OfferFile): Offer {
    const offerId = randomBytes(16).toString('base64url');
    const key = randomBytes(32);
    this.offers.set(offerId, { ...file, key });
    return { offerId, key: key.toString('base64url') };
  }

  unregister(offerId: string): void {
    this.offers.delete(offerId);
  }

  /** The fingerprint of the key this server presents: file.offer's `offer.identity`. */
  get identity(): string {
    return this.options.identity.fingerprint;
  }

  /** https://<each address>:<port>/offers/<id>, for file.offer. */
  urls(offerId: string): string[] {
    const addresses = (this.options.addresses ?? (() => lanAddresses().filter((a) => !a.includes(':'))))();
    return addresses.map((a) => `${urlFor(a, this.port, 'https')}offers/${offerId}`);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://offer.invalid');
    const match = /^\/offers\/([^/]+)$/.exec(url.pathname);
    if (!match) return sendJsonError(res, 404, 'file_not_found', 'Nothing here.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJsonError(res, 405, 'invalid_field', 'Use GET or HEAD.', { allow: 'GET, HEAD' });
    const offerId = match[1]!;
    const offer = OFFER_ID_PATTERN.test(offerId) ? this.offers.get(offerId) : undefined;
    const ticket = url.searchParams.get('ticket') ?? '';
    // An unknown offer and a bad ticket look the same: nothing to learn by guessing.
    if (!offer || verifyOfferTicket(offer.key, offerId, ticket) === null) {
      return sendJsonError(res, 403, 'token_invalid', 'This download link is invalid or expired; ask the host for a new one (file.direct).');
    }
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(offer.path, 'r');
    } catch {
      return sendJsonError(res, 410, 'file_changed', 'The sender no longer has this file; fetch it from the host.');
    }
    let handed = false;
    try {
      const stat = await handle.stat();
      if (!stat.isFile() || stat.size !== offer.size) {
        return sendJsonError(res, 410, 'file_changed', 'The file changed on the sender’s disk since it was offered; fetch it from the host.');
      }
      const range = requestedRange(req, offer.size, { etag: `"${offer.sha256}"` });
      if (range === 'invalid') return sendRangeNotSatisfiable(res, offer.size);
      if (req.method === 'GET' && this.streams >= this.maxStreams) {
        return sendJsonError(res, 429, 'too_many_transfers', 'The sender is serving too many downloads; try again shortly.', { 'retry-after': 1 });
      }
      const headOnly = req.method === 'HEAD';
      const streaming = !headOnly && offer.size > 0;
      handed = true;
      if (streaming) this.streams++;
      try {
        await serveByteRange(res, {
          file: handle,
          size: offer.size,
          range,
          headOnly,
          highWaterMark: CHUNK_BYTES,
          onChunk: (bytes) => {
            this.bytesServed += bytes;
          },
          headers: {
            'content-type': offer.mimeType ?? 'application/octet-stream',
            'content-disposition': contentDisposition('attachment', sanitizeFileName(offer.name)),
            etag: `"${offer.sha256}"`,
            'x-content-sha256': offer.sha256,
            'cache-control': 'no-store',
          },
        });
      } finally {
        if (streaming) this.streams--;
      }
    } finally {
      if (!handed) await handle.close().catch(() => undefined);
    }
  }
}
