// The web client's files over real HTTP: a plain server on port 0 around
// serveStatic for the rules, and a real ChatHost for the option it passes on.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressFolder } from '../../src-main/host/precompressed-files.js';
import { serveStatic, type StaticFilesOptions } from '../../src-main/host/static-files.js';
import { startPlainHost, tempDir } from '../helpers/host-harness.js';

const FAVICON = path.resolve('src-renderer/public/favicon.ico');
const JS = Buffer.from(Array.from({ length: 3000 }, (_, i) => `export const v${i} = ${JSON.stringify(`value ${i}`)};`).join('\n'));
const CSS = Buffer.from('main { display: grid; }\n'.repeat(400));
const INDEX = Buffer.from(
  `<!doctype html><html><head><title>Parley</title><link rel="icon" href="./favicon.ico" />` +
    `<script type="module" src="./assets/index-AbCd12_-.js"></script></head><body>${'<!-- padding -->'.repeat(40)}</body></html>`,
);

/** A built web client in a temp folder, precompressed like `npm run build` does; a secret file beside it. */
async function makeWebRoot(): Promise<{ root: string; secret: string }> {
  const outer = tempDir('parley-web-');
  const root = path.join(outer, 'web');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), INDEX);
  fs.writeFileSync(path.join(root, 'assets', 'index-AbCd12_-.js'), JS);
  fs.writeFileSync(path.join(root, 'assets', 'index-AbCd12_-.js.map'), '{"version":3,"sources":["main.tsx"]}');
  fs.writeFileSync(path.join(root, 'assets', 'index-Zz99Yy88.css'), CSS);
  fs.writeFileSync(path.join(root, '.hidden.json'), '{}');
  fs.copyFileSync(FAVICON, path.join(root, 'favicon.ico'));
  await precompressFolder(root);
  const secret = path.join(outer, 'secret.txt');
  fs.writeFileSync(secret, 'not for browsers');
  return { root, secret };
}

/** Byte-for-byte equality (toEqual walks a Buffer element by element: seconds for 100 kB). */
function expectBytes(actual: Buffer, expected: Buffer): void {
  expect(actual.length).toBe(expected.length);
  expect(actual.equals(expected)).toBe(true);
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One raw request: the path is sent as written, nothing is decompressed. */
function request(port: number, pathname: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: pathname, method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function serve(root: string | null, options: StaticFilesOptions = {}): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => serveStatic(root, req, res, options));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const BROWSER = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8', 'accept-encoding': 'gzip, deflate, br, zstd' };
const JS_PATH = '/assets/index-AbCd12_-.js';

describe('serveStatic', () => {
  let root: string;
  let secret: string;
  let port: number;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ root, secret } = await makeWebRoot());
    ({ port, close } = await serve(root));
  });
  afterAll(() => close());

  describe('compression', () => {
    it('sends br to a browser that accepts it, which decompresses to the exact file', async () => {
      const reply = await request(port, JS_PATH, { 'accept-encoding': 'gzip, deflate, br, zstd' });
      expect(reply.status).toBe(200);
      expect(reply.headers['content-encoding']).toBe('br');
      expect(reply.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(reply.headers.vary).toBe('Accept-Encoding');
      expect(Number(reply.headers['content-length'])).toBe(reply.body.length);
      expect(reply.body.length).toBeLessThan(JS.length / 3);
      expectBytes(zlib.brotliDecompressSync(reply.body), JS);
    });

    it('sends gzip when that is what is accepted (or preferred by q-value)', async () => {
      for (const acceptEncoding of ['gzip', 'br;q=0.2, gzip;q=0.9', 'x-gzip']) {
        const reply = await request(port, JS_PATH, { 'accept-encoding': acceptEncoding });
        expect(reply.headers['content-encoding']).toBe('gzip');
        expect(Number(reply.headers['content-length'])).toBe(reply.body.length);
        expectBytes(zlib.gunzipSync(reply.body), JS);
      }
    });

    it('sends the file as is when compression is not accepted', async () => {
      for (const headers of [{}, { 'accept-encoding': '' }, { 'accept-encoding': 'identity' }, { 'accept-encoding': 'deflate, br;q=0' }] as Array<Record<string, string>>) {
        const reply = await request(port, JS_PATH, headers);
        expect(reply.headers['content-encoding']).toBeUndefined();
        expect(reply.headers.vary).toBe('Accept-Encoding');
        expect(Number(reply.headers['content-length'])).toBe(JS.length);
        expectBytes(reply.body, JS);
      }
    });

    it('answers 406 when even identity is refused and nothing else fits', async () => {
      const reply = await request(port, JS_PATH, { 'accept-encoding': 'zstd, identity;q=0' });
      expect(reply.status).toBe(406);
    });

    it('compresses index.html and the stylesheet too', async () => {
      const page = await request(port, '/', BROWSER);
      expect(page.headers['content-encoding']).toBe('br');
      expectBytes(zlib.brotliDecompressSync(page.body), INDEX);
      const css = await request(port, '/assets/index-Zz99Yy88.css', { 'accept-encoding': 'gzip' });
      expectBytes(zlib.gunzipSync(css.body), CSS);
    });

    it('does not use a copy older than its file (the file was changed after the build)', async () => {
      const file = path.join(root, 'assets', 'index-Zz99Yy88.css');
      const later = new Date(Date.now() + 60_000);
      fs.utimesSync(file, later, later);
      try {
        const reply = await request(port, '/assets/index-Zz99Yy88.css', { 'accept-encoding': 'br, gzip' });
        expect(reply.headers['content-encoding']).toBeUndefined();
        expectBytes(reply.body, CSS);
      } finally {
        const now = new Date(Date.now() - 60_000);
        fs.utimesSync(file, now, now);
      }
    });

    it('does not serve the copies under their own names', async () => {
      expect((await request(port, `${JS_PATH}.br`)).status).toBe(404);
      expect((await request(port, '/index.html.gz')).status).toBe(404);
    });
  });

  describe('HEAD', () => {
    it('gets the headers of the GET, and no body', async () => {
      for (const acceptEncoding of ['br', 'gzip', 'identity']) {
        const get = await request(port, JS_PATH, { 'accept-encoding': acceptEncoding });
        const head = await request(port, JS_PATH, { 'accept-encoding': acceptEncoding }, 'HEAD');
        expect(head.status).toBe(200);
        expect(head.body.length).toBe(0);
        for (const name of ['content-length', 'content-encoding', 'content-type', 'vary', 'etag', 'cache-control']) {
          expect(head.headers[name]).toBe(get.headers[name]);
        }
      }
    });
  });

  describe('caching', () => {
    it('marks hashed assets immutable and index.html no-cache', async () => {
      expect((await request(port, JS_PATH)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect((await request(port, '/', BROWSER)).headers['cache-control']).toBe('no-cache');
      expect((await request(port, '/favicon.ico')).headers['cache-control']).toBe('no-cache');
    });

    it('answers 304 to a matching If-None-Match, with an ETag per encoding', async () => {
      const br = await request(port, '/', { 'accept-encoding': 'br' });
      const plainPage = await request(port, '/', {});
      expect(br.headers.etag).toMatch(/^".+-br"$/);
      expect(plainPage.headers.etag).not.toBe(br.headers.etag);
      const again = await request(port, '/', { 'accept-encoding': 'br', 'if-none-match': `W/${br.headers.etag}` });
      expect(again.status).toBe(304);
      expect(again.body.length).toBe(0);
      expect(again.headers.vary).toBe('Accept-Encoding');
      const otherEncoding = await request(port, '/', { 'accept-encoding': 'gzip', 'if-none-match': br.headers.etag! });
      expect(otherEncoding.status).toBe(200);
    });
  });

  describe('favicon', () => {
    it('answers /favicon.ico with an icon, not the page', async () => {
      const reply = await request(port, '/favicon.ico', { accept: 'image/avif,image/webp,image/*,*/*;q=0.8', 'accept-encoding': 'gzip, br' });
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toBe('image/x-icon');
      expect(reply.headers['content-encoding']).toBeUndefined();
      expect(reply.headers.vary).toBeUndefined();
      expectBytes(reply.body, fs.readFileSync(FAVICON));
      // An ICO header (reserved 0, type 1) holding 16, 32 and 48 px PNGs.
      expect([...reply.body.subarray(0, 4)]).toEqual([0, 0, 1, 0]);
      expect(reply.body.readUInt16LE(4)).toBe(3);
      expect([0, 1, 2].map((i) => reply.body[6 + 16 * i])).toEqual([16, 32, 48]);
      const firstImage = reply.body.readUInt32LE(6 + 12);
      expect(reply.body.subarray(firstImage, firstImage + 4).toString('latin1')).toBe('\x89PNG');
    });

    it('is a 404 (not the page) where the build has none', async () => {
      const bare = tempDir('parley-web-bare-');
      fs.writeFileSync(path.join(bare, 'index.html'), INDEX);
      const other = await serve(bare);
      try {
        const reply = await request(other.port, '/favicon.ico', BROWSER);
        expect(reply.status).toBe(404);
        expect(reply.headers['content-type']).toBe('text/plain; charset=utf-8');
      } finally {
        await other.close();
      }
    });
  });

  describe('source maps', () => {
    it('are a 404 unless asked for', async () => {
      const reply = await request(port, `${JS_PATH}.map`);
      expect(reply.status).toBe(404);
      expect(reply.body.toString()).not.toContain('sources');
    });

    it('are served with serveSourceMaps', async () => {
      const dev = await serve(root, { serveSourceMaps: true });
      try {
        const reply = await request(dev.port, `${JS_PATH}.map`);
        expect(reply.status).toBe(200);
        expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(JSON.parse(reply.body.toString())).toEqual({ version: 3, sources: ['main.tsx'] });
      } finally {
        await dev.close();
      }
    });
  });

  describe('missing files and the page fallback', () => {
    it('serves index.html for / and for an extension-less route a browser navigates to', async () => {
      for (const pathname of ['/', '/index.html', '/channels/general', '/?host=192.168.1.5:47800']) {
        const reply = await request(port, pathname, { accept: BROWSER.accept });
        expect(reply.status).toBe(200);
        expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
        expectBytes(reply.body, INDEX);
        // A route's answer depends on Accept too (404 to a fetch()).
        expect(reply.headers.vary).toBe(pathname.startsWith('/channels') ? 'Accept-Encoding, Accept' : 'Accept-Encoding');
      }
    });

    it('answers 404 for a missing file with an extension, even to a browser', async () => {
      for (const pathname of ['/assets/index-OLDHASH1.js', '/favicon.png', '/robots.txt', '/assets/index-AbCd12_-.css']) {
        const reply = await request(port, pathname, BROWSER);
        expect(reply.status, pathname).toBe(404);
        expect(reply.headers['content-type']).toBe('text/plain; charset=utf-8');
        expect(reply.headers['cache-control']).toBe('no-store');
      }
    });

    it('answers 404 for an extension-less path asked for by something other than a page load', async () => {
      expect((await request(port, '/channels/general', { accept: '*/*' })).status).toBe(404);
      expect((await request(port, '/assets/', { accept: 'application/json' })).status).toBe(404);
    });

    it('refuses paths that climb out of the folder, and hidden files', async () => {
      const name = path.basename(secret);
      for (const pathname of [`/../${name}`, `/%2e%2e/${name}`, `/assets/..%2f..%2f${name}`, `/assets/%2e%2e%5c%2e%2e%5c${name}`, '/.hidden.json', '/%2ehidden.json']) {
        const reply = await request(port, pathname, BROWSER);
        expect(reply.status, pathname).toBe(404);
        expect(reply.body.toString()).not.toContain('not for browsers');
      }
      expect((await request(port, '/%E0%A4%A', BROWSER)).status).toBe(400);
      expect((await request(port, '/index%00.html', BROWSER)).status).toBe(400);
    });

    it('allows only GET and HEAD', async () => {
      const reply = await request(port, '/', {}, 'POST');
      expect(reply.status).toBe(405);
      expect(reply.headers.allow).toBe('GET, HEAD');
    });
  });

  describe('without a built web client', () => {
    it('shows a placeholder page at /, and 404 for files', async () => {
      const empty = await serve(null);
      try {
        const page = await request(empty.port, '/', BROWSER);
        expect(page.status).toBe(200);
        expect(page.body.toString()).toContain('npm run build');
        expect((await request(empty.port, '/favicon.ico', BROWSER)).status).toBe(404);
        expect((await request(empty.port, JS_PATH, BROWSER)).status).toBe(404);
      } finally {
        await empty.close();
      }
    });
  });
});

describe('ChatHost serving the web client', () => {
  it('compresses, and serves source maps only with serveSourceMaps', async () => {
    const { root } = await makeWebRoot();
    const harness = await startPlainHost({ webRoot: root }); // the serving rules; TLS is tested in tls-host.test.ts
    try {
      const port = harness.host.port;
      const page = await request(port, '/', BROWSER);
      expect(page.headers['content-encoding']).toBe('br');
      expectBytes(zlib.brotliDecompressSync(page.body), INDEX);
      expect((await request(port, `${JS_PATH}.map`)).status).toBe(404);
      expect((await request(port, '/favicon.ico')).headers['content-type']).toBe('image/x-icon');
      await harness.restart({ serveSourceMaps: true });
      expect((await request(harness.host.port, `${JS_PATH}.map`)).status).toBe(200);
    } finally {
      await harness.stop();
    }
  });
});
