// Download tickets (PROTOCOL.md, "Download"): a browser's download manager
// cannot send an Authorization header, so `file.ticket` hands out a short-lived
// URL `/api/files/<id>?ticket=<userId>.<expiresAt>.<hmac>`. The HMAC-SHA256
// covers `${fileId}.${userId}.${expiresAt}`, keyed by a random secret the host
// keeps in its meta table (so tickets survive a restart, and nobody can forge one).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { FILE_TICKET_TTL_MS } from '../../src-shared/limits.js';

const SECRET_META_KEY = 'file_ticket_secret';

export interface MetaStore {
  getMeta(key: string): string | undefined;
  setMeta(key: string, value: string): void;
}

/** The session's ticket secret, created on first use. */
export function ticketSecret(meta: MetaStore): Buffer {
  let secret = meta.getMeta(SECRET_META_KEY);
  if (!secret) {
    secret = randomBytes(32).toString('base64url');
    meta.setMeta(SECRET_META_KEY, secret);
  }
  return Buffer.from(secret, 'base64url');
}

const sign = (secret: Buffer, fileId: string, userId: number, expiresAt: number) =>
  createHmac('sha256', secret).update(`${fileId}.${userId}.${expiresAt}`).digest();

/** A ticket letting `userId` fetch `fileId` until `expiresAt` (ms). */
export function issueTicket(secret: Buffer, fileId: string, userId: number, now = Date.now()): { ticket: string; expiresAt: number } {
  const expiresAt = now + FILE_TICKET_TTL_MS;
  return { ticket: `${userId}.${expiresAt}.${sign(secret, fileId, userId, expiresAt).toString('base64url')}`, expiresAt };
}

/** The user a ticket was issued to, or null when it is malformed, forged, for another file, or expired. */
export function verifyTicket(secret: Buffer, fileId: string, ticket: string, now = Date.now()): number | null {
  const match = /^([1-9][0-9]{0,15})\.([0-9]{1,16})\.([A-Za-z0-9_-]{43})$/.exec(ticket);
  if (!match) return null;
  const userId = Number(match[1]);
  const expiresAt = Number(match[2]);
  if (!Number.isSafeInteger(userId) || !Number.isSafeInteger(expiresAt) || expiresAt <= now) return null;
  const given = Buffer.from(match[3]!, 'base64url');
  const expected = sign(secret, fileId, userId, expiresAt);
  return given.length === expected.length && timingSafeEqual(given, expected) ? userId : null;
}

/**
 * Direct transfer (PROTOCOL.md, "Direct transfer"): the offer id at the end of
 * a sender URL (http://…/offers/<id>), or null. Tickets for an offer are
 * issueTicket(offerKey, offerId, userId): HMAC over `${offerId}.${userId}.${expiresAt}`.
 */
export function offerIdFromUrl(url: string): string | null {
  return /\/offers\/([A-Za-z0-9_-]{22,64})$/.exec(url)?.[1] ?? null;
}

/** A ticket for a direct offer: `${userId}.${expiresAt}.${hex HMAC-SHA256(offerKey, `${offerId}.${userId}.${expiresAt}`)}`. */
export function issueOfferTicket(offerKey: Buffer, offerId: string, userId: number, now = Date.now()): { ticket: string; expiresAt: number } {
  const expiresAt = now + FILE_TICKET_TTL_MS;
  return { ticket: `${userId}.${expiresAt}.${createHmac('sha256', offerKey).update(`${offerId}.${userId}.${expiresAt}`).digest('hex')}`, expiresAt };
}
