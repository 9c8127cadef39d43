// A session's identity (PROTOCOL.md, "Session identity"): the SHA-256 of its
// certificate's public key (SubjectPublicKeyInfo, DER), written as 64
// lower-case hex digits — the "Public key SHA-256" fingerprint a browser's
// certificate viewer shows. People compare a short form of it, the session
// code: its first 20 hex digits in five groups, upper-case
// ("3F2A 9C01 7B44 D0E8 1A6C", 80 bits), which a browser user can also find
// at the start of that fingerprint. Clients that can check the whole identity
// (desktop, terminal) do so on every connection.

/** 64 lower-case hex digits. */
export type SessionFingerprint = string;

const FINGERPRINT = /^[0-9a-f]{64}$/;
const CODE_HEX_DIGITS = 20;

export function isFingerprint(value: string): boolean {
  return FINGERPRINT.test(value);
}

/** The session code people compare: the identity's first 20 hex digits, upper-case, in groups of four. */
export function sessionCode(fingerprint: SessionFingerprint): string {
  if (!isFingerprint(fingerprint)) throw new TypeError('sessionCode needs a session fingerprint (64 hex digits)');
  return fingerprint.slice(0, CODE_HEX_DIGITS).toUpperCase().match(/.{4}/g)!.join(' ');
}

/** What someone may type or paste to say which session they expect. */
export type ExpectedIdentity = { kind: 'fingerprint'; fingerprint: SessionFingerprint } | { kind: 'code'; code: string };

/**
 * Reads a whole fingerprint (64 hex digits) or a session code (20 hex
 * digits), in any case, with spaces, colons or dashes anywhere; null for
 * anything else.
 */
export function parseExpectedIdentity(input: string): ExpectedIdentity | null {
  const compact = input.trim().toLowerCase().replace(/[\s:-]/g, '');
  if (isFingerprint(compact)) return { kind: 'fingerprint', fingerprint: compact };
  if (/^[0-9a-f]{20}$/.test(compact)) return { kind: 'code', code: sessionCode(compact.padEnd(64, '0')) };
  return null;
}

/** Whether the session with `fingerprint` is the one `expected` names. */
export function identityMatches(fingerprint: SessionFingerprint, expected: ExpectedIdentity): boolean {
  return expected.kind === 'fingerprint' ? expected.fingerprint === fingerprint : sessionCode(fingerprint) === expected.code;
}
