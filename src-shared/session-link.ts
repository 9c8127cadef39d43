// The share link (PROTOCOL.md, "Session identity"): the page address of a
// session with its identity in the fragment, https://HOST:PORT/#fp=<64 hex>.
// A fragment never leaves the browser (it is not part of the request), so
// the host learns nothing from it; what reads it is the desktop app's "Join
// by address" (and a QR code scanned into it), which then pins exactly that
// identity instead of trusting whatever answers at the address.
import { isFingerprint, type SessionFingerprint } from './session-identity.js';

/** The fragment key that carries the session identity. */
export const SESSION_LINK_FP_KEY = 'fp';

/** https://HOST:PORT/ (any page address of the session) + #fp=<fingerprint>. */
export function buildSessionLink(pageUrl: string, fingerprint: SessionFingerprint): string {
  if (!isFingerprint(fingerprint)) throw new TypeError('buildSessionLink needs a session fingerprint (64 lower-case hex digits)');
  // String work, not URL: src-shared compiles without the DOM or Node globals.
  const base = pageUrl.split('#')[0]!;
  if (!/^https?:\/\/[^/?#\s]+\/?/i.test(base)) throw new TypeError('buildSessionLink needs the page address, like https://192.168.1.20:47800/');
  return `${base}#${SESSION_LINK_FP_KEY}=${fingerprint}`;
}

export type ParsedSessionLink =
  /** No identity in the fragment: an ordinary address. */
  | { kind: 'none' }
  | { kind: 'link'; fingerprint: SessionFingerprint }
  /** The fragment names an identity that is not 64 hex digits (a link cut short when copied). */
  | { kind: 'invalid'; message: string };

/**
 * Reads the identity from a link's fragment ("#fp=…", other keys ignored).
 * Upper-case digits are accepted (some QR readers shout); the rest is left
 * to the caller's address parsing.
 */
export function parseSessionLinkFragment(hash: string): ParsedSessionLink {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!fragment) return { kind: 'none' };
  const pair = fragment.split('&').find((part) => part.startsWith(`${SESSION_LINK_FP_KEY}=`));
  if (pair === undefined) return { kind: 'none' };
  const value = pair.slice(SESSION_LINK_FP_KEY.length + 1);
  const fingerprint = value.trim().toLowerCase();
  if (!isFingerprint(fingerprint)) {
    return { kind: 'invalid', message: 'The link’s session identity (after “#fp=”) is not complete — copy the whole link again, or type the address and the session code instead.' };
  }
  return { kind: 'link', fingerprint };
}
