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
//   4. Time to the first screens with the page's CPU slowed down like a
//      phone's (first-screen.ts): the sign-in form, and from "Sign in" to the
//      chat; with --baseline-web-root, the same for another build (e.g. of an
//      older commit), rounds alternating, and the ratio.
//
//   npm run bench -- web-client       (or: npx tsx bench/web-client/run.ts)
//   options: --web-root DIR (default dist/renderer)  --baseline-web-root DIR
//            --cpu-slowdown N (default 4)  --rounds N (default 7; --quick 3)
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ChatHost } from '../../src-main/host/chat-host.js';
import { launchChromium } from '../../test/e2e/helpers/chromium.js';
import { positiveInt } from '../common/args.js';
import { median } from '../common/median.js';
import { timeFirstScreens, type FirstScreenTimes } from './first-screen.js';

const HARD_TIMEOUT_MS = 5 * 60_000;
const hardTimer = setTimeout(() => {
  console.error('bench/web-client: gave up after 5 minutes');
  process.exit(1);
}, HARD_TIMEOUT_MS);

const { values } = parseArgs({
  options: { 'web-root': { type: 'string' }, 'baseline-web-root': { type: 'string' }, 'cpu-slowdown': { type: 'string' }, rounds: { type: 'string' }, quick: { type: 'boolean' } },
});
const webRoot = path.resolve(values['web-root'] ?? 'dist/renderer');
const baselineRoot = values['baseline-web-root'] === undefined ? null : path.resolve(values['baseline-web-root']);
for (const root of [webRoot, baselineRoot]) {
  if (root && !fs.existsSync(path.join(root, 'index.html'))) {
    console.error(`bench/web-client: no web client in ${root}; build it first (npm run build:renderer).`);
    process.exit(2);
  }
}
const cpuRate = positiveInt(values['cpu-slowdown'], 4, 'cpu-slowdown');
const rounds = positiveInt(values.rounds, values.quick ? 3 : 7, 'rounds');

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

// ---- 4. time to the first screens, CPU slowed down; against the baseline build in the same run when given
const builds: Array<{ label: string; origin: string; stop: () => Promise<void>; times: FirstScreenTimes[] }> = [
  { label: 'this build', origin, stop: async () => {}, times: [] },
];
if (baselineRoot) {
  const baselineDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-web-client-baseline-'));
  const baselineHost = new ChatHost({ dataDir: baselineDir, port: 0, bindAddress: '127.0.0.1', tls: false, webRoot: baselineRoot, sessionName: 'Web client bench' });
  await baselineHost.start();
  builds.push({
    label: 'baseline',
    origin: `http://127.0.0.1:${baselineHost.port}`,
    stop: async () => {
      await baselineHost.stop();
      fs.rmSync(baselineDir, { recursive: true, force: true });
    },
    times: [],
  });
}
const timingBrowser = await launchChromium();
try {
  // One warm-up round each (Chromium's own first start), not counted; then
  // the builds alternate, so a busier moment slows both.
  for (const build of builds) await timeFirstScreens(timingBrowser, build.origin, 'warmup', cpuRate);
  for (let round = 0; round < rounds; round++) {
    for (const build of round % 2 ? [...builds].reverse() : builds) build.times.push(await timeFirstScreens(timingBrowser, build.origin, `person${round}`, cpuRate));
  }
} finally {
  await timingBrowser.close();
  for (const build of builds.slice(1)) await build.stop();
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

const ms = (n: number) => `${Math.round(n)} ms`;
console.log(`\nFirst screens with the CPU slowed ${cpuRate}× (CDP), empty cache, median of ${rounds} rounds${baselineRoot ? ', alternating with the baseline build' : ''}:`);
console.log(`  ${pad('', 14)} ${padL('sign-in form', 14)} ${padL('range', 16)} ${padL('Sign in → chat', 16)} ${padL('range', 16)}`);
for (const build of builds) {
  const forms = build.times.map((t) => t.formMs);
  const chats = build.times.map((t) => t.chatMs);
  const range = (v: number[]) => `${Math.round(Math.min(...v))}–${Math.round(Math.max(...v))}`;
  console.log(`  ${pad(build.label, 14)} ${padL(ms(median(forms)), 14)} ${padL(range(forms), 16)} ${padL(ms(median(chats)), 16)} ${padL(range(chats), 16)}`);
}
if (baselineRoot) {
  const [mine, base] = builds as [(typeof builds)[0], (typeof builds)[0]];
  const ratioOf = (key: keyof FirstScreenTimes) => (median(mine.times.map((t) => t[key])) / median(base.times.map((t) => t[key]))).toFixed(2);
  console.log(`  ${pad('ratio', 14)} ${padL(`×${ratioOf('formMs')}`, 14)} ${padL('', 16)} ${padL(`×${ratioOf('chatMs')}`, 16)}`);
  console.log(`  baseline: ${baselineRoot}`);
}
console.log('  sign-in form = navigation start → the form drawn (connecting to the host included); Sign in → chat = the click, after 2 s of "typing", → the composer drawn.');
clearTimeout(hardTimer);
