// Pasted files and Open through the desktop app's main process
// (src-main/transfer/pasted-files.ts, opened-files.ts; files:upload `pasted`,
// files:download `open`) under a fake `electron`, against a REAL ChatHost:
// a paste's bytes reach the host unchanged and its private temporary copy is
// gone afterwards; Open downloads into main's private cache and hands exactly
// that file to shell.openPath.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatClient } from '../../src-shared/chat-client.js';
import { PASTED_FILE_TOO_BIG, type FileProgress } from '../../src-shared/ipc/ipc-contract.js';
import { OPENED_FILES_KEEP_MS, PASTED_FILE_MAX_BYTES } from '../../src-shared/limits.js';
import type { FileInfo, Message } from '../../src-shared/protocol/frames.js';
import { collect, startHost, tempDir, type Harness } from '../helpers/host-harness.js';
import { pinnedFetch } from '../helpers/session-pin.js';
import { IdleSessionBrowser, ipcCalls } from './desktop-ipc-kit.js';
import { trustHost } from './trusted-host.js';

vi.mock('electron', () => import('./fake-electron.js'));

const { fake, BrowserWindow } = await import('./fake-electron.js');
const { startDesktopApp } = await import('../../src-main/app/desktop-app.js');
const { APP_ENTRY_URL } = await import('../../src-main/app/app-protocol.js');
const { PastedFiles } = await import('../../src-main/transfer/pasted-files.js');
const { OpenedFiles } = await import('../../src-main/transfer/opened-files.js');

const GENERAL = 'ch:1';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const isPosix = process.platform !== 'win32';


const { invoke, value } = ipcCalls(fake.ipcMain, APP_ENTRY_URL);

/** Everything under `dir` (files and folders), relative; [] when it does not exist. */
const listTree = (dir: string): string[] => (fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]) : []);

describe('pasted files and Open through main', () => {
  let harness: Harness;
  let app: NonNullable<ReturnType<typeof startDesktopApp>>;
  let rendererRoot: string;
  let alice: ChatClient;
  let bob: ChatClient;
  let hostHttpBase: string;
  let progress: FileProgress[];
  let onProgress: ((p: FileProgress) => void) | null;
  let pastedDir: string;
  let openedDir: string;

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
    pastedDir = path.join(fake.app.getPath('userData'), 'pasted-files');
    openedDir = path.join(fake.app.getPath('userData'), 'opened-files');
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
    for (const dir of [rendererRoot, fake.app.userData, fake.app.downloads]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
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

  const paste = (bytes: Uint8Array, clientMsgId: string, name = 'image.png', type = 'image/png') =>
    invoke('files:upload', { pasted: { name, type, bytes }, conv: GENERAL, clientMsgId, hostHttpBase, token: alice.token });

  /** Alice pastes `bytes`; resolves with the file message Bob receives. */
  const pasteAndDeliver = async (bytes: Uint8Array, name: string, type: string): Promise<Message> => {
    const seen = collect(bob);
    const clientMsgId = `p-${Math.random().toString(36).slice(2)}`;
    const result = await paste(bytes, clientMsgId, name, type);
    if (!result.ok) throw new Error(result.error.message);
    const { transferId } = result.value as { transferId: string };
    expect((await until(transferId, ['done', 'failed'])).state).toBe('done');
    const found = () => seen.events.flatMap((e) => (e.type === 'message' && e.message.kind === 'file' && e.message.clientMsgId === clientMsgId ? [e.message] : []));
    await seen.waitFor(() => found().length > 0);
    return found()[0]!;
  };

  describe('pasted files', () => {
    it('a pasted image reaches the host byte for byte; its private temporary copy is gone afterwards', async () => {
      const bytes = new Uint8Array(randomBytes(300_000));
      let during: { entries: string[]; fileMode: number; folderMode: number; content: string } | null = null;
      onProgress = (p) => {
        if (during || p.kind !== 'upload' || p.state !== 'running') return;
        const [folder] = fs.readdirSync(pastedDir);
        const file = path.join(pastedDir, folder!, 'image.png');
        during = {
          entries: listTree(pastedDir),
          fileMode: fs.statSync(file).mode & 0o777,
          folderMode: fs.statSync(path.join(pastedDir, folder!)).mode & 0o777,
          content: sha256(fs.readFileSync(file)),
        };
      };
      const seen = collect(bob);
      const result = await paste(bytes, 'paste-1');
      expect(result.ok).toBe(true);
      const { transferId } = (result as { value: { transferId: string } }).value;
      expect(await until(transferId, ['done', 'failed'])).toMatchObject({ kind: 'upload', state: 'done', bytes: 300_000, total: 300_000, clientMsgId: 'paste-1', conv: GENERAL });

      // While it ran: one private file holding exactly the pasted bytes.
      expect(during).not.toBeNull();
      expect(during!.entries).toHaveLength(2);
      expect(during!.content).toBe(sha256(bytes));
      if (isPosix) {
        expect(during!.fileMode).toBe(0o600);
        expect(during!.folderMode).toBe(0o700);
        expect(fs.statSync(pastedDir).mode & 0o777).toBe(0o700);
      }

      await seen.waitFor(() => seen.events.some((e) => e.type === 'message' && e.message.kind === 'file' && e.message.clientMsgId === 'paste-1'));
      const message = seen.events.flatMap((e) => (e.type === 'message' && e.message.clientMsgId === 'paste-1' ? [e.message] : []))[0]!;
      expect(message.file).toMatchObject({ name: 'image.png', size: 300_000, type: 'image/png', sha256: sha256(bytes) });
      // What the host serves is the pasted bytes.
      const { url } = await bob.request('file.ticket', { fileId: message.file!.id });
      const served = new Uint8Array(await (await pinnedFetch(`${hostHttpBase}${url}`, harness.host.identity!)).arrayBuffer());
      expect(sha256(served)).toBe(sha256(bytes));

      await vi.waitFor(() => expect(listTree(pastedDir)).toEqual([]));
    });

    it('several pastes at once each arrive, under their names (a nameless one gets one from its type)', async () => {
      const a = new Uint8Array(randomBytes(5000));
      const b = new Uint8Array(randomBytes(7000));
      const [first, second] = await Promise.all([pasteAndDeliver(a, 'image.png', 'image/png'), pasteAndDeliver(b, '', 'image/jpeg')]);
      expect(first!.file).toMatchObject({ name: 'image.png', sha256: sha256(a) });
      expect(second!.file).toMatchObject({ name: 'pasted.jpg', type: 'image/jpeg', sha256: sha256(b) });
      await vi.waitFor(() => expect(listTree(pastedDir)).toEqual([]));
    });

    it('refuses a paste over PASTED_FILE_MAX_BYTES with the limit\u2019s message, writing nothing', async () => {
      const result = await paste(new Uint8Array(PASTED_FILE_MAX_BYTES + 1), 'paste-big');
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
      expect((result as { error: { message: string } }).error.message).toContain(PASTED_FILE_TOO_BIG);
      expect(PASTED_FILE_TOO_BIG).toContain('64 MiB');
      expect(listTree(pastedDir)).toEqual([]);
      expect(progress).toEqual([]);
    });

    it('takes exactly one source: pasted with a path or a pick token is refused', async () => {
      const base = { conv: GENERAL, clientMsgId: 'p-2', hostHttpBase, token: alice.token, pasted: { name: 'a.png', type: 'image/png', bytes: new Uint8Array(3) } };
      for (const extra of [{ droppedPath: '/etc/hosts' }, { pickToken: 'x' }]) {
        const result = await invoke('files:upload', { ...base, ...extra });
        expect(result).toMatchObject({ ok: false, error: { code: 'invalid_payload', message: expect.stringContaining('exactly one of pickToken, droppedPath or pasted') } });
      }
      expect(await invoke('files:upload', { ...base, pasted: { ...base.pasted, bytes: 'not bytes' } })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
      expect(listTree(pastedDir)).toEqual([]);
    });

    it('a pasted upload cancelled mid-transfer removes its temporary copy', async () => {
      const size = 24 * 1024 * 1024;
      let cancelled = false;
      onProgress = (p) => {
        if (!cancelled && p.kind === 'upload' && p.state === 'running' && p.bytes > 0 && p.bytes < size) {
          cancelled = true;
          void invoke('files:cancel', { transferId: p.transferId });
        }
      };
      const result = await paste(new Uint8Array(randomBytes(size)), 'paste-cancel', 'big.png');
      const { transferId } = (result as { value: { transferId: string } }).value;
      expect(listTree(pastedDir)).toHaveLength(2);
      expect((await until(transferId, ['cancelled', 'done', 'failed'], 20_000)).state).toBe('cancelled');
      await vi.waitFor(() => expect(listTree(pastedDir)).toEqual([]));
    });

    it('a paused pasted upload keeps its copy and resumes to the same message', async () => {
      const size = 24 * 1024 * 1024;
      const bytes = new Uint8Array(randomBytes(size));
      let paused = false;
      onProgress = (p) => {
        if (!paused && p.kind === 'upload' && p.state === 'running' && p.bytes > 0 && p.bytes < size) {
          paused = true;
          void invoke('files:pause', { transferId: p.transferId });
        }
      };
      const seen = collect(bob);
      const { transferId } = (await value<{ transferId: string }>('files:upload', { pasted: { name: 'shot.png', type: 'image/png', bytes }, conv: GENERAL, clientMsgId: 'paste-pause', hostHttpBase, token: alice.token }));
      expect((await until(transferId, ['paused', 'done', 'failed'], 20_000)).state).toBe('paused');
      expect(listTree(pastedDir)).toHaveLength(2);
      await value('files:resume', { transferId });
      expect((await until(transferId, ['done', 'failed'], 20_000)).state).toBe('done');
      await seen.waitFor(() => seen.events.some((e) => e.type === 'message' && e.message.clientMsgId === 'paste-pause'));
      const files = seen.events.flatMap((e) => (e.type === 'message' && e.message.kind === 'file' ? [e.message.file as FileInfo] : []));
      expect(files).toEqual([expect.objectContaining({ name: 'shot.png', sha256: sha256(bytes) })]);
      await vi.waitFor(() => expect(listTree(pastedDir)).toEqual([]));
    });

    it('clears what an earlier run left behind, and removes only files it wrote', async () => {
      const dir = path.join(tempDir('parley-pasted-'), 'pasted-files');
      fs.mkdirSync(path.join(dir, 'old'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'old', 'image.png'), 'left from a crash');
      const outside = path.join(path.dirname(dir), 'keep.txt');
      fs.writeFileSync(outside, 'not a paste');
      const pasted = new PastedFiles(dir);
      await pasted.cleanLeftovers();
      expect(listTree(dir)).toEqual([]);
      const written = await pasted.write({ name: '../../evil.png', type: 'image/png', bytes: new Uint8Array([1, 2, 3]) });
      expect(path.dirname(path.dirname(written))).toBe(dir);
      expect(path.basename(written)).toBe('evil.png');
      await pasted.remove(outside);
      expect(fs.existsSync(outside)).toBe(true);
      await pasted.remove(written);
      expect(listTree(dir)).toEqual([]);
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    });
  });

  describe('Open', () => {
    it('downloads into the private cache (no dialog, not the downloads folder) and opens exactly that file', async () => {
      const bytes = new Uint8Array(randomBytes(200_000));
      const message = await pasteAndDeliver(bytes, 'photo.png', 'image/png');
      const file = message.file!;
      const answer = await value<{ transferId: string } | null>('files:download', { file, hostHttpBase, token: bob.token, saveAs: false, open: true });
      expect(answer).not.toBeNull();
      const done = await until(answer!.transferId, ['done', 'failed']);
      expect(done).toMatchObject({ kind: 'download', state: 'done', fileId: file.id, open: true, bytes: 200_000 });
      // The card followed it like any other download.
      expect(progress.some((p) => p.transferId === answer!.transferId && p.state === 'running')).toBe(true);

      const cached = path.join(openedDir, file.sha256, 'photo.png');
      expect(done.path).toBe(cached);
      expect(sha256(fs.readFileSync(cached))).toBe(sha256(bytes));
      await vi.waitFor(() => expect(fake.shell.openedPaths).toEqual([cached]));
      expect(fake.dialog.saveCalls).toEqual([]);
      expect(listTree(fake.app.getPath('downloads'))).toEqual([]);
      if (isPosix) expect(fs.statSync(path.dirname(cached)).mode & 0o777).toBe(0o700);
      expect(fake.shell.opened).toEqual([]); // no URL went to a browser

      // Open again: the intact copy opens at once, without downloading it again.
      const downloads = progress.filter((p) => p.kind === 'download').length;
      expect(await value('files:download', { file, hostHttpBase, token: bob.token, saveAs: false, open: true })).toBeNull();
      expect(fake.shell.openedPaths).toEqual([cached, cached]);
      expect(progress.filter((p) => p.kind === 'download')).toHaveLength(downloads);

      // A copy changed since (the viewer saved over it) is fetched again, not opened.
      fs.writeFileSync(cached, 'edited');
      const again = await value<{ transferId: string }>('files:download', { file, hostHttpBase, token: bob.token, saveAs: false, open: true });
      expect((await until(again.transferId, ['done', 'failed'])).path).toBe(cached);
      await vi.waitFor(() => expect(fake.shell.openedPaths).toEqual([cached, cached, cached]));
      expect(sha256(fs.readFileSync(cached))).toBe(sha256(bytes));
    });

    it('refuses to open a program someone sent, before downloading anything', async () => {
      const message = await pasteAndDeliver(new Uint8Array(randomBytes(100)), 'setup.exe', '');
      const before = progress.length;
      expect(await invoke('files:download', { file: message.file, hostHttpBase, token: bob.token, saveAs: false, open: true })).toMatchObject({
        ok: false,
        error: { code: 'not_allowed', message: expect.stringMatching(/does not open programs/) },
      });
      expect(progress.slice(before)).toEqual([]);
      expect(fake.shell.openedPaths).toEqual([]);
    });

    it('start-up deletes copies opened longer ago than OPENED_FILES_KEEP_MS and keeps recent ones', async () => {
      const dir = tempDir('parley-opened-');
      const old = path.join(dir, 'a'.repeat(64));
      const recent = path.join(dir, 'b'.repeat(64));
      for (const folder of [old, recent]) {
        fs.mkdirSync(folder);
        fs.writeFileSync(path.join(folder, 'x.png'), 'x');
      }
      const longAgo = new Date(Date.now() - OPENED_FILES_KEEP_MS - 60_000);
      fs.utimesSync(old, longAgo, longAgo);
      const opened = new OpenedFiles({ dir, transfers: app.transfers()!, openPath: async () => '' });
      await opened.cleanOld();
      expect(fs.readdirSync(dir)).toEqual(['b'.repeat(64)]);
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('a failed Open download opens nothing', async () => {
      const message = await pasteAndDeliver(new Uint8Array(randomBytes(100)), 'gone.png', 'image/png');
      const { transferId } = await value<{ transferId: string }>('files:download', { file: { ...message.file!, id: 'no-such-file' }, hostHttpBase, token: bob.token, saveAs: false, open: true });
      expect((await until(transferId, ['failed', 'done'])).error).toEqual({ code: 'file_not_found', message: 'The host no longer has this file' });
      await new Promise((r) => setTimeout(r, 50));
      expect(fake.shell.openedPaths).toEqual([]);
    });
  });
});
