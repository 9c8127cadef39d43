// src-main/http/byte-ranges.ts against real HTTP: a server on port 0 serving
// a temp file, plain node:http clients (fetch hides what a cut looks like).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRange, requestedRange, sendRangeNotSatisfiable, serveByteRange, type ServeByteRangeOptions } from '../../src-main/http/byte-ranges.js';

describe('parseRange', () => {
  it('ignores a missing header', () => {
    expect(parseRange(undefined, 100)).toBeNull();
  });

  it('reads bytes=N-M, bytes=N- and bytes=-N', () => {
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange(' bytes=90-500 ', 100)).toEqual({ start: 90, end: 99 }); // the end is clamped to the file
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-500', 100)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=99-99', 100)).toEqual({ start: 99, end: 99 });
  });

  it('calls a range outside the file, reversed, empty or malformed invalid', () => {
    for (const header of ['bytes=100-', 'bytes=100-200', 'bytes=5-4', 'bytes=-0', 'bytes=-', 'bytes=0-1,5-9', 'bytes=a-b', 'items=0-1', 'bytes=99999999999999999999-']) {
      expect(parseRange(header, 100), header).toBe('invalid');
    }
    expect(parseRange('bytes=0-', 0)).toBe('invalid');
    expect(parseRange('bytes=-1', 0)).toBe('invalid');
  });
});

describe('requestedRange', () => {
  const req = (headers: http.IncomingHttpHeaders) => ({ headers }) as http.IncomingMessage;

  it('is parseRange of the Range header', () => {
    expect(requestedRange(req({}), 100)).toBeNull();
    expect(requestedRange(req({ range: 'bytes=10-' }), 100)).toEqual({ start: 10, end: 99 });
    expect(requestedRange(req({ range: 'bytes=200-' }), 100)).toBe('invalid');
  });

  it('with an etag, ignores the Range when If-Range names another version', () => {
    const etag = '"abc"';
    expect(requestedRange(req({ range: 'bytes=10-', 'if-range': '"abc"' }), 100, { etag })).toEqual({ start: 10, end: 99 });
    expect(requestedRange(req({ range: 'bytes=10-', 'if-range': '"old"' }), 100, { etag })).toBeNull();
    expect(requestedRange(req({ range: 'bytes=200-', 'if-range': '"old"' }), 100, { etag })).toBeNull();
    expect(requestedRange(req({ range: 'bytes=10-' }), 100, { etag })).toEqual({ start: 10, end: 99 });
  });

  it('without an etag, does not look at If-Range', () => {
    expect(requestedRange(req({ range: 'bytes=10-', 'if-range': '"old"' }), 100)).toEqual({ start: 10, end: 99 });
  });
});

describe('serveByteRange', () => {
  let dir: string;
  let server: http.Server;
  let port: number;
  /** What the next request is answered with; the test sets it. */
  let answer: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;
  let served: Promise<void> | null;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-ranges-'));
    served = null;
    server = http.createServer((req, res) => {
      served = answer(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function file(content: Buffer): string {
    const p = path.join(dir, `f${Math.random().toString(36).slice(2)}`);
    fs.writeFileSync(p, content);
    return p;
  }

  /** Serves `filePath` with requestedRange + serveByteRange, as the host and the offer server do; returns the handle to check it was closed. */
  function serving(filePath: string, extra: Partial<ServeByteRangeOptions> = {}): { handle: () => fs.promises.FileHandle } {
    let opened: fs.promises.FileHandle;
    answer = async (req, res) => {
      const size = fs.statSync(filePath).size;
      const range = requestedRange(req, size);
      if (range === 'invalid') return sendRangeNotSatisfiable(res, size);
      opened = await fs.promises.open(filePath, 'r');
      await serveByteRange(res, { file: opened, size, range, headOnly: req.method === 'HEAD', headers: { 'content-type': 'application/octet-stream', etag: '"e"' }, ...extra });
    };
    return { handle: () => opened };
  }

  function get(headers: http.OutgoingHttpHeaders = {}, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const req = http.request({ port, host: '127.0.0.1', method, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('answers 200 with the whole file, its length and Accept-Ranges', async () => {
    const content = randomBytes(300_000);
    const { handle } = serving(file(content));
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.headers).toMatchObject({ 'content-length': '300000', 'accept-ranges': 'bytes', 'content-type': 'application/octet-stream', etag: '"e"' });
    expect(res.headers['content-range']).toBeUndefined();
    expect(res.body.equals(content)).toBe(true);
    await served;
    expect(handle().fd).toBe(-1); // closed
  });

  it('answers 206 with the range and Content-Range', async () => {
    const content = randomBytes(1000);
    serving(file(content));
    const res = await get({ range: 'bytes=100-199' });
    expect(res.status).toBe(206);
    expect(res.headers).toMatchObject({ 'content-length': '100', 'content-range': 'bytes 100-199/1000' });
    expect(res.body.equals(content.subarray(100, 200))).toBe(true);
    const tail = await get({ range: 'bytes=-10' });
    expect(tail.headers['content-range']).toBe('bytes 990-999/1000');
    expect(tail.body.equals(content.subarray(990))).toBe(true);
  });

  it('answers 416 with JSON and Content-Range: bytes */size', async () => {
    serving(file(randomBytes(1000)));
    const res = await get({ range: 'bytes=1000-' });
    expect(res.status).toBe(416);
    expect(res.headers['content-range']).toBe('bytes */1000');
    expect(JSON.parse(res.body.toString())).toEqual({ code: 'invalid_field', message: "That range is not within the file's 1000 bytes." });
  });

  it('answers HEAD with the headers only, and closes the file', async () => {
    const { handle } = serving(file(randomBytes(1000)));
    const res = await get({ range: 'bytes=10-' }, 'HEAD');
    expect(res.status).toBe(206);
    expect(res.headers).toMatchObject({ 'content-length': '990', 'content-range': 'bytes 10-999/1000' });
    expect(res.body.length).toBe(0);
    await served;
    expect(handle().fd).toBe(-1);
  });

  it('serves an empty file as 200 with no body', async () => {
    const { handle } = serving(file(Buffer.alloc(0)));
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe('0');
    expect(res.body.length).toBe(0);
    await served;
    expect(handle().fd).toBe(-1);
  });

  it('reads no further ahead than the receiver takes (backpressure)', async () => {
    const size = 64 * 1024 * 1024;
    const big = path.join(dir, 'big.bin');
    fs.closeSync(fs.openSync(big, 'w'));
    fs.truncateSync(big, size); // sparse: no 64 MiB written
    let handed = 0;
    serving(big, { onChunk: (n) => (handed += n) });
    const req = http.request({ port, host: '127.0.0.1', agent: false });
    const res = await new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve).end());
    res.pause(); // a receiver that takes nothing more
    await new Promise((resolve) => setTimeout(resolve, 400));
    // Socket and kernel buffers hold a few MiB at most; the rest stays on disk.
    expect(handed).toBeGreaterThan(0);
    expect(handed).toBeLessThan(size / 4);
    res.destroy();
  });

  it('resolves (and closes the file) when the receiver goes away mid-way', async () => {
    const size = 32 * 1024 * 1024;
    const big = path.join(dir, 'cut.bin');
    fs.closeSync(fs.openSync(big, 'w'));
    fs.truncateSync(big, size);
    const { handle } = serving(big);
    const req = http.request({ port, host: '127.0.0.1', agent: false });
    const res = await new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve).end());
    await new Promise<void>((resolve) => res.once('data', () => resolve()));
    res.destroy();
    await expect(served).resolves.toBeUndefined();
    await expect.poll(() => handle().fd).toBe(-1);
  });

  it('reads with the given chunk size and reports each chunk', async () => {
    const content = randomBytes(1_000_000);
    const chunks: number[] = [];
    serving(file(content), { highWaterMark: 256 * 1024, onChunk: (n) => chunks.push(n) });
    const res = await get();
    expect(res.body.equals(content)).toBe(true);
    expect(chunks.reduce((a, b) => a + b, 0)).toBe(content.length);
    expect(Math.max(...chunks)).toBe(256 * 1024);
  });
});
