// What a plain-HTTP request to a TLS host gets (tls-or-plain.ts): a page that
// sends the browser to https:// and explains the certificate warning it will
// see there — the certificate is made by the session's host, not by a
// certificate authority — and how to check it: the session code must start
// the certificate's public-key fingerprint. (A plain page can be forged, so
// the code it shows is only an example of what to look for.) API
// calls and WebSocket upgrades get 426 with the same advice.
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorCode } from '../../src-shared/protocol/error-codes.js';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** https:// on the host and port the browser used (the Host header), else the given fallback. */
function secureUrl(req: http.IncomingMessage, port: number): string {
  const host = req.headers.host && /^[\w.\-[\]:]+$/.test(req.headers.host) ? req.headers.host : `localhost:${port}`;
  return `https://${host}/`;
}

export function plainHttpNotice(session: { name: string; code: string }, port: () => number): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  return (req, res) => {
    const target = secureUrl(req, port());
    if ((req.url ?? '/').startsWith('/api/') || req.method !== 'GET') {
      const code: ErrorCode = 'tls_required';
      const body = JSON.stringify({ code, message: `This host only speaks HTTPS: use ${target}` });
      res.writeHead(426, { 'content-type': 'application/json; charset=utf-8', upgrade: 'TLS/1.2, HTTP/1.1', connection: 'close', 'cache-control': 'no-store' }).end(body);
      return;
    }
    const name = escapeHtml(session.name);
    const code = escapeHtml(session.code);
    const href = escapeHtml(target);
    const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${name} — open the secure address</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1d1d1f}
a.go{display:inline-block;padding:.6rem 1.1rem;background:#3558d6;color:#fff;border-radius:.5rem;text-decoration:none;font-weight:600}
code{font-size:1.1rem;letter-spacing:.06em;background:#eef1fb;padding:0 .4rem;border-radius:.3rem;white-space:nowrap}
@media (prefers-color-scheme: dark){body{background:#16171a;color:#e8e8ea}code{background:#262a36}}</style></head>
<body><h1>${name}</h1>
<p>This Parley session only accepts secure connections, so nobody else on the network can read what you type.</p>
<p><a class="go" href="${href}">Open ${href}</a></p>
<h2>About the warning you will see</h2>
<p>Your browser will say the connection is not private, because the session's certificate was made by the computer that hosts it, not by a certificate authority. That is expected on a local network.</p>
<p>Before you continue, check that it is really this session. Ask whoever hosts it for the <strong>session code</strong> on their screen (five groups of four characters, like <code>${code}</code> if this page is genuine). On the warning page, open the certificate details (the “Not secure” label, then the certificate): its <em>public key SHA-256 fingerprint</em> must begin with the same characters.</p>
<p>If they match, choose “Advanced” and continue to the site. If they differ, do not continue: someone else may be answering at this address. Once you are in, the session code is also shown under the session's name (Session details).</p>
</body></html>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" }).end(page);
  };
}

/** A ws:// upgrade on the plain door: 426, use wss://. */
export function refusePlainUpgrade(socket: Duplex): void {
  socket.end('HTTP/1.1 426 Upgrade Required\r\nUpgrade: TLS/1.2, HTTP/1.1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
}
