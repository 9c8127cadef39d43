// A consistent snapshot of a running session and a host started from it
// (session-snapshot.ts, issue 11 hand-over): taken while two people are
// sending, it holds every acknowledged message, opens cleanly, and the host
// started from it is the same session — same identity on the wire, accounts,
// seqs, files — on another port.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatClient } from '../../src-shared/chat-client.js';
import { MOVING_FILE_RETRY_AFTER_SECONDS } from '../../src-shared/limits.js';
import { channelKey, GENERAL_CHANNEL_ID } from '../../src-shared/protocol/conversations.js';
import type { Message } from '../../src-shared/protocol/frames.js';
import { ChatHost } from '../../src-main/host/chat-host.js';
import { checkSnapshotDatabase } from '../../src-main/host/database/snapshot-check.js';
import { probeSessionCertificate } from '../../src-main/trust/certificate-probe.js';
import { pinnedWebSocket } from '../../src-main/trust/pinned-websocket.js';
import { ChatClient as Client } from '../../src-shared/chat-client.js';
import { collect, type Harness, sleep, startHost, tempDir } from '../helpers/host-harness.js';
import { downloadFile } from '../../src-main/transfer/incoming-file-writer.js';
import { pinnedFetch } from '../helpers/session-pin.js';

const GENERAL = channelKey(GENERAL_CHANNEL_ID);
let h: Harness | undefined;
const successors: ChatHost[] = [];
const clients: ChatClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const host of successors.splice(0)) await host.stop();
  await h?.stop();
  h = undefined;
});

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const auth = (client: ChatClient) => ({ authorization: `Bearer ${client.token}` });

async function share(host: ChatHost, client: ChatClient, name: string, content: Buffer): Promise<Message> {
  const begun = await client.request('file.begin', { conv: GENERAL, clientMsgId: `f-${name}`, name, size: content.length });
  const res = await pinnedFetch(`https://127.0.0.1:${host.port}${begun.uploadUrl}`, host.identity!, { method: 'PUT', headers: { ...auth(client), 'upload-offset': '0' }, body: content });
  expect(res.status).toBe(204);
  return (await client.request('file.complete', { fileId: begun.fileId, sha256: sha256(content) })).message;
}

async function download(host: ChatHost, client: ChatClient, fileId: string) {
  const res = await pinnedFetch(`https://127.0.0.1:${host.port}/api/files/${fileId}`, host.identity!, { headers: auth(client) });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

/** A host over the snapshot folder, on a new port. */
async function startFrom(dataDir: string): Promise<ChatHost> {
  const host = new ChatHost({ dataDir, port: 0, bindAddress: '127.0.0.1' });
  successors.push(host);
  await host.start();
  return host;
}

/** A client of `host`, trusting exactly the identity it presents. */
function clientOf(host: ChatHost): ChatClient {
  const client = new Client({ url: `wss://127.0.0.1:${host.port}/ws`, WebSocket: pinnedWebSocket(host.identity!), minDelayMs: 20, maxDelayMs: 200, reconnect: false });
  clients.push(client);
  return client;
}

const content = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919) & 0xff));

describe('session snapshot', () => {
  it('taken while two people send 200 messages: every acknowledged one is in it, and a host started from it is the same session', async () => {
    h = await startHost({ sessionName: 'Office' });
    const alice = await h.signIn('Alice', 'alice-password');
    const bob = await h.signIn('Bob', 'bob-password');
    const fileMessage = await share(h.host, alice, 'plan.bin', content);

    const acked: Message[] = [];
    let ackedBeforeSnapshot: Message[] = [];
    const sendAll = async (client: ChatClient, who: string) => {
      for (let i = 0; i < 100; i++) {
        // A few in flight at once, as a fast typist's outbox would have.
        const batch = Array.from({ length: 4 }, (_, k) => client.send(GENERAL, `${who} ${i + k}`).done);
        acked.push(...(await Promise.all(batch)));
        i += 3;
      }
    };
    const sending = Promise.all([sendAll(alice, 'alice'), sendAll(bob, 'bob')]);
    while (acked.length < 60) await new Promise((resolve) => setImmediate(resolve));
    ackedBeforeSnapshot = [...acked];
    const snapshotDir = path.join(tempDir('parley-snapshot-'), 'snap');
    const manifest = await h.host.snapshot(snapshotDir);
    await sending;
    expect(acked.length).toBe(200);

    // Every message acknowledged before the snapshot is in it; the load went on past it.
    for (const message of ackedBeforeSnapshot) expect(message.seq).toBeLessThanOrEqual(manifest.lastSeq);
    expect(Math.max(...acked.map((m) => m.seq))).toBeGreaterThan(manifest.lastSeq);
    expect(checkSnapshotDatabase(path.join(snapshotDir, 'session.db')).lastSeq).toBe(manifest.lastSeq);
    expect(fs.existsSync(path.join(snapshotDir, 'session.db-wal'))).toBe(false);
    expect(manifest.files).toEqual([{ id: fileMessage.file!.id, size: content.length, sha256: sha256(content), path: `files/${fileMessage.file!.id}`, included: true }]);
    if (process.platform !== 'win32') {
      for (const file of ['identity.key', 'identity.crt']) expect(fs.statSync(path.join(snapshotDir, file)).mode & 0o777).toBe(0o600);
    }

    const successor = await startFrom(snapshotDir);
    expect(successor.port).not.toBe(h.host.port);
    // The same identity on the wire, as a joiner's trust check sees it.
    const pin = await probeSessionCertificate('127.0.0.1', successor.port);
    expect(pin.fingerprint).toBe(h.host.identity!.fingerprint);
    expect(successor.sessionInfo).toEqual(h.host.sessionInfo);
    expect(successor.sessionInfo.name).toBe('Office');

    // Bob resumes with his token from where he had read: exactly the messages he missed, up to the snapshot.
    const resumeFrom = ackedBeforeSnapshot[10]!.seq;
    const bobAgain = clientOf(successor);
    bobAgain.lastSeq = resumeFrom;
    const replayed = collect(bobAgain);
    await bobAgain.connect();
    await bobAgain.resume(bob.token!);
    const expected = acked.filter((m) => m.seq > resumeFrom && m.seq <= manifest.lastSeq).map((m) => m.seq).sort((a, b) => a - b);
    await replayed.waitFor(() => replayed.texts().length >= expected.length);
    const got = replayed.events.flatMap((e) => (e.type === 'message' && e.message.kind === 'text' ? [e.message.seq] : []));
    expect(got).toEqual(expected);

    // Alice signs in with her password and reads the history; a new message continues the seqs.
    const aliceAgain = clientOf(successor);
    await aliceAgain.connect();
    await aliceAgain.signIn({ name: 'Alice', password: 'alice-password' });
    const history = await aliceAgain.request('history', { conv: GENERAL, limit: 200 });
    const historyTexts = new Set(history.messages.map((m) => m.seq));
    for (const message of ackedBeforeSnapshot) expect(historyTexts.has(message.seq)).toBe(true);
    const next = await aliceAgain.send(GENERAL, 'on the new host').done;
    expect(next.seq).toBe(manifest.lastSeq + 1);

    // The file downloads from the new host, and its bytes match its SHA-256.
    const { res, body } = await download(successor, aliceAgain, fileMessage.file!.id);
    expect(res.status).toBe(200);
    expect(sha256(body)).toBe(res.headers.get('x-content-sha256'));
    expect(body.equals(content)).toBe(true);
  });

  it('with files following later: a download says the file is still moving until its bytes arrive and match', async () => {
    h = await startHost();
    const alice = await h.signIn('Alice', 'alice-password');
    const fileMessage = await share(h.host, alice, 'big.bin', content);
    const fileId = fileMessage.file!.id;
    const snapshotDir = path.join(tempDir('parley-snapshot-'), 'snap');
    const manifest = await h.host.snapshot(snapshotDir, { files: 'later' });
    expect(manifest.files[0]).toMatchObject({ id: fileId, included: false });
    expect(fs.existsSync(path.join(snapshotDir, 'files', fileId))).toBe(false);

    const successor = await startFrom(snapshotDir);
    expect(successor.filesStillMoving).toBe(1);
    const aliceAgain = clientOf(successor);
    await aliceAgain.connect();
    await aliceAgain.resume(alice.token!);
    const moving = await download(successor, aliceAgain, fileId);
    expect(moving.res.status).toBe(503);
    expect(moving.res.headers.get('retry-after')).toBe(String(MOVING_FILE_RETRY_AFTER_SECONDS));
    expect(JSON.parse(moving.body.toString())).toMatchObject({ code: 'file_unavailable', message: expect.stringContaining('still moving from the previous host') });

    // Damaged bytes are refused and the file stays awaited.
    const damaged = Buffer.from(content);
    damaged[1000] = damaged[1000]! ^ 0xff;
    await expect(successor.receiveMovedFile(fileId, Readable.from([damaged]))).rejects.toThrow(/damaged/);
    expect((await download(successor, aliceAgain, fileId)).res.status).toBe(503);

    await successor.receiveMovedFile(fileId, fs.createReadStream(path.join(h.dataDir, 'files', fileId)));
    expect(successor.filesStillMoving).toBe(0);
    const { res, body } = await download(successor, aliceAgain, fileId);
    expect(res.status).toBe(200);
    expect(sha256(body)).toBe(manifest.files[0]!.sha256);
  });

  it('a desktop download of a file still moving waits for it and then completes, verified', async () => {
    h = await startHost();
    const alice = await h.signIn('Alice', 'alice-password');
    const fileMessage = await share(h.host, alice, 'later.bin', content);
    const snapshotDir = path.join(tempDir('parley-snapshot-'), 'snap');
    await h.host.snapshot(snapshotDir, { files: 'later' });
    const successor = await startFrom(snapshotDir);
    const identity = successor.identity!;
    const dir = tempDir('parley-downloads-');
    const started = Date.now();
    // main's download (the desktop's TransferManager runs exactly this) meets 503 file_unavailable…
    const downloading = downloadFile({ baseUrl: `https://127.0.0.1:${successor.port}`, pin: { certPem: identity.certPem, fingerprint: identity.fingerprint }, file: fileMessage.file!, token: alice.token!, dir, checkDiskSpace: false });
    await sleep(300);
    // …and the bytes arrive from the old host meanwhile.
    await successor.receiveMovedFile(fileMessage.file!.id, fs.createReadStream(path.join(h.dataDir, 'files', fileMessage.file!.id)));
    const saved = await downloading;
    expect(saved.sha256).toBe(fileMessage.file!.sha256);
    expect(sha256(fs.readFileSync(saved.path))).toBe(fileMessage.file!.sha256);
    expect(Date.now() - started).toBeGreaterThanOrEqual(MOVING_FILE_RETRY_AFTER_SECONDS * 1000 - 100); // it waited, it did not fail
  }, 20_000);

  it('a restart of the host started from it keeps waiting for the files still moving', async () => {
    h = await startHost();
    const alice = await h.signIn('Alice', 'alice-password');
    const first = await share(h.host, alice, 'one.bin', content);
    const second = await share(h.host, alice, 'two.bin', content.subarray(0, 1000));
    const snapshotDir = path.join(tempDir('parley-snapshot-'), 'snap');
    await h.host.snapshot(snapshotDir, { files: 'later' });
    const successor = await startFrom(snapshotDir);
    await successor.receiveMovedFile(second.file!.id, Readable.from([content.subarray(0, 1000)]));
    await successor.stop();
    const restarted = await startFrom(snapshotDir);
    expect(restarted.filesStillMoving).toBe(1);
    const aliceAgain = clientOf(restarted);
    await aliceAgain.connect();
    await aliceAgain.resume(alice.token!);
    expect((await download(restarted, aliceAgain, first.file!.id)).res.status).toBe(503);
    expect((await download(restarted, aliceAgain, second.file!.id)).res.status).toBe(200);
  });

  it('of a host without TLS: no identity files, and the successor is the same session', async () => {
    h = await startHost({ tls: false });
    await h.signIn('Alice', 'alice-password');
    const snapshotDir = path.join(tempDir('parley-snapshot-'), 'snap');
    const manifest = await h.host.snapshot(snapshotDir);
    expect(manifest.identity).toBeNull();
    expect(fs.existsSync(path.join(snapshotDir, 'identity.key'))).toBe(false);
    const successor = new ChatHost({ dataDir: snapshotDir, port: 0, bindAddress: '127.0.0.1', tls: false });
    successors.push(successor);
    await successor.start();
    expect(successor.sessionInfo.id).toBe(h.host.sessionInfo.id);
  });

  it('a host refuses to start from a manifest whose file ids are not file ids', async () => {
    h = await startHost();
    const alice = await h.signIn('Alice', 'alice-password');
    await share(h.host, alice, 'one.bin', content.subarray(0, 10));
    const snapshotDir = path.join(tempDir('parley-snapshot-'), 'snap');
    await h.host.snapshot(snapshotDir, { files: 'later' });
    const manifestFile = path.join(snapshotDir, 'snapshot.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    manifest.files[0].id = '../../identity.key';
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    const host = new ChatHost({ dataDir: snapshotDir, port: 0, bindAddress: '127.0.0.1' });
    await expect(host.start()).rejects.toThrow(/invalid id/);
  });

  it('refuses to write over an existing folder', async () => {
    h = await startHost();
    const existing = tempDir('parley-snapshot-');
    await expect(h.host.snapshot(existing)).rejects.toThrow(/already exists/);
  });
});
