// The pin of a host started in another process, read from its data folder
// (identity.crt), as a person would take the code from the host's screen.
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { IDENTITY_CERT_FILE } from '../../src-main/trust/session-identity.js';
import { spkiFingerprint } from '../../src-main/trust/spki-fingerprint.js';
import { pinnedTlsOptions, type SessionPin } from '../../src-main/trust/pinned-tls.js';

export function pinFromDataDir(dataDir: string): SessionPin {
  const certPem = fs.readFileSync(path.join(dataDir, IDENTITY_CERT_FILE), 'utf8');
  return { certPem, fingerprint: spkiFingerprint(certPem) };
}

/** GET over TLS pinned to `pin` (fetch cannot be given a trust anchor). */
export function httpsGet(url: string, pin: SessionPin, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ...pinnedTlsOptions(pin), headers }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}
