// Files in end-to-end encrypted DMs through the desktop main's transfer path
// (TransferManager → UploadRunner / DownloadRunner, encrypted-files.ts) against
// a real host: the host keeps only ciphertext under a neutral name, the
// receiver gets the exact bytes and name back, and a changed byte saves nothing.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { TransferManager } from '../../src-main/transfer/file-transfers.js';
import type { DownloadRequest } from '../../src-main/transfer/transfer-record.js';
import type { ChatClient, WebSocketConstructor } from '../../src-shared/chat-client.js';
import { prepareDmFile } from '../../src-shared/e2e/dm-file.js';
import { memoryDeviceKeyStore } from '../../src-shared/e2e/device-key-store.js';
import { DmSession } from '../../src-shared/e2e/dm-session.js';
import { memoryDmStateStore } from '../../src-shared/e2e/dm-state.js';
import type { FileProgress } from '../../src-shared/ipc/ipc-contract.js';
import { dmKey } from '../../src-shared/protocol/conversations.js';
import type { Message } from '../../src-shared/protocol/frames.js';
import { collect, startHost, tempDir, type Harness } from '../helpers/host-harness.js';

let h: Harness | undefined;
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await h?.stop();
  h = undefined;
});

const MARKER = 'PARLEY-SECRET-PLAINTEXT-7f3a9c';
const CAPTION = 'PARLEY-SECRET-CAPTION-51be';
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function person(name: string) {
  const client: ChatClient = h!.client();
  const dm = new DmSession({ client, keyStore: memoryDeviceKeyStore(), stateStore: memoryDmStateStore() });
  const events = collect(client);
  await client.connect();
  await client.signIn({ name, password: 'secret-pw' });
  await dm.settled();
  const stagingDir = tempDir('parley-staging-');
  const progress: FileProgress[] = [];
  const pin = h!.host.identity!;
  const transfers = new TransferManager({
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    pinFor: () => ({ certPem: pin.certPem, fingerprint: pin.fingerprint }),
    emit: (p) => progress.push(p),
    direct: false,
    retries: 0,
    stagingDir,
  });
  cleanups.push(() => transfers.dispose(), () => dm.dispose(), () => client.close());
  return { client, dm, events, transfers, progress, stagingDir };
}

/** Every file under `dir`, recursively. */
function allFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? allFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

async function settled(transfers: TransferManager, id: string): Promise<FileProgress> {
  await expect.poll(() => transfers.snapshot(id).state, { timeout: 15_000 }).toMatch(/done|failed|cancelled/);
  return transfers.snapshot(id);
}

describe('a file in an encrypted DM, through the desktop transfer path', () => {
  it('the host stores only ciphertext under "encrypted file"; bob gets the exact bytes, name and caption; a changed byte saves nothing', async () => {
    h = await startHost();
    const ann = await person('ann');
    const bob = await person('bob');
    const conv = dmKey(ann.client.me!.id, bob.client.me!.id);
    // Several secretstream chunks (64 KiB each) of a pattern easy to find in any stored copy.
    const plaintext = Buffer.from(`${MARKER}\n`.repeat(10_000));
    const source = path.join(tempDir('parley-src-'), 'tax-return-2026.pdf');
    fs.writeFileSync(source, plaintext);

    const prepared = await prepareDmFile(ann.dm, conv, { name: 'tax-return-2026.pdf', type: 'application/pdf', size: plaintext.length, caption: `${CAPTION} for April` });
    const upId = ann.transfers.upload({
      path: source,
      conv,
      clientMsgId: prepared.clientMsgId,
      hostHttpBase: h.httpBase,
      token: ann.client.token!,
      e2e: { envelope: prepared.begin.e2e, key: Buffer.from(prepared.key).toString('base64url') },
    });
    expect((await settled(ann.transfers, upId)).state).toBe('done');
    expect(fs.readdirSync(ann.stagingDir)).toEqual([]); // the staged ciphertext is gone once uploaded

    await bob.events.waitFor(() => bob.events.events.some((e) => e.type === 'message' && e.message.clientMsgId === prepared.clientMsgId));
    const message = bob.events.events.flatMap((e) => (e.type === 'message' && e.message.clientMsgId === prepared.clientMsgId ? [e.message] : []))[0]! as Message;
    expect(message.file).toMatchObject({ name: 'encrypted file', size: prepared.begin.size });
    expect(message.file?.thumbnail ?? null).toBeNull();
    expect(message.e2e).toBe(prepared.begin.e2e);

    // Nothing the host keeps — the relay copy, the database — holds the plaintext or the real name.
    const stored = allFiles(h.dataDir);
    const relayCopy = path.join(h.dataDir, 'files', message.file!.id);
    expect(stored).toContain(relayCopy);
    for (const file of stored) {
      const bytes = fs.readFileSync(file);
      expect(bytes.includes(MARKER), file).toBe(false);
      expect(bytes.includes('tax-return-2026'), file).toBe(false);
      expect(bytes.includes(CAPTION), file).toBe(false);
    }
    expect(message.text).toBe('');

    // Bob decrypts the message: the real name, type, plaintext size, caption and the key.
    const reading = await bob.dm.read(message, true);
    expect(reading).toMatchObject({ kind: 'decrypted', content: { kind: 'file', name: 'tax-return-2026.pdf', type: 'application/pdf', size: plaintext.length, caption: `${CAPTION} for April` } });
    if (reading.kind !== 'decrypted' || reading.content.kind !== 'file') throw new Error('not a file');
    const content = reading.content;
    const downloads = tempDir('parley-downloads-');
    const request = (file = message.file!): DownloadRequest => ({
      file,
      hostHttpBase: h!.httpBase,
      token: bob.client.token!,
      dir: downloads,
      name: content.name,
      e2e: { key: content.key, bindingId: message.clientMsgId! },
    });
    const downId = bob.transfers.download(request());
    const done = await settled(bob.transfers, downId);
    expect(done.state).toBe('done');
    expect(path.basename(done.path!)).toBe('tax-return-2026.pdf');
    expect(fs.readFileSync(done.path!).equals(plaintext)).toBe(true);
    expect(fs.readdirSync(bob.stagingDir)).toEqual([]);

    // One byte of the relay copy changed on the host's disk.
    const cipher = fs.readFileSync(relayCopy);
    cipher[100_000] = cipher[100_000]! ^ 0x01;
    fs.writeFileSync(relayCopy, cipher);
    // As it is, the SHA-256 the sender gave no longer matches: refused before decrypting.
    const damaged = await settled(bob.transfers, bob.transfers.download(request()));
    expect(damaged.error).toMatchObject({ code: 'checksum_mismatch' });
    // A host that also rewrote the recorded hash: the decryption itself refuses it, and no partial plaintext is left.
    const forged = await settled(bob.transfers, bob.transfers.download(request({ ...message.file!, sha256: sha(cipher) })));
    expect(forged.state).toBe('failed');
    expect(forged.error?.code).toBe('decrypt_failed');
    expect(forged.error?.message).toMatch(/could not be decrypted .*was not saved/);
    expect(fs.readdirSync(downloads)).toEqual(['tax-return-2026.pdf']);
    expect(fs.readdirSync(bob.stagingDir)).toEqual([]);
  }, 60_000);
});

describe('the caption of a file in an encrypted DM', () => {
  it('ann edits it: bob reads the new caption with the same key and name, and the host never has either caption', async () => {
    h = await startHost();
    const ann = await person('ann');
    const bob = await person('bob');
    const conv = dmKey(ann.client.me!.id, bob.client.me!.id);
    const source = path.join(tempDir('parley-src-'), 'minutes.txt');
    fs.writeFileSync(source, 'we agreed');
    const prepared = await prepareDmFile(ann.dm, conv, { name: 'minutes.txt', type: 'text/plain', size: 9, caption: `${CAPTION} draft` });
    const upId = ann.transfers.upload({ path: source, conv, clientMsgId: prepared.clientMsgId, hostHttpBase: h.httpBase, token: ann.client.token!, e2e: { envelope: prepared.begin.e2e, key: Buffer.from(prepared.key).toString('base64url') } });
    expect((await settled(ann.transfers, upId)).state).toBe('done');
    const { messages } = await ann.client.request('history', { conv });
    const sent = messages.find((m) => m.clientMsgId === prepared.clientMsgId)!;
    const first = await ann.dm.read(sent, false);
    if (first.kind !== 'decrypted' || first.content.kind !== 'file') throw new Error('not a file');
    const { kind: _kind, caption: _old, ...file } = first.content;

    await (await ann.dm.editFile(sent, { ...file, caption: `${CAPTION} final` })).done;
    const edited = (await bob.client.request('history', { conv })).messages.find((m) => m.seq === sent.seq)!;
    expect(edited.editedAt).toBeDefined();
    expect(await bob.dm.read(edited, false)).toMatchObject({ kind: 'decrypted', content: { kind: 'file', name: 'minutes.txt', key: first.content.key, caption: `${CAPTION} final` } });
    for (const stored of allFiles(h.dataDir)) expect(fs.readFileSync(stored).includes(CAPTION), stored).toBe(false);
  }, 60_000);
});
