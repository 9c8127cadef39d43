// Deciding whether to talk to the host at an address (CONVENTIONS.md #14,
// known_hosts): the certificate it presents (certificate-probe.ts) is
// checked against what the client expected — an identity from discovery, a
// share link or --fingerprint, else the one remembered for that address —
// before any connection that could carry a credential. A first contact with
// nothing expected is trusted and remembered, and the caller shows the code.
import { identityMatches, sessionCode, type ExpectedIdentity, type SessionFingerprint } from '../../src-shared/session-identity.js';
import { probeSessionCertificate } from './certificate-probe.js';
import type { KnownSessions } from './known-sessions.js';
import type { SessionPin } from './pinned-tls.js';

export type TrustDecision =
  /** The identity expected (and now remembered), or the one remembered for this address. */
  | { status: 'trusted'; pin: SessionPin }
  /** Nothing was known or expected: trusted on first use and remembered. Show the code. */
  | { status: 'first-contact'; pin: SessionPin };

/** The host at this address presents another identity than the one remembered or expected. */
export class IdentityChangedError extends Error {
  override name = 'IdentityChangedError';
  constructor(
    readonly address: string,
    readonly expected: string,
    readonly actual: SessionFingerprint,
    readonly why: 'remembered' | 'expected',
  ) {
    super(
      why === 'remembered'
        ? `THE SESSION AT ${address} HAS CHANGED. It presents the code ${sessionCode(actual)}; the session you trusted there had ${expected}. ` +
            'Someone may be pretending to be it, or its host made a new session. Nothing was sent. ' +
            'Ask whoever hosts it for the code on their screen; only if it matches, forget the old one and connect again.'
        : `The session at ${address} is not the one you asked for: it presents the code ${sessionCode(actual)}, not ${expected}. Nothing was sent.`,
    );
  }
}

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
  if (expected) {
    if (!identityMatches(pin.fingerprint, expected)) {
      throw new IdentityChangedError(address, expected.kind === 'code' ? expected.code : sessionCode(expected.fingerprint), pin.fingerprint, 'expected');
    }
    known.remember(address, pin);
    return { status: 'trusted', pin };
  }
  const remembered = known.lookup(address);
  if (remembered) {
    if (remembered.fingerprint !== pin.fingerprint) throw new IdentityChangedError(address, sessionCode(remembered.fingerprint), pin.fingerprint, 'remembered');
    // The same key with a renewed certificate: remember the certificate now presented.
    if (remembered.certPem !== pin.certPem) known.remember(address, pin, remembered.sessionName);
    return { status: 'trusted', pin };
  }
  known.remember(address, pin);
  return { status: 'first-contact', pin };
}

/** How an address is remembered: lower-case host, brackets around IPv6, and the port. */
export function addressKey(host: string, port: number): string {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare.includes(':') ? `[${bare}]:${port}` : `${bare}:${port}`;
}
