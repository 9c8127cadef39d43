// bench/web-client: how many bytes a browser downloads to open the web client
// for the first time (issue 9, part 7).
//
//   1. A real host serves the built web client (dist/renderer); Debian's
//      Chromium opens it with an empty cache and waits until the network is
//      idle. Every file it fetched from the host (not /ws, not /api/...) is the
//      first load, with what Chromium actually received (bytes of body on the
//      wire, Content-Encoding).
//   2. Each of those files is fetched again from Node with
//      Accept-Encoding: identity, gzip and br (no decompression), so the three
//      figures do not depend on what this Chromium advertises over plain http.
//   3. /favicon.ico is counted too: headless Chromium does not ask for it, a
//      browser tab does (marked * when Chromium did not fetch it).
//
//   npm run bench -- web-client       (or: npx tsx bench/web-client/run.ts)
//   options: --web-root DIR (default dist/renderer)
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ChatHost } from '../../src-main/host/chat-host.js';
import { launchChromium } from '../../test/e2e/helpers/chromium.js';

const HARD_TIMEOUT_MS = 2 * 60_000;
const hardTimer = setTimeout(() => {
  console.error('bench/web-client: gave up after 2 minutes');
  process.exit(1);
}, HARD_TIMEOUT_MS);

// --quick is accepted and changes nothing (npm run bench passes it to every benchmark).
const { values } = parseArgs({ options: { 'web-root': { type: 'string' }, quick: { type: 'boolean' } } });
const webRoot = path.resolve(values['web-root'] ?? 'dist/renderer');
if (!fs.existsSync(path.join(webRoot, 'index.html'))) {
  console.error(`bench/web-client: no web client in ${webRoot}; build it first (npm run build:renderer).`);
  process.exit(2);
}

interface Fetched {
  status: number;
  encoding: string;
  bytes: number;
  type: string;
}

/** One GET with a given Accept-Encoding; counts the body bytes as sent (nothing decompressed). */
function fetchRaw(port: number, pathname: string, acceptEncoding: string): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: pathname, headers: { 'accept-encoding': acceptEncoding, accept: '*/*' } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          encoding: String(res.headers['content-encoding'] ?? 'identity'),
          bytes,
          type: String(res.headers['content-type'] ?? ''),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

const kb = (n: number) => `${(n / 1000).toFixed(1)} kB`;
const pad = (s: string, n: number) => s.padEnd(n);
const padL = (s: string, n: number) => s.padStart(n);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-web-client-'));
const host = new ChatHost({ dataDir, port: 0, bindAddress: '127.0.0.1', tls: false, webRoot, sessionName: 'Web client bench' });
await host.start();
const port = host.port;
const origin = `http://127.0.0.1:${port}`;

// ---- 1. what Chromium loads
const browser = await launchChromium();
const seen: Array<{ path: string; status: number; encoding: string; wireBody: number }> = [];
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  const pending: Array<Promise<void>> = [];
  page.on('requestfinished', (request) => {
    const url = new URL(request.url());
    if (url.origin !== origin || url.pathname === '/ws' || url.pathname.startsWith('/api/')) return;
    pending.push(
      (async () => {
        const response = await request.response();
        const sizes = await request.sizes();
        seen.push({
          path: url.pathname + url.search,
          status: response?.status() ?? 0,
          encoding: (await response?.headerValue('content-encoding')) ?? 'identity',
          wireBody: sizes.responseBodySize,
        });
      })(),
    );
  });
  await page.goto(`${origin}/`, { waitUntil: 'networkidle' });
  await Promise.all(pending);
  await context.close();
} finally {
  await browser.close();
}

// ---- 2. each file with each encoding
const paths = [...new Set(seen.map((s) => s.path))];
const faviconAdded = !paths.includes('/favicon.ico');
if (faviconAdded) paths.push('/favicon.ico');
const encodings = ['identity', 'gzip', 'br'] as const;
const rows: Array<{ path: string; results: Record<(typeof encodings)[number], Fetched> }> = [];
for (const p of paths) {
  const results = {} as Record<(typeof encodings)[number], Fetched>;
  for (const e of encodings) results[e] = await fetchRaw(port, p, e);
  rows.push({ path: p, results });
}
await host.stop();
fs.rmSync(dataDir, { recursive: true, force: true });

console.log(`web client: ${webRoot}`);
console.log(`\nChromium's first load (${seen.length} files from the host; body bytes on the wire as Chromium received them):`);
for (const s of seen) console.log(`  ${pad(s.path, 44)} ${s.status}  ${pad(s.encoding, 9)} ${padL(kb(s.wireBody), 10)}`);
const chromiumTotal = seen.reduce((sum, s) => sum + s.wireBody, 0);
console.log(`  ${pad('total', 44)}                ${padL(kb(chromiumTotal), 10)}`);

console.log('\nThe same files by Accept-Encoding (body bytes sent; "(x)" = what the host answered with instead):');
console.log(`  ${pad('file', 44)} ${encodings.map((e) => padL(e, 22)).join('')}`);
const totals = { identity: 0, gzip: 0, br: 0 };
for (const row of rows) {
  const cells = encodings.map((e) => {
    const r = row.results[e];
    totals[e] += r.bytes;
    const note = r.encoding === e ? '' : ` (${r.encoding})`;
    return padL(`${kb(r.bytes)}${note}`, 22);
  });
  const label = row.path === '/favicon.ico' && faviconAdded ? `${row.path} *` : row.path;
  console.log(`  ${pad(label, 44)} ${cells.join('')}`);
}
console.log(`  ${pad('first load, total', 44)} ${encodings.map((e) => padL(kb(totals[e]), 22)).join('')}`);
const ratio = (e: 'gzip' | 'br') => (totals[e] / totals.identity).toFixed(3);
console.log(`  ${pad('first load, total (bytes)', 44)} ${encodings.map((e) => padL(String(totals[e]), 22)).join('')}`);
console.log(`  ${pad('ratio to identity', 44)} ${padL('1.000', 22)}${padL(ratio('gzip'), 22)}${padL(ratio('br'), 22)}`);
const favicon = rows.find((r) => r.path === '/favicon.ico')?.results.identity;
if (favicon) console.log(`\n/favicon.ico: ${favicon.status}, ${favicon.type || 'no type'}${faviconAdded ? ' (* not fetched by headless Chromium; a tab does)' : ''}`);
clearTimeout(hardTimer);
