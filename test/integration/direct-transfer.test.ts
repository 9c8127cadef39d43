// Direct transfer (PROTOCOL.md, "Direct transfer"): a real TLS host on
// 127.0.0.1 port 0, a real OfferServer (TLS with the sender's device identity)
// on 127.0.0.1, real files in temp dirs. Every HTTP request is pinned.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChatClient } from '../../src-shared/chat-client.js';
import { channelKey } from '../../src-shared/protocol/conversations.js';
import type { FileInfo, Message } from '../../src-shared/protocol/frames.js';
import type { ChatHostOptions } from '../../src-main/host/chat-host.js';
import { issueOfferTicket } from '../../src-main/host/file-tickets.js';
import { downloadFileDirectOrRelay } from '../../src-main/transfer/direct-download.js';
import { OfferServer } from '../../src-main/transfer/offer-server.js';
import { uploadFile } from '../../src-main/transfer/relay-upload.js';
import { TransferError } from '../../src-main/transfer/transfer-error.js';
import { loadOrCreateIdentity, type SessionIdentity } from '../../src-main/trust/session-identity.js';
import { collect, type Harness, refusal, sleep, startHost, tempDir } from '../helpers/host-harness.js';
import { pinnedFetch } from '../helpers/session-pin.js';
import { RawSocket } from '../helpers/raw-socket.js';

let h: Harness | undefined;
let server: OfferServer | undefined;
/** The sender's device identity (its offer server presents it), and another device's. */
let device: SessionIdentity;
let otherDevice: SessionIdentity;

beforeAll(async () => {
  [device, otherDevice] = await Promise.all([loadOrCreateIdentity(tempDir('parley-device-')), loadOrCreateIdentity(tempDir('parley-device-'))]);
});

afterEach(async () => {
  vi.restoreAllMocks();
  await server?.stop();
  server = undefined;
  await h?.stop();
  h = undefined;
});

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const base = () => `https://127.0.0.1:${h!.host.port}`;
/** The session's pin, as the desktop trusted it on joining. */
const hostPin = () => h!.host.identity!;
/** fetch to the host, pinned to the session. */
const hostFetch = (url: string, init?: Parameters<typeof pinnedFetch>[2]) => pinnedFetch(url, hostPin(), init);
/** fetch to the offer server, pinned to the sender's device. */
const offerFetch = (url: string, init?: Parameters<typeof pinnedFetch>[2]) => pinnedFetch(url, device, init);

function content(n: number, seed = 1): Buffer {
  const buf = Buffer.alloc(n);
  for (let i = 0; i < n; i++) buf[i] = (i * 7919 + seed * 31 + (i >> 8)) & 0xff;
  return buf;
}

interface Setup {
  alice: ChatClient;
  bob: ChatClient;
  carol: ChatClient;
  conv: string;
  bytes: Buffer;
  srcPath: string;
  message: Message;
  file: FileInfo;
  offer: { offerId: string; key: string };
  clientMsgId: string;
}

/** Alice and Bob in #team (Carol is not), Alice offers a file from her disk. */
async function setup(size = 300_000, options: { conv?: 'team'; host?: Partial<ChatHostOptions>; served?: SessionIdentity } = {}): Promise<Setup> {
  h = await startHost(options.host);
  const alice = await h.signIn('Alice');
  const bob = await h.signIn('Bob');
  const carol = await h.signIn('Carol');
  const { channel } = await alice.request('channel.create', { name: 'team' });
  await bob.request('channel.join', { channel: channel.id });
  const conv = channelKey(channel.id);
  void options;
  const bytes = content(size);
  const srcDir = tempDir('parley-sender-');
  const srcPath = path.join(srcDir, 'plan.bin');
  fs.writeFileSync(srcPath, bytes);
  server = await new OfferServer({ host: '127.0.0.1', addresses: () => ['127.0.0.1'], identity: options.served ?? device }).start();
  const offer = server.register({ path: srcPath, size, sha256: sha256(bytes), name: 'plan.bin', mimeType: 'application/octet-stream' });
  const clientMsgId = `f-direct-${Math.random()}`;
  const { message } = await alice.request('file.offer', {
    conv,
    clientMsgId,
    name: 'plan.bin',
    size,
    sha256: sha256(bytes),
    // The identity the sender vouches for: its own device's.
    offer: { urls: server.urls(offer.offerId), key: offer.key, identity: device.fingerprint },
  });
  return { alice, bob, carol, conv, bytes, srcPath, message, file: message.file!, offer, clientMsgId };
}

describe('direct transfer', () => {
  it('a member downloads straight from the sender; the host serves no bytes', async () => {
    const s = await setup();
    expect(s.file.direct).toBe(true);
    expect(s.file.expiresAt).toBeNull();
    const dir = tempDir('parley-recv-');
    const result = await downloadFileDirectOrRelay({ client: s.bob, baseUrl: base(), file: s.file, token: s.bob.token!, pin: hostPin(), dir });
    expect(result.via).toBe('direct');
    expect(result.sha256).toBe(sha256(s.bytes));
    expect(fs.readFileSync(result.path).equals(s.bytes)).toBe(true);
    expect(server!.bytesServed).toBe(s.bytes.length);
    // The host holds no copy at all (the relay upload never started), so it cannot have served any.
    const relay = await hostFetch(`${base()}/api/files/${s.file.id}`, { headers: { authorization: `Bearer ${s.bob.token}` } });
    expect(relay.status).toBe(409);
  });

  it('an offer server presenting another key than the identity the host passed is refused: no ticket sent, the file comes from the relay', async () => {
    // Someone else's server answers at the sender's address (here: the offer server runs with another device's key).
    const s = await setup(300_000, { served: otherDevice });
    await uploadFile({ client: s.alice, baseUrl: base(), pin: hostPin(), conv: s.conv as `ch:${number}`, path: s.srcPath, clientMsgId: s.clientMsgId });
    const dir = tempDir('parley-recv-');
    const result = await downloadFileDirectOrRelay({ client: s.bob, baseUrl: base(), file: s.file, token: s.bob.token!, pin: hostPin(), dir });
    expect(result.via).toBe('relay');
    expect(result.directFailure).toContain(`refused: it presents the identity ${otherDevice.code}, not the sender's ${device.code}`);
    expect(fs.readFileSync(result.path).equals(s.bytes)).toBe(true);
    // Not one HTTP request reached it: neither the ticket nor a HEAD.
    expect(server!.requestsSeen).toBe(0);
    expect(server!.bytesServed).toBe(0);
  });

  it('file.offer takes only https URLs and needs the sender’s identity', async () => {
    const s = await setup();
    const plainUrl = server!.urls(s.offer.offerId)[0]!.replace('https:', 'http:');
    const params = { conv: s.conv as `ch:${number}`, name: 'p', size: 1, sha256: s.file.sha256 };
    const plain = await refusal(s.alice.request('file.offer', { ...params, clientMsgId: 'f-plain', offer: { urls: [plainUrl], key: s.offer.key, identity: device.fingerprint } }));
    expect(plain.code).toBe('invalid_field');
    const anonymous = await refusal(s.alice.request('file.offer', { ...params, clientMsgId: 'f-anon', offer: { urls: server!.urls(s.offer.offerId), key: s.offer.key } } as never));
    expect(anonymous.code).toBe('invalid_field');
    // file.direct hands receivers the identity to pin.
    expect(await s.bob.request('file.direct', { fileId: s.file.id })).toMatchObject({ identity: device.fingerprint, urls: server!.urls(s.offer.offerId) });
  });

  it('refuses tickets to non-members and 403s forged, expired and other-offer tickets', async () => {
    const s = await setup();
    const refused = await refusal(s.carol.request('file.direct', { fileId: s.file.id }));
    const unknown = await refusal(s.carol.request('file.direct', { fileId: 'A'.repeat(22) }));
    expect(refused.code).toBe('not_a_member');
    expect(unknown.code).toBe('file_not_found');
    const { urls, ticket } = await s.bob.request('file.direct', { fileId: s.file.id });
    const ok = await offerFetch(`${urls[0]}?ticket=${ticket}`, { method: 'HEAD' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).toBe(`"${s.file.sha256}"`);
    expect(ok.headers.get('x-content-sha256')).toBe(s.file.sha256);

    const [userId, expiresAt, mac] = ticket.split('.');
    const forged = `${userId}.${expiresAt}.${mac!.slice(0, -1)}${mac!.endsWith('0') ? '1' : '0'}`;
    const otherUser = `${Number(userId) + 1}.${expiresAt}.${mac}`;
    const key = Buffer.from(s.offer.key, 'base64url');
    const expired = issueOfferTicket(key, s.offer.offerId, Number(userId), Date.now() - 11 * 60_000).ticket;
    const second = server!.register({ path: s.srcPath, size: s.bytes.length, sha256: s.file.sha256, name: 'x' });
    const otherOffer = issueOfferTicket(Buffer.from(second.key, 'base64url'), second.offerId, Number(userId)).ticket;
    for (const bad of [forged, otherUser, expired, otherOffer, '', 'garbage']) {
      const res = await offerFetch(`${urls[0]}?ticket=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(403);
      expect(((await res.json()) as { code: string }).code).toBe('token_invalid');
    }
    // A valid ticket for one offer does not open another.
    const cross = await offerFetch(`${server!.urls(second.offerId)[0]}?ticket=${ticket}`);
    expect(cross.status).toBe(403);
    expect(server!.bytesServed).toBe(0);
  });

  it('resumes a direct transfer cut at 50% with a Range request and verifies it', async () => {
    const s = await setup(2_000_000);
    const dir = tempDir('parley-recv-');
    const stop = new AbortController();
    const cut = downloadFileDirectOrRelay({
      client: s.bob,
      baseUrl: base(),
      file: s.file,
      token: s.bob.token!,
      dir,
      signal: stop.signal,
      onProgress: (p) => {
        if (p.bytes >= p.total / 2) stop.abort();
      },
    });
    await expect(cut).rejects.toMatchObject({ code: 'aborted' });
    const held = fs.statSync(path.join(dir, 'plan.bin.part')).size;
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThan(s.bytes.length);
    // The server may still be writing the tail of the cut response into the
    // socket (on a busy machine); wait until it has stopped counting it.
    let servedBefore = -1;
    while (server!.bytesServed !== servedBefore) {
      servedBefore = server!.bytesServed;
      await sleep(100);
    }
    const result = await downloadFileDirectOrRelay({ client: s.bob, baseUrl: base(), file: s.file, token: s.bob.token!, pin: hostPin(), dir });
    expect(result.via).toBe('direct');
    expect(result.sha256).toBe(s.file.sha256);
    expect(fs.readFileSync(result.path).equals(s.bytes)).toBe(true);
    // Only the rest was sent the second time (the .part may have grown by a
    // last in-flight write after `held` was read, never shrunk).
    const servedAgain = server!.bytesServed - servedBefore;
    expect(servedAgain).toBeGreaterThan(0);
    expect(servedAgain).toBeLessThanOrEqual(s.bytes.length - held);
    const range = await offerFetch(`${(await s.bob.request('file.direct', { fileId: s.file.id })).urls[0]}?ticket=${(await s.bob.request('file.direct', { fileId: s.file.id })).ticket}`, {
      headers: { range: `bytes=${s.bytes.length}-` },
    });
    expect(range.status).toBe(416);
  });

  it('a file changed on the sender’s disk answers 410 and the receiver falls back to the relay', async () => {
    const s = await setup();
    // The relay copy, uploaded in the background with the same clientMsgId.
    const relayed = await uploadFile({ client: s.alice, baseUrl: base(), pin: hostPin(), conv: s.conv as `ch:${number}`, path: s.srcPath, clientMsgId: s.clientMsgId });
    expect(relayed.seq).toBe(s.message.seq);
    expect(relayed.file?.expiresAt).toBeGreaterThan(Date.now());
    fs.appendFileSync(s.srcPath, 'more');
    const { urls, ticket } = await s.bob.request('file.direct', { fileId: s.file.id });
    const changed = await offerFetch(`${urls[0]}?ticket=${ticket}`);
    expect(changed.status).toBe(410);
    expect(((await changed.json()) as { code: string }).code).toBe('file_changed');
    const dir = tempDir('parley-recv-');
    const result = await downloadFileDirectOrRelay({ client: s.bob, baseUrl: base(), file: s.file, token: s.bob.token!, pin: hostPin(), dir });
    expect(result.via).toBe('relay');
    expect(result.directFailure).toMatch(/410/);
    expect(fs.readFileSync(result.path).equals(s.bytes)).toBe(true);
  });

  it('the relay path works when the direct one is blocked', async () => {
    const s = await setup();
    const dir = tempDir('parley-recv-');
    await server!.stop();
    // Before the relay copy is complete: a clear "still uploading".
    const early = downloadFileDirectOrRelay({ client: s.bob, baseUrl: base(), file: s.file, token: s.bob.token!, pin: hostPin(), dir });
    await expect(early).rejects.toBeInstanceOf(TransferError);
    await expect(early).rejects.toMatchObject({ code: 'not_uploaded_yet', message: 'The sender is still uploading this file — try again in a moment.' });
    const bobEvents = collect(s.bob);
    await uploadFile({ client: s.alice, baseUrl: base(), pin: hostPin(), conv: s.conv as `ch:${number}`, path: s.srcPath, clientMsgId: s.clientMsgId });
    const result = await downloadFileDirectOrRelay({ client: s.bob, baseUrl: base(), file: s.file, token: s.bob.token!, pin: hostPin(), dir });
    expect(result.via).toBe('relay');
    expect(result.directFailure).toBeDefined();
    expect(fs.readFileSync(result.path).equals(s.bytes)).toBe(true);
    // Completing the relay copy published no second message.
    await new Promise((r) => setTimeout(r, 100));
    expect(bobEvents.events.filter((e) => e.type === 'message' && e.seq !== s.message.seq)).toHaveLength(0);
    const history = await s.bob.request('history', { conv: s.conv as `ch:${number}` });
    const files = history.messages.filter((m) => m.kind === 'file');
    expect(files).toHaveLength(1);
    expect(files[0]!.file!.expiresAt).toBeGreaterThan(Date.now());
  });

  it('an offer whose relay copy never completes expires with the retention period: partial bytes go, the message stays', async () => {
    const day = 24 * 3600_000;
    const s = await setup(300_000, { host: { fileRetentionDays: 1 } });
    const files = path.join(h!.dataDir, 'files');
    const auth = { authorization: `Bearer ${s.alice.token}` };
    // Half of the relay copy arrives, then the sender goes away for good.
    const begun = await s.alice.request('file.begin', { conv: s.conv as `ch:${number}`, clientMsgId: s.clientMsgId, name: 'plan.bin', size: s.bytes.length });
    expect(begun).toMatchObject({ fileId: s.file.id, duplicate: true });
    const half = await hostFetch(base() + begun.uploadUrl, { method: 'PUT', headers: { ...auth, 'upload-offset': '0' }, body: s.bytes.subarray(0, 150_000) });
    expect(half.status).toBe(204);
    expect(fs.readdirSync(files)).toHaveLength(1);

    // Within the retention period (and past the 24 h of an unfinished upload) the offer stays.
    const offeredAt = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(offeredAt + day - 60_000);
    expect(await h!.host.sweepFiles()).toMatchObject({ expired: 0, stale: 0, offers: 0 });
    expect(fs.readdirSync(files)).toHaveLength(1);

    vi.spyOn(Date, 'now').mockReturnValue(offeredAt + day + 60_000);
    expect(await h!.host.sweepFiles()).toMatchObject({ expired: 0, stale: 0, offers: 1 });
    vi.restoreAllMocks();
    expect(fs.readdirSync(files)).toEqual([]);

    // The message stays, showing a file that is no longer available.
    const history = await s.bob.request('history', { conv: s.conv as `ch:${number}` });
    const kept = history.messages.filter((m) => m.kind === 'file');
    expect(kept).toHaveLength(1);
    expect(kept[0]!.file).toMatchObject({ id: s.file.id, name: 'plan.bin' });
    expect(kept[0]!.file!.expiresAt).toBeLessThanOrEqual(offeredAt + day);
    expect(kept[0]!.file!.expiresAt).toBeGreaterThan(offeredAt);
    // No ticket for the sender's server, no download, no more bytes for the copy.
    expect((await refusal(s.bob.request('file.direct', { fileId: s.file.id }))).code).toBe('file_not_found');
    expect((await refusal(s.bob.request('file.ticket', { fileId: s.file.id }))).code).toBe('file_not_found');
    const download = await hostFetch(`${base()}/api/files/${s.file.id}`, { headers: { authorization: `Bearer ${s.bob.token}` } });
    expect(download.status).toBe(404);
    expect(await download.json()).toMatchObject({ code: 'file_not_found' });
    const more = await hostFetch(base() + begun.uploadUrl, { method: 'PUT', headers: { ...auth, 'upload-offset': '150000' }, body: s.bytes.subarray(150_000) });
    expect(more.status).toBe(404);
    expect(fs.readdirSync(files)).toEqual([]);
    // A later sweep finds nothing more to do.
    expect(await h!.host.sweepFiles()).toMatchObject({ offers: 0 });
  });

  it('file.cancel withdraws an offer whose relay copy is unfinished; a finished one cannot be cancelled', async () => {
    const s = await setup();
    const files = path.join(h!.dataDir, 'files');
    const begun = await s.alice.request('file.begin', { conv: s.conv as `ch:${number}`, clientMsgId: s.clientMsgId, name: 'plan.bin', size: s.bytes.length });
    const half = await hostFetch(base() + begun.uploadUrl, { method: 'PUT', headers: { authorization: `Bearer ${s.alice.token}`, 'upload-offset': '0' }, body: s.bytes.subarray(0, 1000) });
    expect(half.status).toBe(204);
    expect(fs.readdirSync(files)).toEqual([`${s.file.id}.part`]);
    // Only its sender may.
    expect((await refusal(s.bob.request('file.cancel', { fileId: s.file.id }))).code).toBe('file_not_found');
    expect(await s.alice.request('file.cancel', { fileId: s.file.id })).toEqual({ fileId: s.file.id });
    expect(fs.readdirSync(files)).toEqual([]);
    expect((await refusal(s.bob.request('file.direct', { fileId: s.file.id }))).code).toBe('file_not_found');
    const history = await s.bob.request('history', { conv: s.conv as `ch:${number}` });
    expect(history.messages.find((m) => m.kind === 'file')!.file!.expiresAt).toBeLessThanOrEqual(Date.now());

    // A second offer whose relay copy completed stays shared.
    const { message } = await s.alice.request('file.offer', {
      conv: s.conv as `ch:${number}`,
      clientMsgId: 'f-direct-kept',
      name: 'plan.bin',
      size: s.bytes.length,
      sha256: sha256(s.bytes),
      offer: { urls: server!.urls(s.offer.offerId), key: s.offer.key, identity: device.fingerprint },
    });
    await uploadFile({ client: s.alice, baseUrl: base(), pin: hostPin(), conv: s.conv as `ch:${number}`, path: s.srcPath, clientMsgId: 'f-direct-kept' });
    expect((await refusal(s.alice.request('file.cancel', { fileId: message.file!.id }))).code).toBe('file_not_found');
    expect(fs.readdirSync(files)).toEqual([message.file!.id]);
  });

  it('file.offer is idempotent by clientMsgId, and checks fields like file.begin', async () => {
    const s = await setup();
    const bobEvents = collect(s.bob);
    const again = await s.alice.request('file.offer', {
      conv: s.conv as `ch:${number}`,
      clientMsgId: s.clientMsgId,
      name: 'plan.bin',
      size: s.bytes.length,
      sha256: s.file.sha256,
      offer: { urls: server!.urls(s.offer.offerId), key: s.offer.key, identity: device.fingerprint },
    });
    expect(again.duplicate).toBe(true);
    expect(again.message.seq).toBe(s.message.seq);
    const begun = await s.alice.request('file.begin', { conv: s.conv as `ch:${number}`, clientMsgId: s.clientMsgId, name: 'plan.bin', size: s.bytes.length });
    expect(begun.fileId).toBe(s.file.id);
    expect(begun.offset).toBe(0);
    const tooBig = await refusal(
      s.alice.request('file.offer', {
        conv: s.conv as `ch:${number}`,
        clientMsgId: 'f-big',
        name: 'big',
        size: 5 * 1024 ** 4,
        sha256: s.file.sha256,
        offer: { urls: server!.urls(s.offer.offerId), key: s.offer.key, identity: device.fingerprint },
      }),
    );
    expect(tooBig.code).toBe('file_too_large');
    const notMember = await refusal(
      s.carol.request('file.offer', {
        conv: s.conv as `ch:${number}`,
        clientMsgId: 'f-c',
        name: 'c',
        size: 1,
        sha256: s.file.sha256,
        offer: { urls: server!.urls(s.offer.offerId), key: s.offer.key, identity: device.fingerprint },
      }),
    );
    expect(notMember.code).toBe('not_a_member');
    const mixed = await refusal(
      s.alice.request('file.offer', {
        conv: s.conv as `ch:${number}`,
        clientMsgId: 'f-mixed',
        name: 'm',
        size: 1,
        sha256: s.file.sha256,
        offer: { urls: [server!.urls(s.offer.offerId)[0]!, `https://127.0.0.1:1/offers/${'B'.repeat(22)}`], key: s.offer.key, identity: device.fingerprint },
      }),
    );
    expect(mixed.code).toBe('invalid_field');
    await new Promise((r) => setTimeout(r, 100));
    // Only the original offer's message (fanned out once), nothing from the duplicate or the refusals.
    expect(bobEvents.events.filter((e) => e.seq !== s.message.seq)).toEqual([]);
  });

  it('never sends the offer key or URLs to other clients', async () => {
    h = await startHost();
    const raw = await RawSocket.open(h.url);
    await raw.signIn('Bob');
    const alice = await h.signIn('Alice');
    const bytes = content(10_000, 7);
    const srcPath = path.join(tempDir('parley-sender-'), 'k.bin');
    fs.writeFileSync(srcPath, bytes);
    server = await new OfferServer({ host: '127.0.0.1', addresses: () => ['127.0.0.1'], identity: device }).start();
    const offer = server.register({ path: srcPath, size: bytes.length, sha256: sha256(bytes), name: 'k.bin' });
    const conv = channelKey(1);
    const clientMsgId = 'f-key';
    await alice.request('file.offer', { conv, clientMsgId, name: 'k.bin', size: bytes.length, sha256: sha256(bytes), offer: { urls: server.urls(offer.offerId), key: offer.key, identity: device.fingerprint } });
    await raw.waitFor((f) => f.type === 'events');
    await uploadFile({ client: alice, baseUrl: base(), pin: hostPin(), conv, path: srcPath, clientMsgId });
    const history = await raw.request('history', { conv });
    const late = await RawSocket.open(h.url);
    await late.signIn('Bob', 'secret-pw');
    await late.request('history', { conv });
    const direct = await raw.request('file.direct', { fileId: (history.data as { messages: Message[] }).messages.find((m) => m.kind === 'file')!.file!.id });
    expect(direct.type).toBe('reply');
    const seen = JSON.stringify([...raw.frames, ...late.frames]);
    expect(seen).toContain(offer.offerId); // only in the file.direct reply
    const withoutDirect = JSON.stringify([...raw.frames.filter((f) => f !== direct), ...late.frames]);
    expect(withoutDirect).not.toContain(offer.key);
    expect(withoutDirect).not.toContain(offer.offerId);
    expect(seen).not.toContain(offer.key);
    raw.close();
    late.close();
  });
});
