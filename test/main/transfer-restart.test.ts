// Transfers that outlive the app (issue 11): a download or a relay upload cut
// by quitting, continued by a NEW TransferManager over the same journal in
// userData once the person signs in to the session again — against a real TLS
// host. Nothing lost (the file completes, SHA-256 verified), nothing sent
// twice (the download continues with a Range from the saved .part; the upload
// continues the same upload: one message), and a source file changed in
// between is refused, saying what to do.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatClient } from '../../src-shared/chat-client.js';
import type { FileProgress } from '../../src-shared/ipc/ipc-contract.js';
import type { Message } from '../../src-shared/protocol/frames.js';
import { readJsonFile, writeJsonFileAtomic } from '../../src-main/app/atomic-json-file.js';
import { TransferManager } from '../../src-main/transfer/file-transfers.js';
import { uploadFile } from '../../src-main/transfer/relay-upload.js';
import type { SignedInSession } from '../../src-main/transfer/resumed-transfers.js';
import { TransferJournal, type TransferJournalStorage } from '../../src-main/transfer/transfer-journal.js';
import { prepareDmFile } from '../../src-shared/e2e/dm-file.js';
import { memoryDeviceKeyStore } from '../../src-shared/e2e/device-key-store.js';
import { DmSession } from '../../src-shared/e2e/dm-session.js';
import { memoryDmStateStore } from '../../src-shared/e2e/dm-state.js';
import { dmKey } from '../../src-shared/protocol/conversations.js';
import { collect, NodeWebSocket, startHost, tempDir, type Harness } from '../helpers/host-harness.js';

const GENERAL = 'ch:1';
const SIZE = 24 * 1024 * 1024;
const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('an app restart in the middle of a transfer', () => {
  let harness: Harness;
  let work: string;
  let journalFile: string;
  let storage: TransferJournalStorage;
  let alice: ChatClient;
  let who: SignedInSession;
  /** Every request main made to the host: method and the headers that say where it resumed. */
  let requests: Array<{ method: string; range?: string; offset?: string }>;
  const managers: TransferManager[] = [];

  beforeEach(async () => {
    harness = await startHost();
    work = tempDir('parley-restart-');
    journalFile = path.join(work, 'userData', 'transfers.json');
    storage = { read: () => readJsonFile(journalFile), write: (value) => writeJsonFileAtomic(journalFile, value, { mode: 0o600 }) };
    alice = harness.client();
    await alice.connect();
    const me = await alice.signIn({ name: 'alice', password: 'secret-pw' });
    who = { sessionId: me.session.id, userId: me.user.id, hostHttpBase: harness.httpBase, token: me.token };
    requests = [];
    const real = https.request.bind(https);
    vi.spyOn(https, 'request').mockImplementation(((...args: Parameters<typeof https.request>) => {
      const options = args.find((a) => typeof a === 'object' && a !== null && !(a instanceof URL)) as https.RequestOptions | undefined;
      const headers = (options?.headers ?? {}) as Record<string, string>;
      requests.push({ method: options?.method ?? 'GET', ...(headers.Range && { range: headers.Range }), ...(headers['Upload-Offset'] && { offset: headers['Upload-Offset'] }) });
      return real(...args);
    }) as typeof https.request);
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    for (const manager of managers.splice(0)) await manager.dispose();
    await harness.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  /** A manager as the app makes one at start-up: the journal read from userData. Relay only (no offer server). */
  const startApp = (events: FileProgress[], onProgress?: (p: FileProgress, manager: TransferManager) => void) => {
    const manager: TransferManager = new TransferManager({
      WebSocket: NodeWebSocket,
      pinFor: () => harness.host.identity!,
      direct: false,
      // The default retries: a host still finishing the cut PUT answers 409 for a moment (upload-resume-policy.ts).
      progressIntervalMs: 0,
      journal: new TransferJournal(storage),
      stagingDir: path.join(work, 'userData', 'e2e-staging'),
      emit: (p) => {
        events.push(p);
        onProgress?.(p, manager);
      },
    });
    managers.push(manager);
    return manager;
  };

  /** "Quit" once a third of the file has moved: the manager stops every transfer, as disposing at quit does. */
  let quitting: Promise<void> | null = null;
  const quitAtAThird = (p: FileProgress, manager: TransferManager) => {
    if (p.state === 'running' && p.bytes > SIZE / 3 && p.bytes < SIZE) quitting ??= manager.dispose();
  };

  const writeSource = (name: string) => {
    const file = path.join(work, name);
    fs.writeFileSync(file, randomBytes(SIZE));
    return file;
  };

  const journalEntries = () => (readJsonFile(journalFile) as { entries: unknown[] }).entries;

  it('a download: the new app continues from the saved .part with a Range request, and the file matches its SHA-256', async () => {
    const source = writeSource('film.bin');
    const sent: Message = await uploadFile({ client: alice, baseUrl: harness.httpBase, pin: harness.host.identity!, conv: GENERAL, path: source });
    const file = sent.file!;
    const downloads = path.join(work, 'Downloads');
    fs.mkdirSync(downloads);
    quitting = null;

    const before: FileProgress[] = [];
    const first = startApp(before, quitAtAThird);
    first.signedIn(who);
    const transferId = first.download({ file, hostHttpBase: harness.httpBase, token: who.token, dir: downloads, name: 'film.bin' });
    await vi.waitFor(() => expect(quitting).not.toBeNull(), { timeout: 15_000 });
    await quitting;
    const saved = fs.statSync(path.join(downloads, 'film.bin.part')).size;
    expect(saved).toBeGreaterThan(0);
    expect(saved).toBeLessThan(SIZE);
    expect(journalEntries()).toHaveLength(1);
    if (process.platform !== 'win32') expect(fs.statSync(journalFile).mode & 0o777).toBe(0o600);

    // The app starts again: nothing moves until the person is signed in to that session.
    requests = [];
    const after: FileProgress[] = [];
    const second = startApp(after);
    expect(after).toEqual([]);
    second.signedIn(who);
    second.signedIn(who); // a reconnect signs in again: still one transfer
    await vi.waitFor(() => expect(after.at(-1)?.state).toBe('done'), { timeout: 15_000 });

    expect(new Set(after.map((p) => p.transferId))).toEqual(new Set([transferId]));
    expect(after[0]).toMatchObject({ kind: 'download', fileId: file.id, state: 'queued' });
    const finished = path.join(downloads, 'film.bin');
    expect(after.at(-1)?.path).toBe(finished);
    expect(sha256(finished)).toBe(file.sha256);
    expect(fs.readdirSync(downloads)).toEqual(['film.bin']);
    // The bytes already on disk were not fetched again.
    expect(requests.filter((r) => r.method === 'GET')).toEqual([{ method: 'GET', range: `bytes=${saved}-` }]);
    expect(journalEntries()).toEqual([]);
  });

  it('a relay upload: the new app completes the same upload, and the conversation gets exactly one message', async () => {
    const source = writeSource('report.bin');
    const bob = await harness.signIn('bob');
    const seen = collect(bob);
    quitting = null;

    const first = startApp([], quitAtAThird);
    first.signedIn(who);
    const transferId = first.upload({ path: source, conv: GENERAL, clientMsgId: 'up-restart', hostHttpBase: harness.httpBase, token: who.token, caption: 'quarterly numbers' });
    await vi.waitFor(() => expect(quitting).not.toBeNull(), { timeout: 15_000 });
    await quitting;
    expect(journalEntries()).toHaveLength(1);
    // The composer's caption is written down with it (file.begin sends it again).
    expect(journalEntries()[0]).toMatchObject({ upload: { caption: 'quarterly numbers' } });

    requests = [];
    const after: FileProgress[] = [];
    startApp(after).signedIn(who);
    await vi.waitFor(() => expect(after.at(-1)?.state).toBe('done'), { timeout: 15_000 });
    expect(after[0]).toMatchObject({ transferId, kind: 'upload', conv: GENERAL, clientMsgId: 'up-restart' });
    // It continued from what the host held, not from the first byte.
    const firstPut = requests.find((r) => r.method === 'PUT');
    expect(Number(firstPut?.offset)).toBeGreaterThan(0);

    const files = () => seen.events.flatMap((e) => (e.type === 'message' && e.message.kind === 'file' ? [e.message] : []));
    await seen.waitFor(() => files().length > 0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(files()).toHaveLength(1);
    expect(files()[0]!.file).toMatchObject({ name: 'report.bin', size: SIZE, sha256: sha256(source) });
    expect(files()[0]!.text).toBe('quarterly numbers');
    expect(journalEntries()).toEqual([]);
  });

  it('an encrypted DM file: the new app continues the staged ciphertext from the host offset, without the key (never in the journal); bob decrypts the file and its caption', async () => {
    const withDm = async (name: string) => {
      const client = harness.client();
      const dm = new DmSession({ client, keyStore: memoryDeviceKeyStore(), stateStore: memoryDmStateStore() });
      const events = collect(client);
      await client.connect();
      await client.signIn({ name, password: 'secret-pw' });
      await dm.settled();
      return { client, dm, events };
    };
    const ann = await withDm('alice');
    const bob = await withDm('bob');
    const conv = dmKey(ann.client.me!.id, bob.client.me!.id);
    const source = writeSource('scan.bin');
    const prepared = await prepareDmFile(ann.dm, conv, { name: 'scan.bin', size: SIZE, caption: 'the signed scan' });
    const key = Buffer.from(prepared.key).toString('base64url');
    quitting = null;

    const first = startApp([], quitAtAThird);
    first.signedIn(who);
    first.upload({ path: source, conv, clientMsgId: prepared.clientMsgId, hostHttpBase: harness.httpBase, token: who.token, e2e: { envelope: prepared.begin.e2e, key } });
    await vi.waitFor(() => expect(quitting).not.toBeNull(), { timeout: 15_000 });
    await quitting;
    const journalText = fs.readFileSync(journalFile, 'utf8');
    expect(journalEntries()).toHaveLength(1);
    expect(journalText).toContain('"envelope"');
    expect(journalText).not.toContain(key);
    // The caption is inside the journaled envelope, never beside it in plain text.
    expect(journalText).not.toContain('the signed scan');

    requests = [];
    const after: FileProgress[] = [];
    startApp(after).signedIn(who);
    await vi.waitFor(() => expect(after.at(-1)?.state).toBe('done'), { timeout: 15_000 });
    expect(Number(requests.find((r) => r.method === 'PUT')?.offset)).toBeGreaterThan(0);
    expect(fs.readdirSync(path.join(work, 'userData', 'e2e-staging'))).toEqual([]);

    const files = () => bob.events.events.flatMap((e) => (e.type === 'message' && e.message.kind === 'file' ? [e.message] : []));
    await bob.events.waitFor(() => files().length > 0);
    expect(files()).toHaveLength(1);
    const message = files()[0]!;
    expect(message.file).toMatchObject({ name: 'encrypted file' });
    const reading = await bob.dm.read(message, true);
    if (reading.kind !== 'decrypted' || reading.content.kind !== 'file') throw new Error(`not readable: ${JSON.stringify(reading)}`);
    expect(reading.content.caption).toBe('the signed scan');
    const downloads = path.join(work, 'Downloads');
    fs.mkdirSync(downloads);
    const bobApp = startApp([]);
    const id = bobApp.download({ file: message.file!, hostHttpBase: harness.httpBase, token: bob.client.token!, dir: downloads, name: reading.content.name, e2e: { key: reading.content.key, bindingId: message.clientMsgId! } });
    await vi.waitFor(() => expect(bobApp.snapshot(id).state).toBe('done'), { timeout: 15_000 });
    expect(sha256(path.join(downloads, 'scan.bin'))).toBe(sha256(source));
    ann.dm.dispose();
    bob.dm.dispose();
    ann.client.close();
    bob.client.close();
  });

  it('an upload whose source changed while the app was closed is not resumed: the card says to send it again', async () => {
    const source = writeSource('draft.bin');
    quitting = null;
    const first = startApp([], quitAtAThird);
    first.signedIn(who);
    first.upload({ path: source, conv: GENERAL, clientMsgId: 'up-changed', hostHttpBase: harness.httpBase, token: who.token });
    await vi.waitFor(() => expect(quitting).not.toBeNull(), { timeout: 15_000 });
    await quitting;

    // Edited in between: same size, other bytes, a new mtime.
    fs.writeFileSync(source, randomBytes(SIZE));
    fs.utimesSync(source, new Date(), new Date(Date.now() + 5000));
    requests = [];
    const after: FileProgress[] = [];
    startApp(after).signedIn(who);
    await vi.waitFor(() => expect(after.at(-1)?.state).toBe('failed'));
    expect(after.at(-1)?.error).toEqual({ code: 'source_changed', message: 'draft.bin changed since the upload started; send it again.' });
    expect(requests.filter((r) => r.method === 'PUT')).toEqual([]);
    expect(journalEntries()).toEqual([]);
  });

  it('waits for its own session and person: another sign-in resumes nothing', async () => {
    const source = writeSource('later.bin');
    quitting = null;
    const first = startApp([], quitAtAThird);
    first.signedIn(who);
    first.upload({ path: source, conv: GENERAL, clientMsgId: 'up-later', hostHttpBase: harness.httpBase, token: who.token });
    await vi.waitFor(() => expect(quitting).not.toBeNull(), { timeout: 15_000 });
    await quitting;

    const after: FileProgress[] = [];
    const second = startApp(after);
    second.signedIn({ ...who, sessionId: 'another-session' });
    second.signedIn({ ...who, userId: who.userId + 1 });
    expect(after).toEqual([]);
    expect(journalEntries()).toHaveLength(1);
  });
});
