// Files relayed through the host (PROTOCOL.md, "Files"): a real TLS host on
// port 0, real HTTPS pinned to its session identity (node:https and
// pinnedFetch), real files in temp dirs.
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatClient } from '../../src-shared/chat-client.js';
import { sanitizeFileName } from '../../src-shared/file-names.js';
import { FILE_TICKET_TTL_MS, MAX_CONCURRENT_UPLOADS_PER_USER } from '../../src-shared/limits.js';
import { channelKey, GENERAL_CHANNEL_ID } from '../../src-shared/protocol/conversations.js';
import type { Message } from '../../src-shared/protocol/frames.js';
import { ChatHost } from '../../src-main/host/chat-host.js';
import { pinnedTlsOptions } from '../../src-main/trust/pinned-tls.js';
import { collect, type Harness, refusal, sleep, startHost, tempDir } from '../helpers/host-harness.js';
import { pinnedFetch } from '../helpers/session-pin.js';

const GENERAL = channelKey(GENERAL_CHANNEL_ID);
let h: Harness | undefined;

afterEach(async () => {
  vi.restoreAllMocks();
  await h?.stop();
  h = undefined;
});

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const base = () => `https://127.0.0.1:${h!.host.port}`;
/** A request to the host, pinned to its session identity as the desktop's are. */
const fetch = (url: string, init?: Parameters<typeof pinnedFetch>[2]) => pinnedFetch(url, h!.host.identity!, init);
const pinned = () => pinnedTlsOptions(h!.host.identity!) as https.RequestOptions;
const auth = (client: ChatClient) => ({ authorization: `Bearer ${client.token}` });

function begin(client: ChatClient, name: string, size: number, extra: Record<string, unknown> = {}) {
  return client.request('file.begin', { conv: GENERAL, clientMsgId: `f-${name.length}-${Math.random()}`, name, size, ...extra });
}

async function headOffset(client: ChatClient, uploadUrl: string): Promise<number> {
  const res = await fetch(base() + uploadUrl, { method: 'HEAD', headers: auth(client) });
  expect(res.status).toBe(204);
  return Number(res.headers.get('upload-offset'));
}

async function put(client: ChatClient, uploadUrl: string, offset: number, body: Buffer) {
  return fetch(base() + uploadUrl, { method: 'PUT', headers: { ...auth(client), 'upload-offset': String(offset) }, body });
}

/** begin → PUT everything → complete. */
async function share(client: ChatClient, name: string, content: Buffer, extra: Record<string, unknown> = {}): Promise<Message> {
  const begun = await begin(client, name, content.length, extra);
  const res = await put(client, begun.uploadUrl, 0, content);
  expect(res.status).toBe(204);
  const done = await client.request('file.complete', { fileId: begun.fileId, sha256: sha256(content) });
  return done.message;
}

async function download(client: ChatClient | null, url: string, headers: Record<string, string> = {}) {
  const res = await fetch(base() + url, { headers: { ...(client && auth(client)), ...headers } });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

function randomBytes(n: number): Buffer {
  const buf = Buffer.alloc(n);
  for (let i = 0; i < n; i++) buf[i] = (i * 7919 + (i >> 8)) & 0xff;
  return buf;
}

describe('file relay', () => {
  it('relays a file: another member gets the message and downloads the same bytes', async () => {
    h = await startHost();
    const alice = await h.signIn('Alice');
    const bob = await h.signIn('Bob');
    const bobEvents = collect(bob);
    const content = randomBytes(300_000);
    const message = await share(alice, 'plan.pdf', content, { mimeType: 'application/pdf', text: 'the plan' });
    expect(message).toMatchObject({ kind: 'file', text: 'the plan', file: { name: 'plan.pdf', size: content.length, type: 'application/pdf', sha256: sha256(content), thumbnail: null } });
    expect(message.file!.expiresAt).toBeGreaterThan(Date.now() + 29 * 86_400_000);

    await bobEvents.waitFor(() => bobEvents.events.some((e) => e.type === 'message' && e.message.kind === 'file'));
    const event = bobEvents.events.find((e) => e.type === 'message' && e.message.kind === 'file')!;
    expect(event.type === 'message' && event.message.file).toEqual(message.file);

    const { res, body } = await download(bob, `/api/files/${message.file!.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(`"${sha256(content)}"`);
    expect(res.headers.get('x-content-sha256')).toBe(sha256(content));
    expect(res.headers.get('content-length')).toBe(String(content.length));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(sha256(body)).toBe(sha256(content));

    // History carries the file too, and completing again is idempotent.
    const history = await bob.request('history', { conv: GENERAL });
    expect(history.messages.at(-1)).toEqual(message);
    const again = await alice.request('file.complete', { fileId: message.file!.id, sha256: sha256(content) });
    expect(again).toEqual({ message, duplicate: true });
    // A late joiner gets it in the replay.
    const carol = await h.signIn('Carol');
    const replayed = await carol.request('history', { conv: GENERAL });
    expect(replayed.messages.find((m) => m.kind === 'file')?.file?.sha256).toBe(sha256(content));
  });

  it('resumes from HEAD after a PUT cut at 50%, and the same clientMsgId resumes the same upload', async () => {
    h = await startHost();
    const alice = await h.signIn('Alice');
    const content = randomBytes(4 * 1024 * 1024);
    const half = content.length / 2;
    const begun = await alice.request('file.begin', { conv: GENERAL, clientMsgId: 'f-cut', name: 'big.bin', size: content.length });
    await new Promise<void>((resolve) => {
      const req = https.request(base() + begun.uploadUrl, {
        ...pinned(),
        method: 'PUT',
        headers: { ...auth(alice), 'upload-offset': '0', 'content-length': String(content.length) },
      });
      req.on('error', () => resolve());
      req.write(content.subarray(0, half), async () => {
        for (let i = 0; i < 200 && (await headOffset(alice, begun.uploadUrl)) < half; i++) await sleep(10);
        req.destroy();
        resolve();
      });
    });
    let offset = 0;
    for (let i = 0; i < 100; i++) {
      await sleep(20);
      offset = await headOffset(alice, begun.uploadUrl);
      const res = await put(alice, begun.uploadUrl, offset, content.subarray(offset));
      if (res.status === 204) break;
      expect(res.status).toBe(409);
    }
    expect(offset).toBe(half);
    const resumed = await alice.request('file.begin', { conv: GENERAL, clientMsgId: 'f-cut', name: 'big.bin', size: content.length });
    expect(resumed).toMatchObject({ fileId: begun.fileId, duplicate: true, offset: content.length });
    // A wrong offset is answered with the right one.
    const wrong = await put(alice, begun.uploadUrl, 5, Buffer.from('x'));
    expect(wrong.status).toBe(409);
    expect(wrong.headers.get('upload-offset')).toBe(String(content.length));
    const done = await alice.request('file.complete', { fileId: begun.fileId, sha256: sha256(content) });
    const { body } = await download(alice, `/api/files/${done.message.file!.id}`);
    expect(sha256(body)).toBe(sha256(content));
    const after = await alice.request('file.begin', { conv: GENERAL, clientMsgId: 'f-cut', name: 'big.bin', size: content.length });
    expect(after).toMatchObject({ fileId: begun.fileId, duplicate: true, offset: content.length });
  });

  it('refuses a corrupted upload with checksum_mismatch, announces nothing and deletes the part', async () => {
    h = await startHost();
    const alice = await h.signIn('Alice');
    const bob = await h.signIn('Bob');
    const bobEvents = collect(bob);
    const content = randomBytes(10_000);
    const corrupted = Buffer.from(content);
    corrupted[5000] = corrupted[5000]! ^ 0xff;
    const begun = await begin(alice, 'x.bin', content.length);
    expect((await put(alice, begun.uploadUrl, 0, corrupted)).status).toBe(204);
    const error = await refusal(alice.request('file.complete', { fileId: begun.fileId, sha256: sha256(content) }));
    expect(error.code).toBe('checksum_mismatch');
    expect(fs.readdirSync(path.join(h.dataDir, 'files'))).toEqual([]);
    expect((await refusal(alice.request('file.complete', { fileId: begun.fileId, sha256: sha256(content) }))).code).toBe('file_not_found');
    await sleep(100);
    expect(bobEvents.events.filter((e) => e.type === 'message' && e.message.kind === 'file')).toEqual([]);
  });

  it('refuses file.complete before every byte arrived, and a body past the declared size', async () => {
    h = await startHost();
    const alice = await h.signIn('Alice');
    const content = randomBytes(1000);
    const begun = await begin(alice, 'x.bin', content.length);
    expect((await put(alice, begun.uploadUrl, 0, content.subarray(0, 400))).status).toBe(204);
    expect((await refusal(alice.request('file.complete', { fileId: begun.fileId, sha256: sha256(content) }))).code).toBe('upload_incomplete');
    const tooMuch = await put(alice, begun.uploadUrl, 400, randomBytes(601));
    expect(tooMuch.status).toBe(413);
    expect(await tooMuch.json()).toMatchObject({ code: 'file_too_large' });
    expect(await headOffset(alice, begun.uploadUrl)).toBe(400);
    // Only the uploader may send bytes.
    const bob = await h.signIn('Bob');
    expect((await put(bob, begun.uploadUrl, 400, content.subarray(400))).status).toBe(403);
    expect((await refusal(bob.request('file.complete', { fileId: begun.fileId, sha256: sha256(content) }))).code).toBe('file_not_found');
    // Cancel deletes it.
    expect(await alice.request('file.cancel', { fileId: begun.fileId })).toEqual({ fileId: begun.fileId });
    expect((await fetch(base() + begun.uploadUrl, { method: 'HEAD', headers: auth(alice) })).status).toBe(404);
  });

  it('sanitises hostile names in the message and in Content-Disposition', async () => {
    h = await startHost();
    const alice = await h.signIn('Alice');
    const names = ['../../x', 'CON', 'a/b', `${'n'.repeat(300)}.txt`, 'evil\u0000\u0007\nname.txt', 'résumé "final".pdf'];
    for (const raw of names) {
      const message = await share(alice, raw, Buffer.from('hi'));
      const clean = sanitizeFileName(raw);
      expect(message.file!.name).toBe(clean);
      expect(message.file!.name).not.toMatch(/[/\\\u0000-\u001f]/);
      expect(Buffer.byteLength(message.file!.name)).toBeLessThanOrEqual(200);
      const { res } = await download(alice, `/api/files/${message.file!.id}`);
      const disposition = res.headers.get('content-disposition')!;
      expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''/);
      const encoded = /filename\*=UTF-8''(.*)$/.exec(disposition)![1]!;
      expect(encoded).not.toMatch(/[^A-Za-z0-9%!#$&+^_`|~.-]/);
      expect(decodeURIComponent(encoded)).toBe(clean);
    }
    const [x, con, b] = await Promise.all(['../../x', 'CON', 'a/b'].map((n) => sanitizeFileName(n)));
    expect([x, con, b]).toEqual(['x', '_CON', 'b']);
  });

  it('relays a 0-byte file', async () => {
    h = await startHost();
    const alice = await h.signIn('Alice');
    const begun = await begin(alice, 'empty.txt', 0);
    expect(begun.offset).toBe(0);
    const done = await alice.request('file.complete', { fileId: begun.fileId, sha256: sha256(Buffer.alloc(0)) });
    expect(done.message.file).toMatchObject({ size: 0, sha256: sha256(Buffer.alloc(0)) });
    const { res, body } = await download(alice, `/api/files/${begun.fileId}`);
    expect(res.status).toBe(200);
    expect(body.length).toBe(0);
  });

  it('serves Range requests', async () => {
    h = await startHost();
    const alice = await h.signIn('Alice');
    const content = randomBytes(100);
    const message = await share(alice, 'r.bin', content);
    const url = `/api/files/${message.file!.id}`;
    let r = await download(alice, url, { range: 'bytes=10-' });
    expect(r.res.status).toBe(206);
    expect(r.res.headers.get('content-range')).toBe('bytes 10-99/100');
    expect(r.body).toEqual(content.subarray(10));
    r = await download(alice, url, { range: 'bytes=10-19' });
    expect(r.res.headers.get('content-range')).toBe('bytes 10-19/100');
    expect(r.body).toEqual(content.subarray(10, 20));
    r = await download(alice, url, { range: 'bytes=90-500' });
    expect(r.body).toEqual(content.subarray(90));
    r = await download(alice, url, { range: 'bytes=-5' });
    expect(r.body).toEqual(content.subarray(95));
    for (const range of ['bytes=100-', 'bytes=20-10', 'bytes=abc', 'items=1-2', 'bytes=1-2,5-6']) {
      r = await download(alice, url, { range });
      expect(r.res.status, range).toBe(416);
      expect(r.res.headers.get('content-range')).toBe('bytes */100');
    }
  });

  it('lets only members fetch, by token or ticket; a bad or expired ticket is refused', async () => {
    h = await startHost();
    const alice = await h.signIn('Alice');
    const bob = await h.signIn('Bob');
    const { channel } = await alice.request('channel.create', { name: 'secret' });
    const content = randomBytes(1234);
    const begun = await alice.request('file.begin', { conv: channelKey(channel.id), clientMsgId: 'f-s', name: 'secret-plans.txt', size: content.length });
    await put(alice, begun.uploadUrl, 0, content);
    await alice.request('file.complete', { fileId: begun.fileId, sha256: sha256(content) });
    const url = `/api/files/${begun.fileId}`;

    const denied = await download(bob, url);
    expect(denied.res.status).toBe(403);
    expect(denied.res.headers.get('content-disposition')).toBeNull();
    expect(denied.body.toString()).not.toContain('secret-plans');
    expect(JSON.parse(denied.body.toString())).toMatchObject({ code: 'not_a_member' });
    expect((await refusal(bob.request('file.ticket', { fileId: begun.fileId }))).code).toBe('not_a_member');
    expect((await download(null, url)).res.status).toBe(401);
    expect((await download(null, url, { authorization: 'Bearer nonsense' })).res.status).toBe(401);

    const ticket = await alice.request('file.ticket', { fileId: begun.fileId });
    expect(ticket.url).toMatch(new RegExp(`^/api/files/${begun.fileId}\\?ticket=\\d+\\.\\d+\\.[A-Za-z0-9_-]+$`));
    expect(ticket.expiresAt).toBeGreaterThan(Date.now() + FILE_TICKET_TTL_MS - 5000);
    const ok = await download(null, ticket.url);
    expect(ok.res.status).toBe(200);
    expect(sha256(ok.body)).toBe(sha256(content));

    const [, userId, expiresAt, mac] = /ticket=(\d+)\.(\d+)\.(.+)$/.exec(ticket.url)!;
    for (const forged of [
      `${userId}.${Number(expiresAt) + 1000}.${mac}`,
      `${bob.me!.id}.${expiresAt}.${mac}`,
      `${userId}.${expiresAt}.${mac!.slice(0, -2)}AA`,
      'garbage',
    ]) {
      expect((await download(null, `${url}?ticket=${forged}`)).res.status).toBe(403);
    }
    const realNow = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(realNow + FILE_TICKET_TTL_MS + 1000);
    expect((await download(null, ticket.url)).res.status).toBe(403);
    vi.restoreAllMocks();
    // Joining grants access; leaving takes it away, ticket or not.
    await bob.request('channel.join', { channel: channel.id });
    const bobTicket = await bob.request('file.ticket', { fileId: begun.fileId });
    expect((await download(bob, url, { range: 'bytes=0-0' })).res.status).toBe(206);
    await bob.request('channel.leave', { channelId: channel.id });
    expect((await download(bob, url)).res.status).toBe(403);
    expect((await download(null, bobTicket.url)).res.status).toBe(403);
  });

  it('refuses a file over the limit, a full disk, and a fifth upload at once', async () => {
    h = await startHost();
    const alice = await h.signIn('Alice');
    const big = await refusal(begin(alice, 'huge.iso', 5 * 1024 ** 3));
    expect(big.code).toBe('file_too_large');
    expect(big.message).toContain('4 GiB');
    const uploads = [];
    for (let i = 0; i < MAX_CONCURRENT_UPLOADS_PER_USER; i++) uploads.push(await begin(alice, `f${i}.bin`, 10));
    const fifth = await refusal(begin(alice, 'five.bin', 10));
    expect(fifth.code).toBe('too_many_transfers');
    await alice.request('file.cancel', { fileId: uploads[0]!.fileId });
    await begin(alice, 'five.bin', 10);
    await h.stop();

    h = await startHost({ minFreeDiskBytes: Number.MAX_SAFE_INTEGER });
    const bob = await h.signIn('Bob');
    const full = await refusal(begin(bob, 'a.bin', 10));
    expect(full.code).toBe('disk_full');
    expect(full.message).toMatch(/free/);
  });

  it('validates the MIME type and thumbnail', async () => {
    h = await startHost();
    const alice = await h.signIn('Alice');
    const odd = await share(alice, 'a.png', Buffer.from('x'), { mimeType: 'text/html; <script>' });
    expect(odd.file!.type).toBe('application/octet-stream');
    const image = await share(alice, 'a.png', Buffer.from('x'), { mimeType: 'image/png', thumbnail: 'data:image/png;base64,iVBORw0KGgo=' });
    expect(image.file).toMatchObject({ type: 'image/png', thumbnail: 'data:image/png;base64,iVBORw0KGgo=' });
    const inline = await download(alice, `/api/files/${image.file!.id}?inline=1`);
    expect(inline.res.headers.get('content-disposition')).toMatch(/^inline;/);
    expect(inline.res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const notInline = await download(alice, `/api/files/${odd.file!.id}?inline=1`);
    expect(notInline.res.headers.get('content-disposition')).toMatch(/^attachment;/);
    for (const thumbnail of ['data:image/svg+xml;base64,AAAA', 'javascript:alert(1)', `data:image/png;base64,${'A'.repeat(40_000)}`]) {
      expect(await refusal(begin(alice, 'b.png', 1, { thumbnail }))).toMatchObject({ code: 'invalid_field', field: 'thumbnail' });
    }
  });

  it('resumes an upload after a host restart', async () => {
    h = await startHost();
    const alice = await h.signIn('Alice');
    const content = randomBytes(2_000_000);
    const begun = await alice.request('file.begin', { conv: GENERAL, clientMsgId: 'f-r', name: 'r.bin', size: content.length });
    expect((await put(alice, begun.uploadUrl, 0, content.subarray(0, 1_234_567))).status).toBe(204);
    await h.restart();
    const again = await h.signIn('Alice');
    expect(await headOffset(again, begun.uploadUrl)).toBe(1_234_567);
    const resumed = await again.request('file.begin', { conv: GENERAL, clientMsgId: 'f-r', name: 'r.bin', size: content.length });
    expect(resumed).toMatchObject({ fileId: begun.fileId, offset: 1_234_567, duplicate: true });
    expect((await put(again, begun.uploadUrl, 1_234_567, content.subarray(1_234_567))).status).toBe(204);
    const done = await again.request('file.complete', { fileId: begun.fileId, sha256: sha256(content) });
    expect(done.message.file!.sha256).toBe(sha256(content));
  });

  it('deletes expired files (the message stays) and stale uploads', async () => {
    h = await startHost({ fileRetentionDays: 1e-9 });
    const alice = await h.signIn('Alice');
    const message = await share(alice, 'old.txt', Buffer.from('old news'));
    await sleep(5);
    expect(await h.host.sweepFiles()).toMatchObject({ expired: 1 });
    expect(fs.readdirSync(path.join(h.dataDir, 'files'))).toEqual([]);
    const { res, body } = await download(alice, `/api/files/${message.file!.id}`);
    expect(res.status).toBe(404);
    expect(JSON.parse(body.toString())).toMatchObject({ code: 'file_not_found' });
    const history = await alice.request('history', { conv: GENERAL });
    const kept = history.messages.find((m) => m.kind === 'file')!;
    expect(kept.file!.expiresAt).toBeLessThan(Date.now());
    expect((await refusal(alice.request('file.ticket', { fileId: message.file!.id }))).code).toBe('file_not_found');

    const stale = await begin(alice, 'stale.bin', 10);
    await put(alice, stale.uploadUrl, 0, Buffer.from('12345'));
    vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 25 * 3600_000);
    expect(await h.host.sweepFiles()).toMatchObject({ stale: 1 });
    vi.restoreAllMocks();
    expect(fs.readdirSync(path.join(h.dataDir, 'files'))).toEqual([]);
    expect((await fetch(base() + stale.uploadUrl, { method: 'HEAD', headers: auth(alice) })).status).toBe(404);
  });

  it('throws a TypeError for nonsense file options', () => {
    expect(() => new ChatHost({ dataDir: tempDir(), maxFileBytes: 0 })).toThrow(/maxFileBytes/);
    expect(() => new ChatHost({ dataDir: tempDir(), maxFileBytes: 1.5 })).toThrow(TypeError);
    expect(() => new ChatHost({ dataDir: tempDir(), fileRetentionDays: -1 })).toThrow(/fileRetentionDays/);
    expect(() => new ChatHost({ dataDir: tempDir(), fileRetentionDays: Number.NaN })).toThrow(TypeError);
    expect(() => new ChatHost({ dataDir: tempDir(), minFreeDiskBytes: -5 })).toThrow(/minFreeDiskBytes/);
  });

  it('streams a multi-GB sparse file up and down with flat memory', { timeout: 90_000 }, async () => {
    const SIZE = 2 * 1024 ** 3;
    h = await startHost({ minFreeDiskBytes: 0 });
    const alice = await h.signIn('Alice');
    const dir = tempDir('parley-sparse-');
    const source = path.join(dir, 'sparse.bin');
    fs.writeFileSync(source, '');
    fs.truncateSync(source, SIZE);
    try {
      const baseline = process.memoryUsage().rss;
      let peak = baseline;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 100);
      const began = Date.now();
      const begun = await begin(alice, 'sparse.bin', SIZE);
      const upHash = createHash('sha256');
      await new Promise<void>((resolve, reject) => {
        const req = https.request(base() + begun.uploadUrl, {
          ...pinned(),
          method: 'PUT',
          headers: { ...auth(alice), 'upload-offset': '0', 'content-length': String(SIZE) },
        });
        req.on('response', (res) => {
          res.resume();
          if (res.statusCode === 204) resolve();
          else reject(new Error(`PUT answered ${res.statusCode}`));
        });
        const hasher = new Transform({
          transform(chunk: Buffer, _e, cb) {
            upHash.update(chunk);
            cb(null, chunk);
          },
        });
        pipeline(fs.createReadStream(source, { highWaterMark: 1024 * 1024 }), hasher, req).catch(reject);
      });
      const uploaded = Date.now();
      const done = await alice.request('file.complete', { fileId: begun.fileId, sha256: upHash.digest('hex') });
      const downHash = createHash('sha256');
      let received = 0;
      await new Promise<void>((resolve, reject) => {
        https.get(base() + `/api/files/${done.message.file!.id}`, { ...pinned(), headers: auth(alice) }, (res) => {
          expect(res.statusCode).toBe(200);
          pipeline(
            res,
            new Writable({
              write(chunk: Buffer, _e, cb) {
                downHash.update(chunk);
                received += chunk.length;
                cb();
              },
            }),
          ).then(resolve, reject);
        }).on('error', reject);
      });
      const downloaded = Date.now();
      clearInterval(sampler);
      expect(received).toBe(SIZE);
      expect(downHash.digest('hex')).toBe(done.message.file!.sha256);
      const delta = peak - baseline;
      console.log(
        `sparse ${SIZE / 1024 ** 3} GiB: upload ${((SIZE / 1024 ** 2) / ((uploaded - began) / 1000)).toFixed(0)} MiB/s, ` +
          `download ${((SIZE / 1024 ** 2) / ((downloaded - uploaded) / 1000)).toFixed(0)} MiB/s, RSS delta ${(delta / 1024 ** 2).toFixed(1)} MiB`,
      );
      expect(delta).toBeLessThan(100 * 1024 ** 2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
