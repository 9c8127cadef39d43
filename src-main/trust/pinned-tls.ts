// TLS options that accept exactly one session: its certificate is the only
// trust anchor (`ca`), and `checkServerIdentity` — which Node calls after the
// chain checked out and before the connection is handed to anyone — refuses
// any other public key. The host name is not checked: a LAN host's address
// changes (DHCP, several adapters), its key does not. Used for every
// connection to a host (chat socket, file HTTP) and to a sender's offer server.
import type { PeerCertificate } from 'node:tls';
import { sessionCode, type SessionFingerprint } from '../../src-shared/session-identity.js';
import { spkiFingerprint } from './spki-fingerprint.js';

/** What a client pins: the session's certificate and the fingerprint of its key. */
export interface SessionPin {
  certPem: string;
  fingerprint: SessionFingerprint;
}

/** The peer is not the session the client pinned. Its message says so without any secret. */
export class IdentityMismatchError extends Error {
  override name = 'IdentityMismatchError';
  readonly code = 'ERR_PARLEY_IDENTITY_MISMATCH';
  constructor(
    readonly expected: SessionFingerprint,
    readonly actual: SessionFingerprint | null,
  ) {
    super(
      `This is not the session you trusted (code ${sessionCode(expected)}): ${actual ? `it presents the code ${sessionCode(actual)}` : 'it presents another certificate'}. ` +
        'Nothing was sent to it.',
    );
  }
}

/**
 * OpenSSL's verdicts that mean "not the certificate pinned as the only trust
 * anchor" — another session's self-signed certificate fails here, before
 * checkServerIdentity is reached.
 */
const UNTRUSTED_CERTIFICATE = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
]);

/** The refusal behind a connection error, if the error is one: a mismatch, or a certificate the pin does not trust. */
export function identityRefusal(error: unknown, pin: SessionPin): IdentityMismatchError | null {
  if (error instanceof IdentityMismatchError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && UNTRUSTED_CERTIFICATE.has(code) ? new IdentityMismatchError(pin.fingerprint, null) : null;
}

export interface PinnedTlsOptions {
  ca: string[];
  rejectUnauthorized: true;
  checkServerIdentity: (host: string, cert: PeerCertificate) => Error | undefined;
}

export function pinnedTlsOptions(pin: SessionPin): PinnedTlsOptions {
  return {
    ca: [pin.certPem],
    rejectUnauthorized: true,
    checkServerIdentity: (_host, cert) => {
      let actual: SessionFingerprint | null = null;
      try {
        actual = spkiFingerprint(cert.raw);
      } catch {
        // no usable certificate: refused below
      }
      return actual === pin.fingerprint ? undefined : new IdentityMismatchError(pin.fingerprint, actual);
    },
  };
}
