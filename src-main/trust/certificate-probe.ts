// First contact with a host: a TLS handshake that reads the certificate the
// host presents and sends nothing at all (no HTTP request, no credential),
// so the client can decide whether to trust it — by the identity it
// expected (discovery, a share link, --fingerprint), by the one it remembers,
// or by asking — before any real connection is made.
import tls from 'node:tls';
import { derToPem, spkiFingerprint } from './spki-fingerprint.js';
import type { SessionPin } from './pinned-tls.js';

export class ProbeError extends Error {
  override name = 'ProbeError';
}

export function probeSessionCertificate(host: string, port: number, timeoutMs = 5000): Promise<SessionPin> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host, port, rejectUnauthorized: false, ...(/^[\d.:]+$/.test(host) ? {} : { servername: host }) });
    const fail = (message: string) => {
      socket.destroy();
      reject(new ProbeError(message));
    };
    const timer = setTimeout(() => fail(`${host}:${port} did not answer a secure connection within ${Math.round(timeoutMs / 1000)} s.`), timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const raw = socket.getPeerCertificate().raw;
      socket.destroy();
      if (!raw) return reject(new ProbeError(`${host}:${port} presented no certificate.`));
      resolve({ certPem: derToPem(raw), fingerprint: spkiFingerprint(raw) });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const hint =
        error.code === 'ECONNREFUSED'
          ? 'nothing is listening there — is the host running, and is the port right?'
          : error.code === 'EPROTO' || /wrong version number|packet length too long/i.test(error.message)
            ? 'it does not speak TLS — an older Parley host, or something else on that port.'
            : error.message;
      reject(new ProbeError(`Could not reach ${host}:${port} securely: ${hint}`));
    });
  });
}
