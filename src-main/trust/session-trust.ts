// Deciding whether to talk to the host at an address (CONVENTIONS.md #14,
// known_hosts): the certificate it presents (certificate-probe.ts) is
// checked against what the client expected and what it remembers, before
// any connection that could carry a credential. judgeTrust is the decision
// table; decideTrust (the terminal client) probes, judges and trusts a first
// contact at once, printing the code; the desktop's TrustService
// (trust-service.ts) asks the person first.
//
// | expected                   | remembered at the address  | verdict                                   |
// | -------------------------- | -------------------------- | ----------------------------------------- |
// | from the person, matches   | anything                   | trusted, remembered (the person vouches)  |
// | from discovery, matches    | nothing or the same        | trusted, remembered                       |
// | from discovery, matches    | another identity           | changed ('remembered')                    |
// | any, does not match        | anything                   | changed ('expected')                      |
// | nothing                    | the same                   | trusted                                   |
// | nothing                    | another identity           | changed ('remembered')                    |
// | nothing                    | nothing                    | first contact: show the code              |
//
// And unless the person vouched: a session id (from discovery) remembered
// anywhere with another identity is changed ('session') — an mDNS record
// carrying a trusted session's id and name but its own certificate is a
// spoof, wherever it points.
import { identityMatches, sessionCode, type ExpectedIdentity, type SessionFingerprint } from '../../src-shared/session-identity.js';
import { probeSessionCertificate } from './certificate-probe.js';
import type { KnownSession, KnownSessions } from './known-sessions.js';
import type { SessionPin } from './pinned-tls.js';

export type TrustDecision =
  /** The identity expected (and now remembered), or the one remembered for this address. */
  | { status: 'trusted'; pin: SessionPin }
  /** Nothing was known or expected: the caller shows the code (and asks, or remembers). */
  | { status: 'first-contact'; pin: SessionPin };

export type ChangedWhy = 'remembered' | 'expected' | 'session';

/** The host at this address presents another identity than the one remembered or expected. */
export class IdentityChangedError extends Error {
  override name = 'IdentityChangedError';
  constructor(
    readonly address: string,
    /** The code trusted or expected (what the person compares). */
    readonly expected: string,
    readonly actual: SessionFingerprint,
    readonly why: ChangedWhy,
  ) {
    super(changedMessage(address, expected, actual, why));
  }
}

function changedMessage(address: string, expected: string, actual: SessionFingerprint, why: ChangedWhy): string {
  const code = sessionCode(actual);
  switch (why) {
    case 'remembered':
      return (
        `THE SESSION AT ${address} HAS CHANGED. It presents the code ${code}; the session you trusted there had ${expected}. ` +
        'Someone may be pretending to be it, or its host made a new session. Nothing was sent. ' +
        'Ask whoever hosts it for the code on their screen; only if it matches, forget the old one and connect again.'
      );
    case 'expected':
      // A whole fingerprint was expected, and only digits after the code's 20 differ (a link changed by hand, or a forgery that matched the code).
      if (code === expected) return `The session at ${address} is not the one you asked for: its fingerprint starts with the code ${code} but differs after it (${actual}). Nothing was sent.`;
      return `The session at ${address} is not the one you asked for: it presents the code ${code}, not ${expected}. Nothing was sent.`;
    case 'session':
      return (
        `The session announced at ${address} is not the one you trusted under that name: it presents the code ${code}, the session you trusted had ${expected}. ` +
        'Someone on the network may be pretending to be it. Nothing was sent. ' +
        'Ask whoever hosts it for the code on their screen; only if it matches, forget the old one and connect again.'
      );
  }
}

export interface TrustFacts {
  address: string;
  /** What the host presented. */
  pin: SessionPin;
  /** What this device remembers at the address. */
  remembered: KnownSession | undefined;
  expected?: ExpectedIdentity | undefined;
  /** Who said so: the person (typed, share link, own session) or discovery (unauthenticated). Default: the person. */
  expectedFrom?: 'person' | 'discovery' | undefined;
  /** What this device remembers, at any address, for the session id discovery announced. */
  sameSession?: Array<{ address: string; session: KnownSession }> | undefined;
}

export type TrustJudgement =
  | { status: 'trusted'; remember: boolean }
  | { status: 'first-contact' }
  | { status: 'changed'; error: IdentityChangedError };

/** The decision table above, without side effects: the caller probes before and remembers after. */
export function judgeTrust(facts: TrustFacts): TrustJudgement {
  const { address, pin, remembered, expected } = facts;
  const changed = (trusted: string, why: ChangedWhy): TrustJudgement => ({
    status: 'changed',
    error: new IdentityChangedError(address, trusted, pin.fingerprint, why),
  });
  if (expected && !identityMatches(pin.fingerprint, expected)) {
    return changed(expected.kind === 'code' ? expected.code : sessionCode(expected.fingerprint), 'expected');
  }
  if (expected && (facts.expectedFrom ?? 'person') === 'person') return { status: 'trusted', remember: true };
  if (remembered && remembered.fingerprint !== pin.fingerprint) return changed(sessionCode(remembered.fingerprint), 'remembered');
  const other = facts.sameSession?.find(({ session }) => session.fingerprint !== pin.fingerprint);
  if (other) return changed(sessionCode(other.session.fingerprint), 'session');
  if (expected) return { status: 'trusted', remember: true };
  // The same key with a renewed certificate: remember the certificate now presented.
  if (remembered) return { status: 'trusted', remember: remembered.certPem !== pin.certPem };
  return { status: 'first-contact' };
}

/**
 * The terminal client's decision: probe, judge, and on first contact trust
 * at once and remember (the caller prints the code to compare). Throws
 * IdentityChangedError, or ProbeError when the host cannot be reached.
 */
export async function decideTrust(options: {
  host: string;
  port: number;
  known: KnownSessions;
  expected?: ExpectedIdentity;
  timeoutMs?: number;
}): Promise<TrustDecision> {
  const { host, port, known, expected } = options;
  const address = addressKey(host, port);
  const pin = await probeSessionCertificate(host, port, options.timeoutMs);
  const judgement = judgeTrust({ address, pin, remembered: known.lookup(address), expected });
  if (judgement.status === 'changed') throw judgement.error;
  if (judgement.status === 'first-contact' || judgement.remember) known.remember(address, pin);
  return { status: judgement.status, pin };
}

/** How an address is remembered: lower-case host, brackets around IPv6, and the port. */
export function addressKey(host: string, port: number): string {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare.includes(':') ? `[${bare}]:${port}` : `${bare}:${port}`;
}

const DEFAULT_PORTS: Record<string, number> = { 'wss:': 443, 'https:': 443, 'ws:': 80, 'http:': 80 };

/** Host (without IPv6 brackets), port and addressKey of a ws(s):// or http(s):// URL; null for anything else. */
export function urlAddress(url: string): { host: string; port: number; address: string; secure: boolean } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const defaultPort = DEFAULT_PORTS[parsed.protocol];
  if (defaultPort === undefined || parsed.hostname === '') return null;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const port = parsed.port === '' ? defaultPort : Number(parsed.port);
  return { host, port, address: addressKey(host, port), secure: parsed.protocol === 'wss:' || parsed.protocol === 'https:' };
}
