// A caption through main (files:upload `caption`) under a fake `electron`,
// against a REAL ChatHost: the desktop composer sends the files waiting as
// chips with its text as the first file's caption — one message, as the
// browser does (file.begin `text`; file.offer `text` when main offers the
// file directly). Another member receives the file message with that text.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatClient } from '../../src-shared/chat-client.js';
import type { FileProgress, PickedFile } from '../../src-shared/ipc/ipc-contract.js';
import type { Message } from '../../src-shared/protocol/frames.js';
import { collect, startHost, tempDir, type Harness } from '../helpers/host-harness.js';
import { IdleSessionBrowser, ipcCalls } from './desktop-ipc-kit.js';
import { trustHost } from './trusted-host.js';

vi.mock('electron', () => import('./fake-electron.js'));

const { fake, BrowserWindow } = await import('./fake-electron.js');
const { startDesktopApp } = await import('../../src-main/app/desktop-app.js');
const { APP_ENTRY_URL } = await import('../../src-main/app/app-protocol.js');

const GENERAL = 'ch:1';


const { invoke, value } = ipcCalls(fake.ipcMain, APP_ENTRY_URL);

describe('file captions through main', () => {
  let harness: Harness;
  let app: NonNullable<ReturnType<typeof startDesktopApp>>;
  let rendererRoot: string;
  let work: string;
  let alice: ChatClient;
  let bob: ChatClient;
  let hostHttpBase: string;
  let progress: FileProgress[];

  beforeEach(async () => {
    fake.reset();
    harness = await startHost();
    hostHttpBase = `https://127.0.0.1:${harness.host.port}`;
    trustHost(fake.app.getPath('userData'), harness);
    alice = await harness.signIn('alice');
    bob = await harness.signIn('bob');
    rendererRoot = tempDir('parley-renderer-');
    fs.writeFileSync(path.join(rendererRoot, 'index.html'), '<!doctype html><title>Parley</title>');
    work = tempDir('parley-captions-');
    progress = [];
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
      if (channel === 'files:progress') progress.push(args[0] as FileProgress);
    };
  });

  afterEach(async () => {
    await app.shutdown();
    await harness.stop();
    for (const dir of [rendererRoot, work, fake.app.userData, fake.app.downloads]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const until = async (transferId: string): Promise<FileProgress> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const last = progress.filter((p) => p.transferId === transferId).at(-1);
      if (last && (last.state === 'done' || last.state === 'failed')) return last;
      if (Date.now() > deadline) throw new Error(`${transferId} never finished; last ${JSON.stringify(last)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  /** Bob's file messages by clientMsgId, once all of `ids` arrived. */
  const delivered = async (seen: ReturnType<typeof collect>, ids: string[]): Promise<Map<string, Message>> => {
    const found = () => new Map(seen.events.flatMap((e) => (e.type === 'message' && e.message.kind === 'file' && e.message.clientMsgId ? [[e.message.clientMsgId, e.message] as const] : [])));
    await seen.waitFor(() => ids.every((id) => found().has(id)));
    return found();
  };

  it('two picked files with the text on the first: Bob gets the caption on the first file message, none on the second, no text message', async () => {
    const files = ['plan.pdf', 'notes.txt'].map((name) => {
      const file = path.join(work, name);
      fs.writeFileSync(file, randomBytes(20_000));
      return file;
    });
    fake.dialog.openPaths = files;
    const picked = await value<PickedFile[]>('files:pick');
    expect(picked.map((p) => p.name)).toEqual(['plan.pdf', 'notes.txt']);
    const seen = collect(bob);
    const first = await value<{ transferId: string }>('files:upload', { pickToken: picked[0]!.token, conv: GENERAL, clientMsgId: 'f-cap-1', hostHttpBase, token: alice.token, caption: 'Q3 plan, see page 2' });
    const second = await value<{ transferId: string }>('files:upload', { pickToken: picked[1]!.token, conv: GENERAL, clientMsgId: 'f-cap-2', hostHttpBase, token: alice.token });
    expect((await until(first.transferId)).state).toBe('done');
    expect((await until(second.transferId)).state).toBe('done');
    const messages = await delivered(seen, ['f-cap-1', 'f-cap-2']);
    expect(messages.get('f-cap-1')).toMatchObject({ text: 'Q3 plan, see page 2', file: { name: 'plan.pdf' } });
    expect(messages.get('f-cap-2')).toMatchObject({ text: '', file: { name: 'notes.txt' } });
    expect(seen.events.filter((e) => e.type === 'message' && e.message.kind === 'text')).toEqual([]);
  });

  it('a pasted file (relay only, file.begin) carries its caption too', async () => {
    const seen = collect(bob);
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const { transferId } = await value<{ transferId: string }>('files:upload', { pasted: { name: 'image.png', type: 'image/png', bytes }, conv: GENERAL, clientMsgId: 'p-cap', hostHttpBase, token: alice.token, caption: 'look at this' });
    expect((await until(transferId)).state).toBe('done');
    expect((await delivered(seen, ['p-cap'])).get('p-cap')).toMatchObject({ text: 'look at this', file: { name: 'image.png' } });
  });

  it('refuses a caption on an encrypted DM file (the host would see it) and one longer than the limit', async () => {
    const base = { droppedPath: path.join(work, 'x.txt'), conv: 'dm:1:2', clientMsgId: 'f-x', hostHttpBase, token: alice.token };
    const e2e = { envelope: 'e'.repeat(40), key: 'k'.repeat(43) };
    expect(await invoke('files:upload', { ...base, e2e, caption: 'secret' })).toMatchObject({ ok: false, error: { code: 'invalid_payload', message: expect.stringContaining('no caption') } });
    expect(await invoke('files:upload', { ...base, conv: GENERAL, caption: 'x'.repeat(8001) })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });
});
