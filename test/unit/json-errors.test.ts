import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseJsonError, sendJsonError } from '../../src-main/http/json-errors.js';

let server: http.Server | null = null;

afterEach(async () => {
  if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
  server = null;
});

/** A server on port 0 whose every request is answered by `handler`; the base URL. */
async function serve(handler: http.RequestListener): Promise<string> {
  server = http.createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('sendJsonError', () => {
  it('answers the status with {code, message}, its length, and no caching', async () => {
    const base = await serve((_req, res) => sendJsonError(res, 403, 'not_a_member', 'You cannot fetch this file — ä.'));
    const res = await fetch(base);
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    expect(JSON.parse(text)).toEqual({ code: 'not_a_member', message: 'You cannot fetch this file — ä.' });
  });

  it('adds the extra headers, which may override the defaults', async () => {
    const base = await serve((_req, res) => sendJsonError(res, 429, 'too_many_transfers', 'Wait.', { 'retry-after': 1, 'cache-control': 'private' }));
    const res = await fetch(base);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.headers.get('cache-control')).toBe('private');
  });

  it('cuts the connection when the response has started already', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': 100 });
      res.write('partial');
      sendJsonError(res, 500, 'server_error', 'too late');
    });
    // Whether the client sees the 200 head before the cut depends on timing; never a whole body.
    await expect(fetch(base).then((res) => res.text())).rejects.toThrow();
  });
});

describe('parseJsonError', () => {
  it('reads code and message', () => {
    expect(parseJsonError('{"code":"disk_full","message":"Full."}')).toEqual({ code: 'disk_full', message: 'Full.' });
  });

  it('gives nulls for what is missing, of the wrong type, or not JSON at all', () => {
    expect(parseJsonError('{"code":5}')).toEqual({ code: null, message: null });
    expect(parseJsonError('{"message":"only words"}')).toEqual({ code: null, message: 'only words' });
    for (const body of ['', 'null', '42', '<html>Bad gateway</html>', '{"code":']) {
      expect(parseJsonError(body)).toEqual({ code: null, message: null });
    }
  });
});
