// The session fingerprint of a certificate: SHA-256 over its public key
// (SubjectPublicKeyInfo, DER). Keyed on the key, not the certificate, so a
// certificate re-issued for the same key (a longer validity, a hand-over)
// keeps the session's identity.
import { createHash, X509Certificate } from 'node:crypto';
import type { SessionFingerprint } from '../../src-shared/session-identity.js';

export function spkiFingerprint(certificate: string | Buffer): SessionFingerprint {
  const spki = new X509Certificate(certificate).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('hex');
}

/** A DER certificate (as tls gives it: `getPeerCertificate().raw`) as PEM. */
export function derToPem(der: Buffer): string {
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
}
