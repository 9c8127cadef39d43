// Files through the desktop app's main process (src-main/transfer/file-transfers.ts, files:*
// channels) under a fake `electron`, against a REAL ChatHost: pick → upload
// streamed by main → another member receives the file message → download
// streamed by main → same bytes; auto-save, pause/resume, cancel, refusals.
// The host serves TLS; main pins it by the identity this device trusted for
// its address (known-sessions.json in userData, as joining leaves it).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatClient } from '../../src-shared/chat-client.js';
import type { FileProgress, PickedFile } from '../../src-shared/ipc/ipc-contract.js';
import type { FileInfo, Message } from '../../src-shared/protocol/frames.js';
import { KnownSessions } from '../../src-main/trust/known-sessions.js';
import { addressKey } from '../../src-main/trust/session-trust.js';
import { collect, NodeWebSocket, refusal, startHost, tempDir, type Harness } from '../helpers/host-harness.js';
import { pinFromDataDir, pinnedFetch } from '../helpers/session-pin.js';
import { IdleSessionBrowser, ipcCalls } from './desktop-ipc-kit.js';
import { trustHost } from './trusted-host.js';

vi.mock('electron', () => import('./fake-electron.js'));

const { fake, BrowserWindow } = await import('./fake-electron.js');
const { startDesktopApp } = await import('../../src-main/app/desktop-app.js');
const { APP_ENTRY_URL } = await import('../../src-main/app/app-protocol.js');
const { TransferManager } = await import('../../src-main/transfer/file-transfers.js');

const GENERAL = 'ch:1';


const { invokeFrom, invoke, value } = ipcCalls(fake.ipcMain, APP_ENTRY_URL);

describe('file transfers through main', () => {
  let harness: Harness;
  let app: NonNullable<ReturnType<typeof startDesktopApp>>;
  let rendererRoot: string;
  let work: string;
  let alice: ChatClient;
  let bob: ChatClient;
  let hostHttpBase: string;
  /** Every files:progress the window got, in order. */
  let progress: FileProgress[];
  /** Runs synchronously on each files:progress (to pause/cancel mid-transfer). */
  let onProgress: ((p: FileProgress) => void) | null;

  beforeEach(async () => {
    fake.reset();
    harness = await startHost();
    hostHttpBase = `https://127.0.0.1:${harness.host.port}`;
    // This device joined the session before: it trusts the host's identity at that address.
    trustHost(fake.app.getPath('userData'), harness);
    alice = await harness.signIn('alice');
    bob = await harness.signIn('bob');
    rendererRoot = tempDir('parley-renderer-');
    fs.writeFileSync(path.join(rendererRoot, 'index.html'), '<!doctype html><title>Parley</title>');
    work = tempDir('parley-files-');
    progress = [];
    onProgress = null;
    app = startDesktopApp({
      preloadPath: path.join(process.cwd(), 'dist', 'main', 'preload.cjs'),
      rendererRoot,
      createSessionBrowser: () => new IdleSessionBrowser(),
      createAdvertiser: () => ({ start() {}, update() {}, async stop() {} }),
      hostPort: 0,
      hostBindAddress: '127.0.0.1',
      transfers: { progressIntervalMs: 0, retries: 0, offerServer: { host: '127.0.0.1', addresses: () => ['127.0.0.1'] } },
    })!;
    await app.ready;
    const contents = BrowserWindow.instances[0]!.webContents;
    const send = contents.send.bind(contents);
    contents.send = (channel: string, ...args: unknown[]) => {
      send(channel, ...args);
      if (channel === 'files:progress') {
        const p = args[0] as FileProgress;
        progress.push(p);
        onProgress?.(p);
      }
    };
  });

  afterEach(async () => {
    await app.shutdown();
    await harness.stop();
    for (const dir of [rendererRoot, work, fake.app.userData, fake.app.downloads]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const until = async (transferId: string, states: FileProgress['state'][], timeoutMs = 10_000): Promise<FileProgress> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const last = progress.filter((p) => p.transferId === transferId).at(-1);
      if (last && states.includes(last.state)) return last;
      if (Date.now() > deadline) throw new Error(`${transferId} never reached ${states.join('/')}; last ${JSON.stringify(last)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  const writeFile = (name: string, size: number): { file: string; bytes: Buffer } => {
    const bytes = randomBytes(size);
    const file = path.join(work, name);
    fs.writeFileSync(file, bytes);
    return { file, bytes };
  };

  /** Alice sends `file` through main (picked in the fake dialog); resolves with the message Bob receives. */
  const sendThroughMain = async (file: string, clientMsgId = `f-${Math.random().toString(36).slice(2)}`): Promise<Message> => {
    const seen = collect(bob);
    fake.dialog.openPaths = [file];
    const picked = await value<PickedFile[]>('files:pick');
    expect(picked).toHaveLength(1);
    const { transferId } = await value<{ transferId: string }>('files:upload', {
      pickToken: picked[0]!.token,
      conv: GENERAL,
      clientMsgId,
      hostHttpBase,
      token: alice.token,
    });
    await until(transferId, ['done']);
    const fileMessage = () => seen.events.flatMap((e) => (e.type === 'message' && e.message.kind === 'file' && e.message.clientMsgId === clientMsgId ? [e.message] : []));
    await seen.waitFor(() => fileMessage().length > 0);
    return fileMessage()[0]!;
  };

  it('picks, uploads from disk, and another member downloads the same bytes to where the save dialog said', async () => {
    const { file, bytes } = writeFile('report.pdf', 300_000);
    fake.dialog.openPaths = [file];
    const picked = await value<PickedFile[]>('files:pick');
    expect(picked).toEqual([{ token: expect.any(String), name: 'report.pdf', size: 300_000, type: 'application/pdf' }]);
    expect(JSON.stringify(picked)).not.toContain(work); // no path reaches the renderer
    expect(fake.dialog.openCalls[0]).toMatchObject({ properties: ['openFile', 'multiSelections'] });

    const seen = collect(bob);
    const upload = await value<{ transferId: string }>('files:upload', { pickToken: picked[0]!.token, conv: GENERAL, clientMsgId: 'up-1', hostHttpBase, token: alice.token });
    const done = await until(upload.transferId, ['done', 'failed']);
    expect(done).toMatchObject({ kind: 'upload', state: 'done', bytes: 300_000, total: 300_000, clientMsgId: 'up-1', conv: GENERAL });
    await seen.waitFor(() => seen.events.some((e) => e.type === 'message' && e.message.kind === 'file'));
    const message = seen.events.flatMap((e) => (e.type === 'message' && e.message.kind === 'file' ? [e.message] : []))[0]!;
    expect(message.file).toMatchObject({ name: 'report.pdf', size: 300_000, type: 'application/pdf' });
    // A pick token is used once.
    const again = await invoke('files:upload', { pickToken: picked[0]!.token, conv: GENERAL, clientMsgId: 'up-2', hostHttpBase, token: alice.token });
    expect(again).toMatchObject({ ok: false, error: { code: 'unknown_pick' } });

    const saveTo = path.join(work, 'saved', 'my copy.pdf');
    fs.mkdirSync(path.dirname(saveTo));
    fake.dialog.savePath = saveTo;
    const download = await value<{ transferId: string }>('files:download', { file: message.file, hostHttpBase, token: bob.token, saveAs: false });
    expect(fake.dialog.saveCalls).toEqual([{ defaultPath: path.join(fake.app.getPath('downloads'), 'report.pdf') }]);
    const finished = await until(download.transferId, ['done', 'failed']);
    expect(finished).toMatchObject({ kind: 'download', state: 'done', path: saveTo, fileId: message.file!.id, bytes: 300_000 });
    expect(fs.readFileSync(saveTo).equals(bytes)).toBe(true);
    expect(progress.some((p) => p.transferId === download.transferId && p.state === 'running')).toBe(true);

    // files:open opens only what main wrote.
    await value('files:open', { transferId: download.transferId });
    expect(fake.shell.openedPaths).toEqual([saveTo]);
    expect(await invoke('files:open', { transferId: upload.transferId })).toMatchObject({ ok: false, error: { code: 'not_allowed' } });
    expect(await invoke('files:open', { transferId: 'd-nope' })).toMatchObject({ ok: false, error: { code: 'unknown_transfer' } });
    expect(await invoke('files:open', { transferId: '../../etc/passwd' })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(fake.shell.openedPaths).toEqual([saveTo]);
  });

  it('files:open refuses to run a program someone sent', async () => {
    const { file } = writeFile('setup.exe', 100);
    const message = await sendThroughMain(file);
    await value('settings:set-auto-save', { enabled: true });
    const { transferId } = await value<{ transferId: string }>('files:download', { file: message.file, hostHttpBase, token: bob.token, saveAs: false });
    expect((await until(transferId, ['done', 'failed'])).state).toBe('done');
    expect(await invoke('files:open', { transferId })).toMatchObject({ ok: false, error: { code: 'not_allowed', message: expect.stringMatching(/does not open programs/) } });
    expect(fake.shell.openedPaths).toEqual([]);
  });

  it('a cancelled save dialog starts nothing', async () => {
    const { file } = writeFile('a.txt', 10);
    const message = await sendThroughMain(file);
    fake.dialog.savePath = null;
    expect(await value('files:download', { file: message.file, hostHttpBase, token: bob.token, saveAs: true })).toBeNull();
  });

  it('auto-save goes to the downloads folder without a dialog and never overwrites', async () => {
    const { file, bytes } = writeFile('notes.txt', 5000);
    const message = await sendThroughMain(file);
    expect(await value('settings:get-auto-save')).toBe(false);
    await value('settings:set-auto-save', { enabled: true });
    expect(await value('settings:get-auto-save')).toBe(true);

    const first = await value<{ transferId: string }>('files:download', { file: message.file, hostHttpBase, token: bob.token, saveAs: false });
    const one = await until(first.transferId, ['done', 'failed']);
    const second = await value<{ transferId: string }>('files:download', { file: message.file, hostHttpBase, token: bob.token, saveAs: false });
    const two = await until(second.transferId, ['done', 'failed']);
    const downloads = fake.app.getPath('downloads');
    expect(one.path).toBe(path.join(downloads, 'notes.txt'));
    expect(two.path).toBe(path.join(downloads, 'notes (1).txt'));
    expect(two.name).toBe('notes (1).txt');
    expect(fake.dialog.saveCalls).toEqual([]);
    expect(fs.readFileSync(one.path!).equals(bytes)).toBe(true);
    expect(fs.readFileSync(two.path!).equals(bytes)).toBe(true);
    expect(fs.readdirSync(downloads).sort()).toEqual(['notes (1).txt', 'notes.txt']);

    // "Save as…" still asks, even with auto-save on.
    fake.dialog.savePath = null;
    expect(await value('files:download', { file: message.file, hostHttpBase, token: bob.token, saveAs: true })).toBeNull();
    expect(fake.dialog.saveCalls).toHaveLength(1);
  });

  it('pauses a download mid-transfer, resumes from the .part and verifies', async () => {
    const size = 24 * 1024 * 1024;
    const { file, bytes } = writeFile('big.bin', size);
    const message = await sendThroughMain(file);
    await value('settings:set-auto-save', { enabled: true });
    let paused = false;
    onProgress = (p) => {
      // Past a few chunks, so some of them are surely on disk when the abort lands.
      if (!paused && p.kind === 'download' && p.state === 'running' && p.bytes > size / 3 && p.bytes < size) {
        paused = true;
        void invoke('files:pause', { transferId: p.transferId });
      }
    };
    const { transferId } = await value<{ transferId: string }>('files:download', { file: message.file, hostHttpBase, token: bob.token, saveAs: false });
    const stopped = await until(transferId, ['paused', 'done', 'failed']);
    expect(stopped.state).toBe('paused');
    const part = path.join(fake.app.getPath('downloads'), 'big.bin.part');
    const held = fs.statSync(part).size;
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThan(size);

    progress.length = 0;
    await value('files:resume', { transferId });
    const done = await until(transferId, ['done', 'failed']);
    expect(done.state).toBe('done');
    // It picked up where it stopped instead of starting over.
    expect(progress.find((p) => p.transferId === transferId && p.state === 'running' && p.bytes > 0)!.bytes).toBeGreaterThanOrEqual(held);
    expect(fs.readFileSync(done.path!).equals(bytes)).toBe(true);
    expect(fs.existsSync(part)).toBe(false);
  });

  it('pauses an upload mid-transfer and resumes it to the same message', async () => {
    const size = 24 * 1024 * 1024;
    const { file } = writeFile('video.mp4', size);
    let paused = false;
    onProgress = (p) => {
      if (!paused && p.kind === 'upload' && p.state === 'running' && p.bytes > 0 && p.bytes < size) {
        paused = true;
        void invoke('files:pause', { transferId: p.transferId });
      }
    };
    const seen = collect(bob);
    fake.dialog.openPaths = [file];
    const [picked] = await value<PickedFile[]>('files:pick');
    const { transferId } = await value<{ transferId: string }>('files:upload', { pickToken: picked!.token, conv: GENERAL, clientMsgId: 'up-big', hostHttpBase, token: alice.token });
    expect((await until(transferId, ['paused', 'done', 'failed'])).state).toBe('paused');
    await value('files:resume', { transferId });
    expect((await until(transferId, ['done', 'failed'], 20_000)).state).toBe('done');
    await seen.waitFor(() => seen.events.some((e) => e.type === 'message' && e.message.kind === 'file'));
    const files = seen.events.flatMap((e) => (e.type === 'message' && e.message.kind === 'file' ? [e.message.file as FileInfo] : []));
    expect(files).toHaveLength(1);
    expect(files[0]!.size).toBe(size);
  });

  /** What the host holds in its files folder (partial uploads and kept copies). */
  const hostFiles = () => (fs.existsSync(path.join(harness.dataDir, 'files')) ? fs.readdirSync(path.join(harness.dataDir, 'files')) : []);

  it('cancelling a paused upload tells the host, which drops its partial copy at once', async () => {
    // Relay only: a manager of its own without the offer server, so the host holds a plain unfinished upload.
    const size = 24 * 1024 * 1024;
    const { file } = writeFile('half.bin', size);
    const events: FileProgress[] = [];
    const manager = new TransferManager({ WebSocket: NodeWebSocket, pinFor: () => harness.host.identity!, direct: false, retries: 0, progressIntervalMs: 0, emit: (p) => {
      events.push(p);
      // Past a few chunks, so some of them surely reached the host when the abort lands.
      if (p.state === 'running' && p.bytes > size / 3 && p.bytes < size && !events.some((e) => e.state === 'paused')) void manager.pause(p.transferId);
    } });
    try {
      const transferId = manager.upload({ path: file, conv: GENERAL, clientMsgId: 'up-half', hostHttpBase, token: alice.token! });
      await vi.waitFor(() => expect(manager.snapshot(transferId).state).toBe('paused'), { timeout: 10_000 });
      await vi.waitFor(() => expect(hostFiles()).toEqual([expect.stringMatching(/\.part$/)]));
      await manager.cancel(transferId);
      expect(manager.snapshot(transferId).state).toBe('cancelled');
      expect(hostFiles()).toEqual([]);
      // The upload is gone, not merely cut: the same clientMsgId starts again from nothing.
      const again = await alice.request('file.begin', { conv: GENERAL, clientMsgId: 'up-half', name: 'half.bin', size });
      expect(again).toMatchObject({ offset: 0, duplicate: false });
    } finally {
      await manager.dispose();
    }
  });

  it('cancel removes the .part', async () => {
    const size = 24 * 1024 * 1024;
    const { file } = writeFile('gone.bin', size);
    const message = await sendThroughMain(file);
    await value('settings:set-auto-save', { enabled: true });
    let cancelled = false;
    onProgress = (p) => {
      if (!cancelled && p.kind === 'download' && p.state === 'running' && p.bytes > 0 && p.bytes < size) {
        cancelled = true;
        void invoke('files:cancel', { transferId: p.transferId });
      }
    };
    const { transferId } = await value<{ transferId: string }>('files:download', { file: message.file, hostHttpBase, token: bob.token, saveAs: false });
    expect((await until(transferId, ['cancelled', 'done', 'failed'])).state).toBe('cancelled');
    expect(fs.readdirSync(fake.app.getPath('downloads'))).toEqual([]);
    expect(await invoke('files:open', { transferId })).toMatchObject({ ok: false, error: { code: 'not_allowed' } });
  });

  it('tells the person the host no longer has the file', async () => {
    const { file } = writeFile('x.txt', 100);
    const message = await sendThroughMain(file);
    await value('settings:set-auto-save', { enabled: true });
    const { transferId } = await value<{ transferId: string }>('files:download', { file: { ...message.file!, id: 'no-such-file' }, hostHttpBase, token: bob.token, saveAs: false });
    const failed = await until(transferId, ['failed', 'done']);
    expect(failed.error).toEqual({ code: 'file_not_found', message: 'The host no longer has this file' });
  });

  it('uploads a dropped file by path after checking it is a regular file', async () => {
    const { file } = writeFile('dropped.txt', 1234);
    const seen = collect(bob);
    const { transferId } = await value<{ transferId: string }>('files:upload', { droppedPath: file, conv: GENERAL, clientMsgId: 'drop-1', hostHttpBase, token: alice.token });
    expect((await until(transferId, ['done', 'failed'])).state).toBe('done');
    await seen.waitFor(() => seen.events.some((e) => e.type === 'message' && e.message.kind === 'file' && e.message.file?.name === 'dropped.txt'));

    const base = { conv: GENERAL, clientMsgId: 'drop-2', hostHttpBase, token: alice.token };
    expect(await invoke('files:upload', { ...base, droppedPath: work })).toMatchObject({ ok: false, error: { code: 'not_a_file' } });
    expect(await invoke('files:upload', { ...base, droppedPath: 'relative/file.txt' })).toMatchObject({ ok: false, error: { code: 'not_a_file' } });
    expect(await invoke('files:upload', { ...base, droppedPath: path.join(work, 'missing.txt') })).toMatchObject({ ok: false, error: { code: 'not_a_file' } });
    expect(await invoke('files:upload', { ...base, droppedPath: file, pickToken: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });

  describe('direct transfer', () => {
    const offers = () => app.transfers()!.offerServerForTests!;

    /** Alice starts uploading `file` and pauses the relay copy at its first bytes; resolves once Bob has the message. */
    const offerAndPause = async (file: string, clientMsgId: string, pauseAfterBytes = 0) => {
      let paused = false;
      onProgress = (p) => {
        if (!paused && p.kind === 'upload' && p.state === 'running' && p.bytes > pauseAfterBytes) {
          paused = true;
          void invoke('files:pause', { transferId: p.transferId });
        }
      };
      const seen = collect(bob);
      const { transferId } = await value<{ transferId: string }>('files:upload', { droppedPath: file, conv: GENERAL, clientMsgId, hostHttpBase, token: alice.token });
      expect((await until(transferId, ['paused', 'done', 'failed'])).state).toBe('paused');
      const fileMessages = () => seen.events.flatMap((e) => (e.type === 'message' && e.message.kind === 'file' ? [e.message] : []));
      await seen.waitFor(() => fileMessages().length > 0);
      return { transferId, seen, fileMessages };
    };

    it('offers the file at once, downloads it straight from the sender while the relay copy is incomplete, and keeps one message', async () => {
      const size = 24 * 1024 * 1024;
      const { file, bytes } = writeFile('direct.bin', size);
      const { transferId, seen, fileMessages } = await offerAndPause(file, 'direct-1');
      // The message is out before the relay copy is done (the upload is paused).
      const [message] = fileMessages();
      expect(message!.file).toMatchObject({ name: 'direct.bin', size, direct: true, expiresAt: null });
      expect(JSON.stringify(message)).not.toContain('/offers/');

      await value('settings:set-auto-save', { enabled: true });
      const download = await value<{ transferId: string }>('files:download', { file: message!.file, hostHttpBase, token: bob.token, saveAs: false });
      const finished = await until(download.transferId, ['done', 'failed'], 20_000);
      expect(finished).toMatchObject({ state: 'done', bytes: size });
      expect(fs.readFileSync(finished.path!).equals(bytes)).toBe(true);
      expect(offers().bytesServed).toBe(size);

      // The relay copy finishes under the same message.
      onProgress = null;
      await value('files:resume', { transferId });
      expect((await until(transferId, ['done', 'failed'], 20_000)).state).toBe('done');
      await new Promise((r) => setTimeout(r, 100));
      expect(fileMessages()).toHaveLength(1);
      expect(seen.events.filter((e) => e.type === 'message' && e.message.kind === 'file')).toHaveLength(1);
    });

    it('without the offer server: "still uploading" until the relay copy is complete, then from the host', async () => {
      const size = 8 * 1024 * 1024;
      const { file, bytes } = writeFile('later.bin', size);
      const { transferId, fileMessages } = await offerAndPause(file, 'direct-2');
      const [message] = fileMessages();
      expect(message!.file!.direct).toBe(true);
      await offers().stop();

      await value('settings:set-auto-save', { enabled: true });
      const download = await value<{ transferId: string }>('files:download', { file: message!.file, hostHttpBase, token: bob.token, saveAs: false });
      const failed = await until(download.transferId, ['done', 'failed']);
      expect(failed).toMatchObject({ state: 'failed', error: { code: 'not_uploaded_yet', message: 'The sender is still uploading this file — try again in a moment' } });

      onProgress = null;
      await value('files:resume', { transferId });
      expect((await until(transferId, ['done', 'failed'], 20_000)).state).toBe('done');
      // Retry: now it comes from the host.
      progress.length = 0;
      await value('files:resume', { transferId: download.transferId });
      const done = await until(download.transferId, ['done', 'failed'], 20_000);
      expect(done.state).toBe('done');
      expect(fs.readFileSync(done.path!).equals(bytes)).toBe(true);
      expect(offers().bytesServed).toBe(0);
    });

    it('cancelling a paused offered upload withdraws the file on the host and drops its partial relay copy', async () => {
      const size = 24 * 1024 * 1024;
      const { file } = writeFile('withdrawn-too.bin', size);
      const { transferId, fileMessages } = await offerAndPause(file, 'direct-4', size / 3);
      const fileId = fileMessages()[0]!.file!.id;
      await vi.waitFor(() => expect(hostFiles()).toEqual([`${fileId}.part`]));
      await value('files:cancel', { transferId });
      expect((await until(transferId, ['cancelled'])).state).toBe('cancelled');
      expect(hostFiles()).toEqual([]);
      // The message stays, its file no longer available.
      expect((await refusal(bob.request('file.direct', { fileId }))).code).toBe('file_not_found');
      const history = await bob.request('history', { conv: GENERAL });
      expect(history.messages.find((m) => m.file?.id === fileId)!.file!.expiresAt).toBeLessThanOrEqual(Date.now());
    });

    it('a cancelled upload withdraws its offer', async () => {
      const { file } = writeFile('withdrawn.bin', 8 * 1024 * 1024);
      const { transferId, fileMessages } = await offerAndPause(file, 'direct-3');
      const ticket = await bob.request('file.direct', { fileId: fileMessages()[0]!.file!.id });
      const url = `${ticket.urls[0]}?ticket=${encodeURIComponent(ticket.ticket)}`;
      const device = pinFromDataDir(path.join(fake.app.userData, 'device-identity'));
      expect(ticket.identity).toBe(device.fingerprint);
      expect((await pinnedFetch(url, device, { method: 'HEAD' })).status).toBe(200);
      await value('files:cancel', { transferId });
      expect((await until(transferId, ['cancelled'])).state).toBe('cancelled');
      expect((await pinnedFetch(url, device, { method: 'HEAD' })).status).toBe(403);
    });

    it('the offer server serves https with this device’s own key, made once and readable only by its user (0600)', async () => {
      const { file } = writeFile('keyed.bin', 1024 * 1024);
      const { fileMessages } = await offerAndPause(file, 'direct-5', 0);
      const dir = path.join(fake.app.userData, 'device-identity');
      for (const name of ['identity.key', 'identity.crt']) expect(fs.statSync(path.join(dir, name)).mode & 0o777, name).toBe(0o600);
      const direct = await bob.request('file.direct', { fileId: fileMessages()[0]!.file!.id });
      expect(direct.urls.every((u) => u.startsWith('https://127.0.0.1:'))).toBe(true);
      // Its identity is the device's, not the session's.
      expect(direct.identity).toBe(pinFromDataDir(dir).fingerprint);
      expect(direct.identity).not.toBe(harness.host.identity!.fingerprint);
    });
  });

  it('a host this device has not trusted (no known session at its address) gets nothing: the card says to join first', async () => {
    const { file } = writeFile('untrusted.bin', 1000);
    new KnownSessions(fake.app.userData).forget(addressKey('127.0.0.1', harness.host.port));
    fake.dialog.openPaths = [file];
    const picked = await value<PickedFile[]>('files:pick');
    const { transferId } = await value<{ transferId: string }>('files:upload', { pickToken: picked[0]!.token, conv: GENERAL, clientMsgId: 'untrusted', hostHttpBase, token: alice.token });
    const failed = await until(transferId, ['done', 'failed']);
    expect(failed).toMatchObject({ state: 'failed', error: { code: 'not_trusted' } });
    expect(failed.error!.message).toMatch(/not trusted yet — join the session first/);
    expect(hostFiles()).toEqual([]);
  });

  it('the wrapper refuses foreign senders, bad payloads and unknown pick tokens', async () => {
    fake.dialog.openPaths = [writeFile('s.txt', 1).file];
    expect(await invokeFrom('https://evil.example/', 'files:pick')).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(await invokeFrom(null, 'files:download', {})).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(fake.dialog.openCalls).toEqual([]);
    expect(await invoke('files:download', { file: { id: 'x' }, hostHttpBase, token: 't', saveAs: true })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await invoke('files:upload', { pickToken: 'x', conv: GENERAL, clientMsgId: 'c', hostHttpBase: 'file:///etc', token: 't' })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await invoke('files:upload', { pickToken: 'never-handed-out', conv: GENERAL, clientMsgId: 'c', hostHttpBase, token: 't' })).toMatchObject({ ok: false, error: { code: 'unknown_pick' } });
    expect(await invoke('files:pause', { transferId: 'u-unknown' })).toMatchObject({ ok: false, error: { code: 'unknown_transfer' } });
    expect(await invoke('settings:set-auto-save', { enabled: 'yes' })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });
});

