// The file relay clients (src-main/transfer) against an in-test relay that
// implements PROTOCOL.md "Files" (test/helpers/fake-file-relay.ts), with
// faults: cut connections, flipped bytes, stalls, full disks; then against the
// real ChatHost over TLS pinned to its session identity (and one --plain host).
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadFile } from '../../src-main/transfer/incoming-file-writer.js';
import { uploadFile } from '../../src-main/transfer/relay-upload.js';
import { TransferError } from '../../src-main/transfer/transfer-error.js';
import type { TransferProgress } from '../../src-main/transfer/transfer-progress.js';
import { channelKey, dmKey, GENERAL_CHANNEL_ID } from '../../src-shared/protocol/conversations.js';
import { FakeFileRelay, TOKEN } from '../helpers/fake-file-relay.js';
import { loadOrCreateIdentity, type SessionIdentity } from '../../src-main/trust/session-identity.js';
import { startHost, startPlainHost, type Harness } from '../helpers/host-harness.js';

let relay: FakeFileRelay;
let work: string;

beforeEach(async () => {
  relay = await new FakeFileRelay().start();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-transfer-'));
});
afterEach(async () => {
  await relay.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const MB = 1024 * 1024;

function localFile(name: string, content: Buffer): string {
  const p = path.join(work, name);
  fs.writeFileSync(p, content);
  return p;
}

async function transferError(promise: Promise<unknown>): Promise<TransferError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TransferError) return error;
    throw error;
  }
  throw new Error('expected a TransferError');
}

function downloads(): string {
  const d = path.join(work, 'downloads');
  fs.mkdirSync(d, { recursive: true });
  return d;
}

describe('uploadFile', () => {
  it('streams the file, reports progress, and completes with its SHA-256', async () => {
    const content = randomBytes(3 * MB + 17);
    const seen: TransferProgress[] = [];
    const message = await uploadFile({ client: relay.client(), baseUrl: relay.baseUrl, conv: 'ch:1', path: localFile('plan.pdf', content), onProgress: (p) => seen.push(p) });
    expect(message.kind).toBe('file');
    expect(message.file?.name).toBe('plan.pdf');
    expect(message.file?.sha256).toBe(sha(content));
    expect(fs.readFileSync(relay.files.get(message.file!.id)!.path).equals(content)).toBe(true);
    expect(seen.at(-1)?.bytes).toBe(content.length);
    expect(seen.every((p) => p.total === content.length)).toBe(true);
    const begin = relay.requests.find((r) => r.type === 'file.begin')!;
    expect(begin.params).toMatchObject({ conv: 'ch:1', name: 'plan.pdf', size: content.length });
    expect(relay.log).toEqual(['PUT 0']);
  });

  it('resumes after the connection is cut at 50%: HEAD, then PUT from the held offset', async () => {
    const content = randomBytes(4 * MB);
    relay.faults.cutUploadAt = 2 * MB;
    const message = await uploadFile({ client: relay.client(), baseUrl: relay.baseUrl, conv: 'ch:1', path: localFile('big.bin', content) });
    expect(relay.log).toEqual(['PUT 0', 'HEAD', `PUT ${2 * MB}`]);
    expect(message.file?.sha256).toBe(sha(content));
    expect(fs.readFileSync(relay.files.get(message.file!.id)!.path).equals(content)).toBe(true);
  });

  it('resumes an earlier upload with the same clientMsgId (hashing the held prefix from disk)', async () => {
    const content = randomBytes(2 * MB);
    const file = localFile('again.bin', content);
    relay.faults.cutUploadAt = MB;
    const first = await transferError(uploadFile({ client: relay.client(), baseUrl: relay.baseUrl, conv: 'ch:1', path: file, clientMsgId: 'f-same', retries: 0 }));
    expect(first.code).toBe('host_unreachable');
    expect(first.resumable).toBe(true);
    const message = await uploadFile({ client: relay.client(), baseUrl: relay.baseUrl, conv: 'ch:1', path: file, clientMsgId: 'f-same' });
    expect(relay.log).toEqual(['PUT 0', `PUT ${MB}`]);
    expect(message.file?.sha256).toBe(sha(content));
  });

  it('follows a 409 to the offset the host holds', async () => {
    const content = randomBytes(MB);
    const file = localFile('c.bin', content);
    // The host already holds 1000 bytes but the client is told offset 0 (e.g. a stale begin reply).
    const client = relay.client();
    const real = client.request.bind(client);
    (client as { request: unknown }).request = async (type: string, params: Record<string, unknown>) => {
      const reply = (await real(type as 'file.begin', params as never)) as { fileId: string };
      if (type === 'file.begin') {
        const u = relay.uploads.get(reply.fileId)!;
        fs.writeFileSync(u.path, content.subarray(0, 1000));
        u.held = 1000;
      }
      return reply;
    };
    const message = await uploadFile({ client, baseUrl: relay.baseUrl, conv: 'ch:1', path: file });
    // The 409 may arrive before or after the socket closes (the client's body is unread): HEAD is the fallback.
    expect(relay.log.filter((l) => l !== 'HEAD')).toEqual(['PUT 0', 'PUT 1000']);
    expect(message.file?.sha256).toBe(sha(content));
  });

  it('waits out server errors (upload-resume policy): HEAD, then PUT from the held offset', async () => {
    const content = randomBytes(MB);
    relay.faults.failUploads = [503, 500];
    const started = Date.now();
    const message = await uploadFile({ client: relay.client(), baseUrl: relay.baseUrl, conv: 'ch:1', path: localFile('busy.bin', content) });
    expect(relay.log).toEqual(['PUT 0', 'HEAD', 'PUT 0', 'HEAD', 'PUT 0']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500 + 1000 - 50); // 500 ms, then 1 s
    expect(message.file?.sha256).toBe(sha(content));
  });

  it('gives up at once when the host refuses for good (507), keeping the host\'s words', async () => {
    relay.faults.failUploads = [507];
    const error = await transferError(uploadFile({ client: relay.client(), baseUrl: relay.baseUrl, conv: 'ch:1', path: localFile('full.bin', randomBytes(1000)) }));
    expect(error.code).toBe('disk_full');
    expect(relay.log).toEqual(['PUT 0']);
  });

  it('gives up on server errors after `retries` of them in a row, resumable', async () => {
    relay.faults.failUploads = [503, 503, 503];
    const error = await transferError(uploadFile({ client: relay.client(), baseUrl: relay.baseUrl, conv: 'ch:1', path: localFile('down.bin', randomBytes(1000)), retries: 1 }));
    expect(error).toMatchObject({ code: 'http_error', resumable: true });
    expect(relay.log).toEqual(['PUT 0', 'HEAD', 'PUT 0']);
  });

  it('uploads a 0-byte file', async () => {
    const message = await uploadFile({ client: relay.client(), baseUrl: relay.baseUrl, conv: 'ch:1', path: localFile('empty', Buffer.alloc(0)) });
    expect(message.file?.size).toBe(0);
    expect(message.file?.sha256).toBe(sha(Buffer.alloc(0)));
  });

  it('stops on abort and stays resumable; cancel: true also sends file.cancel', async () => {
    const content = randomBytes(8 * MB);
    const file = localFile('slow.bin', content);
    relay.faults.stallUploadAt = MB;
    const controller = new AbortController();
    const pending = uploadFile({
      client: relay.client(),
      baseUrl: relay.baseUrl,
      conv: 'ch:1',
      path: file,
      clientMsgId: 'f-abort',
      signal: controller.signal,
      onProgress: (p) => {
        if (p.bytes >= MB) controller.abort();
      },
    });
    const error = await transferError(pending);
    expect(error.code).toBe('aborted');
    expect(relay.requests.map((r) => r.type)).toEqual(['file.begin']);
    relay.faults.stallUploadAt = undefined;
    const message = await uploadFile({ client: relay.client(), baseUrl: relay.baseUrl, conv: 'ch:1', path: file, clientMsgId: 'f-abort' });
    expect(message.file?.sha256).toBe(sha(content));

    relay.faults.stallUploadAt = MB;
    const c2 = new AbortController();
    const cancelled = uploadFile({ client: relay.client(), baseUrl: relay.baseUrl, conv: 'ch:1', path: file, clientMsgId: 'f-cancel', signal: c2.signal, cancel: true, onProgress: (p) => p.bytes >= MB && c2.abort() });
    expect((await transferError(cancelled)).code).toBe('aborted');
    expect(relay.requests.at(-1)?.type).toBe('file.cancel');
    expect([...relay.uploads.values()].some((u) => u.clientMsgId === 'f-cancel')).toBe(false);
  });

  it('fails with host_unreachable when nothing listens', async () => {
    const client = relay.client();
    const dead = http.createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((r) => dead.close(() => r()));
    const error = await transferError(uploadFile({ client, baseUrl: `http://127.0.0.1:${port}`, conv: 'ch:1', path: localFile('x', randomBytes(10)), retries: 1 }));
    expect(error.code).toBe('host_unreachable');
  });
});

describe('downloadFile', () => {
  it('saves the file under its sanitised name and reports progress', async () => {
    const content = randomBytes(3 * MB + 5);
    const file = relay.addFile('report.pdf', content);
    const seen: TransferProgress[] = [];
    const result = await downloadFile({ baseUrl: relay.baseUrl, file, token: TOKEN, dir: downloads(), onProgress: (p) => seen.push(p) });
    expect(result.path).toBe(path.join(downloads(), 'report.pdf'));
    expect(result.sha256).toBe(sha(content));
    expect(fs.readFileSync(result.path).equals(content)).toBe(true);
    expect(fs.readdirSync(downloads())).toEqual(['report.pdf']);
    expect(seen.at(-1)?.bytes).toBe(content.length);
  });

  it('works with a ticket URL instead of a token', async () => {
    const file = relay.addFile('t.txt', Buffer.from('hello'));
    const result = await downloadFile({ baseUrl: relay.baseUrl, file, ticketUrl: `/api/files/${file.id}?ticket=good-ticket`, dir: downloads() });
    expect(fs.readFileSync(result.path, 'utf8')).toBe('hello');
  });

  it('resumes with Range after the connection is cut at 50%', async () => {
    const content = randomBytes(4 * MB);
    const file = relay.addFile('big.bin', content);
    relay.faults.cutDownloadAt = 2 * MB;
    const result = await downloadFile({ baseUrl: relay.baseUrl, file, token: TOKEN, dir: downloads() });
    expect(relay.log[0]).toBe('GET all');
    expect(relay.log[1]).toMatch(/^GET bytes=\d+-$/);
    expect(Number(/=(\d+)-/.exec(relay.log[1]!)![1])).toBeGreaterThan(0);
    expect(fs.readFileSync(result.path).equals(content)).toBe(true);
  });

  it('fails as host_unreachable (resumable) and a later call resumes from the .part', async () => {
    const content = randomBytes(4 * MB);
    const file = relay.addFile('later.bin', content);
    relay.faults.cutDownloadAt = 2 * MB;
    const error = await transferError(downloadFile({ baseUrl: relay.baseUrl, file, token: TOKEN, dir: downloads(), retries: 0 }));
    expect(error.code).toBe('host_unreachable');
    expect(error.resumable).toBe(true);
    const partBytes = fs.statSync(path.join(downloads(), 'later.bin.part')).size;
    expect(partBytes).toBeGreaterThan(0);
    const result = await downloadFile({ baseUrl: relay.baseUrl, file, token: TOKEN, dir: downloads() });
    expect(relay.log).toEqual(['GET all', `GET bytes=${partBytes}-`]);
    expect(fs.readFileSync(result.path).equals(content)).toBe(true);
    expect(fs.readdirSync(downloads())).toEqual(['later.bin']);
  });

  it('starts over when the host answers 200 to a Range request', async () => {
    const content = randomBytes(MB);
    const file = relay.addFile('r.bin', content);
    fs.writeFileSync(path.join(downloads(), 'r.bin.part'), content.subarray(0, 1000));
    relay.faults.ignoreRange = true;
    const result = await downloadFile({ baseUrl: relay.baseUrl, file, token: TOKEN, dir: downloads() });
    expect(fs.readFileSync(result.path).equals(content)).toBe(true);
  });

  it('detects one flipped byte: checksum_mismatch, no final file, .part deleted', async () => {
    const content = randomBytes(MB);
    const file = relay.addFile('damaged.bin', content);
    relay.faults.flipByteAt = 12345;
    const error = await transferError(downloadFile({ baseUrl: relay.baseUrl, file, token: TOKEN, dir: downloads() }));
    expect(error.code).toBe('checksum_mismatch');
    expect(fs.readdirSync(downloads())).toEqual([]);
  });

  it('never overwrites: an existing a.txt means the download is saved as a (1).txt', async () => {
    fs.writeFileSync(path.join(downloads(), 'a.txt'), 'mine');
    fs.writeFileSync(path.join(downloads(), 'a (1).txt'), 'mine too');
    const file = relay.addFile('a.txt', Buffer.from('theirs'));
    const result = await downloadFile({ baseUrl: relay.baseUrl, file, token: TOKEN, dir: downloads() });
    expect(path.basename(result.path)).toBe('a (2).txt');
    expect(fs.readFileSync(path.join(downloads(), 'a.txt'), 'utf8')).toBe('mine');
    expect(fs.readFileSync(path.join(downloads(), 'a (1).txt'), 'utf8')).toBe('mine too');
    expect(fs.readFileSync(result.path, 'utf8')).toBe('theirs');
  });

  it('two concurrent downloads of different files with the same name both land, under distinct names', async () => {
    const one = relay.addFile('same.txt', randomBytes(MB));
    const two = relay.addFile('x/same.txt', randomBytes(MB));
    const [r1, r2] = await Promise.all([
      downloadFile({ baseUrl: relay.baseUrl, file: one, token: TOKEN, dir: downloads() }),
      downloadFile({ baseUrl: relay.baseUrl, file: two, token: TOKEN, dir: downloads() }),
    ]);
    expect(fs.readdirSync(downloads()).sort()).toEqual(['same (1).txt', 'same.txt']);
    expect(sha(fs.readFileSync(r1.path))).toBe(one.sha256);
    expect(sha(fs.readFileSync(r2.path))).toBe(two.sha256);
  });

  it.each([
    ['../../x', 'x'],
    ['a/b', 'b'],
    ['..\\..\\evil.exe', 'evil.exe'],
    ['CON', '_CON'],
    ['con.txt', '_con.txt'],
    ['..', 'file'],
    ['bell\u0007\nname\u202e.txt', 'bell__name_.txt'],
    [`${'n'.repeat(300)}.txt`, `${'n'.repeat(196)}.txt`],
  ])('keeps the hostile name %j inside dir (saved as %j)', async (hostile, expected) => {
    const file = relay.addFile(hostile, Buffer.from('payload'));
    const result = await downloadFile({ baseUrl: relay.baseUrl, file, token: TOKEN, dir: downloads() });
    expect(path.dirname(result.path)).toBe(downloads());
    expect(path.basename(result.path)).toBe(expected);
    expect(fs.readdirSync(downloads())).toEqual([expected]);
    expect(fs.readdirSync(work).sort()).toEqual(['downloads']);
  });

  it('downloads a 0-byte file', async () => {
    const file = relay.addFile('empty.txt', Buffer.alloc(0));
    const result = await downloadFile({ baseUrl: relay.baseUrl, file, token: TOKEN, dir: downloads() });
    expect(fs.statSync(result.path).size).toBe(0);
  });

  it('refuses up front when the disk is too full, saying how much is needed and free', async () => {
    const file = relay.addFile('huge.bin', randomBytes(MB));
    const error = await transferError(downloadFile({ baseUrl: relay.baseUrl, file, token: TOKEN, dir: downloads(), statfs: () => Promise.resolve({ bavail: 1000, bsize: 4096 }) }));
    expect(error.code).toBe('disk_full');
    expect(error.message).toMatch(/needs 18 MB but .* has 4\.1 MB free/);
    expect(relay.log).toEqual([]);
    expect(fs.readdirSync(downloads())).toEqual([]);
    // checkDiskSpace: false skips the check
    await downloadFile({ baseUrl: relay.baseUrl, file, token: TOKEN, dir: downloads(), checkDiskSpace: false, statfs: () => Promise.reject(new Error('not called')) });
  });

  it('counts bytes already in the .part when checking disk space', async () => {
    const content = randomBytes(4 * MB);
    const file = relay.addFile('p.bin', content);
    fs.writeFileSync(path.join(downloads(), 'p.bin.part'), content.subarray(0, 3 * MB));
    const freeBytes = 16 * MB + MB + 100; // enough for the last MB + margin, not for the whole file
    const result = await downloadFile({ baseUrl: relay.baseUrl, file, token: TOKEN, dir: downloads(), statfs: () => Promise.resolve({ bavail: freeBytes, bsize: 1 }) });
    expect(relay.log).toEqual([`GET bytes=${3 * MB}-`]);
    expect(fs.readFileSync(result.path).equals(content)).toBe(true);
  });

  it('stops on abort, keeping the .part for later', async () => {
    const content = randomBytes(4 * MB);
    const file = relay.addFile('stop.bin', content);
    relay.faults.stallDownloadAt = MB;
    const controller = new AbortController();
    const error = await transferError(
      downloadFile({ baseUrl: relay.baseUrl, file, token: TOKEN, dir: downloads(), signal: controller.signal, onProgress: (p) => p.bytes >= MB && controller.abort() }),
    );
    expect(error.code).toBe('aborted');
    expect(fs.readdirSync(downloads())).toEqual(['stop.bin.part']);
    relay.faults.stallDownloadAt = undefined;
    const result = await downloadFile({ baseUrl: relay.baseUrl, file, token: TOKEN, dir: downloads() });
    expect(fs.readFileSync(result.path).equals(content)).toBe(true);
  });

  it('maps 404, 403 and a refused connection to file_not_found, forbidden and host_unreachable', async () => {
    const file = relay.addFile('gone.bin', Buffer.from('x'));
    const missing = { ...file, id: 'nope' };
    const notFound = await transferError(downloadFile({ baseUrl: relay.baseUrl, file: missing, token: TOKEN, dir: downloads() }));
    expect(notFound.code).toBe('file_not_found');
    expect(notFound.message).toMatch(/no longer has/);
    relay.faults.forbidden = true;
    expect((await transferError(downloadFile({ baseUrl: relay.baseUrl, file, token: TOKEN, dir: downloads() }))).code).toBe('forbidden');
    const dead = http.createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((r) => dead.close(() => r()));
    const unreachable = await transferError(downloadFile({ baseUrl: `http://127.0.0.1:${port}`, file, token: TOKEN, dir: downloads(), retries: 1 }));
    expect(unreachable.code).toBe('host_unreachable');
    expect(unreachable.resumable).toBe(true);
  });

  it('round trip: upload then download gives identical bytes', async () => {
    const content = randomBytes(2 * MB + 3);
    const message = await uploadFile({ client: relay.client(), baseUrl: relay.baseUrl, conv: 'ch:1', path: localFile('round.bin', content) });
    const result = await downloadFile({ baseUrl: relay.baseUrl, file: message.file!, token: TOKEN, dir: downloads() });
    expect(fs.readFileSync(result.path).equals(content)).toBe(true);
  });
});

describe('against the real ChatHost', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('uploads with uploadFile and downloads with downloadFile, by token and by ticket; a non-member is refused', async () => {
    h = await startHost();
    const baseUrl = `https://127.0.0.1:${h.host.port}`;
    const pin = h.host.identity!;
    const alice = await h.signIn('alice');
    const bob = await h.signIn('bob');
    const carol = await h.signIn('carol');
    const content = randomBytes(3 * MB + 1);
    const seen: TransferProgress[] = [];
    const message = await uploadFile({ client: alice, pin, baseUrl, conv: channelKey(GENERAL_CHANNEL_ID), path: localFile('shared.bin', content), type: 'application/x-test', onProgress: (p) => seen.push(p) });
    expect(message.file).toMatchObject({ name: 'shared.bin', size: content.length, sha256: sha(content), type: 'application/x-test' });
    expect(seen.at(-1)?.bytes).toBe(content.length);

    const byToken = await downloadFile({ pin, baseUrl, file: message.file!, token: bob.token!, dir: downloads() });
    expect(fs.readFileSync(byToken.path).equals(content)).toBe(true);
    const ticket = await bob.request('file.ticket', { fileId: message.file!.id });
    const byTicket = await downloadFile({ pin, baseUrl, file: message.file!, ticketUrl: ticket.url, dir: downloads() });
    expect(path.basename(byTicket.path)).toBe('shared (1).bin');
    expect(fs.readFileSync(byTicket.path).equals(content)).toBe(true);

    // A DM between alice and bob: carol is not a member.
    const dm = dmKey(alice.me!.id, bob.me!.id);
    const secret = await uploadFile({ client: alice, pin, baseUrl, conv: dm, path: localFile('secret.txt', Buffer.from('for bob only')) });
    const refused = await transferError(downloadFile({ pin, baseUrl, file: secret.file!, token: carol.token!, dir: downloads() }));
    expect(refused.code).toBe('forbidden');
    expect(fs.readdirSync(downloads()).sort()).toEqual(['shared (1).bin', 'shared.bin']);
  });

  it('resumes both legs when a proxy in front of the real host cuts the connection at 50%', async () => {
    h = await startHost();
    const pin = h.host.identity!;
    const alice = await h.signIn('alice');
    const content = randomBytes(4 * MB);
    const proxy = await cuttingProxy(h.host.port);
    try {
      proxy.cutUpAt = 2 * MB;
      const message = await uploadFile({ client: alice, pin, baseUrl: proxy.baseUrl, conv: channelKey(GENERAL_CHANNEL_ID), path: localFile('cut.bin', content) });
      expect(proxy.cuts).toBe(1);
      expect(message.file?.sha256).toBe(sha(content));
      proxy.cutDownAt = 2 * MB;
      const result = await downloadFile({ pin, baseUrl: proxy.baseUrl, file: message.file!, token: alice.token!, dir: downloads() });
      expect(proxy.cuts).toBe(2);
      expect(fs.readFileSync(result.path).equals(content)).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it('resumes an upload to the real host with the same clientMsgId after an abort', async () => {
    h = await startHost();
    const baseUrl = `https://127.0.0.1:${h.host.port}`;
    const pin = h.host.identity!;
    const alice = await h.signIn('alice');
    const content = randomBytes(8 * MB);
    const file = localFile('resume.bin', content);
    const controller = new AbortController();
    const first = await transferError(
      uploadFile({ client: alice, pin, baseUrl, conv: channelKey(GENERAL_CHANNEL_ID), path: file, clientMsgId: 'f-resume-1', signal: controller.signal, onProgress: (p) => p.bytes >= 2 * MB && controller.abort() }),
    );
    expect(first.code).toBe('aborted');
    const resumed: TransferProgress[] = [];
    const message = await uploadFile({ client: alice, pin, baseUrl, conv: channelKey(GENERAL_CHANNEL_ID), path: file, clientMsgId: 'f-resume-1', onProgress: (p) => resumed.push(p) });
    expect(message.file?.sha256).toBe(sha(content));
    const result = await downloadFile({ pin, baseUrl, file: message.file!, token: alice.token!, dir: downloads() });
    expect(fs.readFileSync(result.path).equals(content)).toBe(true);
  });

  it('a host presenting another certificate than the pinned one gets no byte of the file and no token: identity_mismatch, not retried', async () => {
    h = await startHost();
    const alice = await h.signIn('alice');
    const content = randomBytes(MB);
    const message = await uploadFile({ client: alice, pin: h.host.identity!, baseUrl: h.httpBase, conv: channelKey(GENERAL_CHANNEL_ID), path: localFile('real.bin', content) });
    // Someone else's server answers where the file HTTP goes; the client still pins the session it trusted.
    const impostor = await impostorHost(await loadOrCreateIdentity(path.join(work, 'impostor')));
    try {
      const up = await transferError(uploadFile({ client: alice, pin: h.host.identity!, baseUrl: impostor.baseUrl, conv: channelKey(GENERAL_CHANNEL_ID), path: localFile('secret.bin', content), retries: 3 }));
      expect(up.code).toBe('identity_mismatch');
      expect(up.message).toContain(`This is not the session you trusted (code ${h.host.identity!.code})`);
      const down = await transferError(downloadFile({ pin: h.host.identity!, baseUrl: impostor.baseUrl, file: message.file!, token: alice.token!, dir: downloads(), retries: 3 }));
      expect(down.code).toBe('identity_mismatch');
      // One handshake each, refused: no request line, no Authorization header, no body, and no retries.
      expect(impostor.seen.requests).toEqual([]);
      expect(impostor.seen.connections).toBe(2);
      expect(fs.readdirSync(downloads())).toEqual([]);
    } finally {
      await impostor.close();
    }
  });

  it('an https host without a pin is not contacted at all: not_trusted, "join the session first"', async () => {
    h = await startHost();
    const alice = await h.signIn('alice');
    const impostor = await impostorHost(h.host.identity!);
    try {
      const up = await transferError(uploadFile({ client: alice, pin: null, baseUrl: impostor.baseUrl, conv: channelKey(GENERAL_CHANNEL_ID), path: localFile('x.bin', randomBytes(10)) }));
      expect(up.code).toBe('not_trusted');
      expect(up.message).toMatch(/not trusted yet — join the session first/);
      const file = { id: 'F1', name: 'x.bin', size: 10, type: 'application/octet-stream', sha256: sha(Buffer.alloc(10)), thumbnail: null, expiresAt: null };
      expect((await transferError(downloadFile({ baseUrl: impostor.baseUrl, file, token: alice.token!, dir: downloads() }))).code).toBe('not_trusted');
      expect(impostor.seen.connections).toBe(0);
    } finally {
      await impostor.close();
    }
  });

  it('a --plain host (plain mode) keeps working over http without a pin', async () => {
    h = await startPlainHost();
    const alice = await h.signIn('alice');
    const content = randomBytes(100_000);
    const message = await uploadFile({ client: alice, baseUrl: h.httpBase, conv: channelKey(GENERAL_CHANNEL_ID), path: localFile('plain.bin', content) });
    expect(h.httpBase).toMatch(/^http:/);
    const result = await downloadFile({ baseUrl: h.httpBase, file: message.file!, token: alice.token!, dir: downloads() });
    expect(fs.readFileSync(result.path).equals(content)).toBe(true);
  });
});

/** A TLS server with `identity` in place of the host, recording every connection and (decrypted) request it gets. */
async function impostorHost(identity: SessionIdentity) {
  const seen = { connections: 0, requests: [] as string[] };
  const server = https.createServer({ key: identity.keyPem, cert: identity.certPem }, (req, res) => {
    seen.requests.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
    req.resume();
    res.writeHead(204, { 'upload-offset': '0' }).end();
  });
  server.on('connection', () => seen.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    seen,
    baseUrl: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A TCP proxy to 127.0.0.1:port that cuts one connection once it has carried cutUpAt (client → host) or cutDownAt (host → client) bytes. */
async function cuttingProxy(port: number) {
  const sockets = new Set<net.Socket>();
  const state = {
    cutUpAt: undefined as number | undefined,
    cutDownAt: undefined as number | undefined,
    cuts: 0,
    baseUrl: '',
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    sockets.add(client).add(upstream);
    let up = 0;
    let down = 0;
    const cut = () => {
      state.cuts++;
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      up += chunk.length;
      if (state.cutUpAt !== undefined && up >= state.cutUpAt) {
        state.cutUpAt = undefined;
        return cut();
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      down += chunk.length;
      if (state.cutDownAt !== undefined && down >= state.cutDownAt) {
        state.cutDownAt = undefined;
        return cut();
      }
      client.write(chunk);
    });
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
