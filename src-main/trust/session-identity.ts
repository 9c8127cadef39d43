// A session's own key pair and certificate (DESIGN.md, "Session identity"),
// made on first start and kept in the session's data folder, readable only by
// its user: `identity.key` (PKCS#8, ECDSA P-256) and `identity.crt` (a
// self-signed certificate over it, valid 20 years). The identity is the
// SHA-256 of the public key (spki-fingerprint.ts), so it survives a new
// certificate for the same key and moves with the key when a session is
// handed to another host. Generated with the `selfsigned` package (MIT,
// over @peculiar/x509 and Node's WebCrypto): no home-made X.509.
import fs from 'node:fs';
import path from 'node:path';
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';
import { sessionCode, type SessionFingerprint } from '../../src-shared/session-identity.js';
import { spkiFingerprint } from './spki-fingerprint.js';

export const IDENTITY_KEY_FILE = 'identity.key';
export const IDENTITY_CERT_FILE = 'identity.crt';
const VALID_DAYS = 20 * 365;
/** A certificate this close to expiry is re-issued for the same key at start. */
const RENEW_BEFORE_MS = 365 * 24 * 60 * 60 * 1000;

export interface SessionIdentity {
  keyPem: string;
  certPem: string;
  fingerprint: SessionFingerprint;
  /** The short form people compare (src-shared/session-identity.ts). */
  code: string;
}

/** The identity in `dataDir`, made (or its certificate renewed) if needed. Key files are written 0600. */
export async function loadOrCreateIdentity(dataDir: string): Promise<SessionIdentity> {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const keyFile = path.join(dataDir, IDENTITY_KEY_FILE);
  const certFile = path.join(dataDir, IDENTITY_CERT_FILE);
  const keyPem = readIfExists(keyFile);
  const certPem = readIfExists(certFile);
  if (keyPem && certPem && certificateIsCurrent(certPem)) {
    restrict(keyFile);
    restrict(certFile);
    return identityOf(keyPem, certPem);
  }
  // No key yet: a new identity. A key without a (current) certificate: the same identity, re-certified.
  const made = await generate([{ name: 'commonName', value: 'Parley session' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + VALID_DAYS * 24 * 60 * 60 * 1000),
    ...(keyPem && { keyPair: { privateKey: keyPem, publicKey: publicKeyOf(keyPem) } }),
  });
  const newKey = keyPem ?? made.private;
  writePrivate(keyFile, newKey);
  writePrivate(certFile, made.cert);
  return identityOf(newKey, made.cert);
}

function identityOf(keyPem: string, certPem: string): SessionIdentity {
  const certificate = new X509Certificate(certPem);
  if (!certificate.checkPrivateKey(createPrivateKey(keyPem))) {
    throw new Error(`${IDENTITY_CERT_FILE} does not belong to ${IDENTITY_KEY_FILE}: restore both from the same backup, or remove ${IDENTITY_CERT_FILE} to re-issue it.`);
  }
  const fingerprint = spkiFingerprint(certPem);
  return { keyPem, certPem, fingerprint, code: sessionCode(fingerprint) };
}

function certificateIsCurrent(certPem: string): boolean {
  try {
    return Date.parse(new X509Certificate(certPem).validTo) - Date.now() > RENEW_BEFORE_MS;
  } catch {
    return false;
  }
}

function publicKeyOf(keyPem: string): string {
  return createPublicKey(createPrivateKey(keyPem)).export({ type: 'spki', format: 'pem' }).toString();
}

function readIfExists(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Written to a temporary name with mode 0600, then renamed: never readable by others, never half-written. */
function writePrivate(file: string, contents: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, contents, { mode: 0o600 });
  fs.renameSync(temp, file);
}

function restrict(file: string): void {
  if (process.platform !== 'win32' && (fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
}
