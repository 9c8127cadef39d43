// Finding a session again after its host vanished (crashed, powered off, got
// a new DHCP address) and came back somewhere else: among what discovery
// sees, the record with the SAME session id AND the SAME identity
// fingerprint as the session the client was talking to, at an address the
// client is not already trying. Pure, shared by the desktop renderer (which
// then asks main to verify and pin the address: trust:follow) and the
// terminal client (src-main/discovery/session-follower.ts).
//
// What this decides is only "worth checking": an mDNS record is
// unauthenticated, so a spoof may carry the real session's id and
// fingerprint. The caller then reads the certificate at the new address and
// follows only when the host there proves it holds the session's key (the
// pinned TLS handshake). A record with the same id but another fingerprint is
// never even checked: that is a different session (or a spoof) claiming the
// name, and a client must not move its sign-in there.
//
// A host run with --plain announces no identity and is never followed: there
// is nothing to prove it is the same session.
import type { DiscoveredSession } from './ipc/ipc-contract.js';

export interface MovedSessionQuery {
  /** The session id the client signed in to (SessionInfo.id). */
  sessionId: string;
  /** The identity the client pinned for it (64 hex digits). */
  fingerprint: string;
  /** The wss:// URL the client is trying now. */
  url: string;
}

/** Host (lower case, IPv6 without brackets) and port of a ws(s):// URL; null when it is not one. */
export function socketUrlAddress(url: string): { host: string; port: number } | null {
  const match = /^(wss?):\/\/(\[[^\]]+\]|[^/:?#]+)(?::(\d{1,5}))?(?:[/?#]|$)/i.exec(url);
  if (!match) return null;
  const host = match[2]!.replace(/^\[|\]$/g, '').toLowerCase();
  const port = match[3] !== undefined ? Number(match[3]) : match[1]!.toLowerCase() === 'wss' ? 443 : 80;
  return { host, port };
}

/**
 * The discovered session that is the same session at another address, or
 * null. A record that also lists the address being tried (same port) is the
 * same place, not a move: the client's own reconnecting covers it.
 */
export function findMovedSession(sessions: readonly DiscoveredSession[], query: MovedSessionQuery): DiscoveredSession | null {
  const current = socketUrlAddress(query.url);
  if (!current) return null;
  for (const session of sessions) {
    if (session.id !== query.sessionId) continue;
    if (session.identity === undefined || session.identity !== query.fingerprint) continue;
    if (!session.url.startsWith('wss:')) continue;
    const samePlace = session.port === current.port && session.addresses.some((address) => address.toLowerCase() === current.host);
    if (samePlace) continue;
    return session;
  }
  return null;
}

/** "192.168.1.20:47800" (or "[fe80::1]:47800") for a ws(s):// URL, as people read an address; the URL itself when it is not one. */
export function socketUrlLabel(url: string): string {
  const address = socketUrlAddress(url);
  if (!address) return url;
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}
