// The pin of a host started in another process, read from its data folder
// (identity.crt), as a person would take the code from the host's screen.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { IDENTITY_CERT_FILE } from '../../src-main/trust/session-identity.js';
import { spkiFingerprint } from '../../src-main/trust/spki-fingerprint.js';
import { pinnedTlsOptions, type SessionPin } from '../../src-main/trust/pinned-tls.js';
import { probeSessionCertificate } from '../../src-main/trust/certificate-probe.js';

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

export interface PinnedResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * A small fetch over TLS pinned to `pin` (fetch cannot be given a trust
 * anchor), for tests of the file HTTP API and offer servers. Plain http URLs
 * go unpinned. The body is read whole: tests only send and read small ones.
 */
export function pinnedFetch(
  url: string,
  pin: SessionPin | null,
  init: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {},
): Promise<PinnedResponse> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  if (secure && !pin) throw new Error(`pinnedFetch(${url}) needs a pin`);
  return new Promise((resolve, reject) => {
    const body = init.body === undefined ? undefined : Buffer.from(init.body);
    const options = {
      method: init.method ?? 'GET',
      headers: { ...init.headers, ...(body && { 'content-length': String(body.length) }) },
      agent: false as const,
      ...(secure && pinnedTlsOptions(pin!)),
    };
    const req = (secure ? https : http).request(target, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const text = raw.toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          headers: { get: (name) => { const v = res.headers[name.toLowerCase()]; return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v; } },
          text: () => Promise.resolve(text),
          json: () => Promise.resolve(JSON.parse(text) as unknown),
          arrayBuffer: () => Promise.resolve(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length) as ArrayBuffer),
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * GET a JSON path from a host on 127.0.0.1 known only by its identity (what
 * HostStatus.identity says): the certificate is read with the trust probe and
 * must carry that identity, then the request is pinned to it.
 */
export async function getJsonFromIdentifiedHost(port: number, identity: string, pathname: string): Promise<unknown> {
  const pin = await probeSessionCertificate('127.0.0.1', port);
  if (pin.fingerprint !== identity) throw new Error(`the host on port ${port} presents ${pin.fingerprint}, not ${identity}`);
  const response = await httpsGet(`https://127.0.0.1:${port}${pathname}`, pin);
  if (response.status !== 200) throw new Error(`GET ${pathname}: ${response.status} ${response.body}`);
  return JSON.parse(response.body) as unknown;
}

/** Whether something on 127.0.0.1:`port` completes a TLS handshake (a session host is up there). */
export async function servesTls(port: number): Promise<boolean> {
  try {
    await probeSessionCertificate('127.0.0.1', port, 2000);
    return true;
  } catch {
    return false;
  }
}
