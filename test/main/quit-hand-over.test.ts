// Quitting while hosting, "Hand over to …" (issue 11 item 2): the message box
// lists who could take the session (admins first, a non-admin marked), and
// quitting waits for the chosen person to take it — or asks again when nobody
// does. First the guard alone, then the app under the fake electron with a
// real host and a successor (a Node client running takeOverSession).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatClient } from '../../src-shared/chat-client.js';
import type { HostStatus } from '../../src-shared/ipc/ipc-contract.js';
import { movedSocketUrls } from '../../src-shared/session-move.js';
import { HostingTray, type TrayLike } from '../../src-main/app/hosting-tray.js';
import { QuitGuard, quitMessageBox, NOBODY_ACCEPTED_MESSAGE, type QuitMessageBox } from '../../src-main/app/quit-while-hosting.js';
import type { TakenOver } from '../../src-main/handover/take-over.js';
import { takeOverOnLoopback } from '../helpers/loopback-take-over.js';
import { probeSessionCertificate } from '../../src-main/trust/certificate-probe.js';
import { pinnedWebSocket } from '../../src-main/trust/pinned-websocket.js';
import { servesTls as reachable } from '../helpers/session-pin.js';

vi.mock('electron', () => import('./fake-electron.js'));
const { fake } = await import('./fake-electron.js');
const { startDesktopApp } = await import('../../src-main/app/desktop-app.js');
const { APP_ENTRY_URL } = await import('../../src-main/app/app-protocol.js');

const people = [
  { id: 1, name: 'ann', isAdmin: true },
  { id: 2, name: 'bob', isAdmin: false },
];

describe('the quit box with people to hand over to', () => {
  it('lists them first, admins first, a non-admin marked; Enter still keeps hosting', () => {
    const { box } = quitMessageBox({ sessionName: 'Office', online: 3, candidates: people });
    expect(box.buttons).toEqual(['Hand over to ann', 'Hand over to bob (becomes admin)', 'End the session for everyone', 'Keep hosting in the background', 'Cancel']);
    expect(box.buttons[box.defaultId]).toBe('Keep hosting in the background');
    expect(box.detail).toContain('Handing it over moves everyone to that person’s computer');
  });

  const guard = (responses: number[], handOver: () => Promise<'moved' | 'nobody'>) => {
    const asked: QuitMessageBox[] = [];
    const done: string[] = [];
    const handedTo: string[] = [];
    const quitGuard = new QuitGuard({
      hosted: () => ({ sessionName: 'Office', online: 2, candidates: people }),
      show: async (box) => {
        asked.push(box);
        return { response: responses.shift() ?? box.cancelId };
      },
      quit: () => done.push('quit'),
      closeWindows: () => done.push('close'),
      handOver: (to) => {
        handedTo.push(to.name);
        return handOver();
      },
    });
    return { quitGuard, asked, done, handedTo };
  };

  it('quits once the chosen person took the session', async () => {
    const { quitGuard, done, handedTo, asked } = guard([1], async () => 'moved');
    expect(quitGuard.mayQuit()).toBe(false);
    expect(await quitGuard.pending()).toEqual({ handOverTo: 2, name: 'bob' });
    expect(handedTo).toEqual(['bob']);
    expect(done).toEqual(['quit']);
    expect(asked).toHaveLength(1);
    expect(quitGuard.mayQuit()).toBe(true);
  });

  it('nobody accepted: asks "end the session or keep hosting?"; keeping it quits nothing, ending it quits', async () => {
    const keep = guard([0], async () => 'nobody');
    keep.quitGuard.mayQuit();
    await keep.quitGuard.pending();
    expect(keep.asked[1]!.message).toBe(NOBODY_ACCEPTED_MESSAGE);
    expect(keep.asked[1]!.buttons).toEqual(['End the session for everyone', 'Keep hosting']);
    expect(keep.asked[1]!.buttons[keep.asked[1]!.defaultId]).toBe('Keep hosting');
    expect(keep.done).toEqual([]);
    expect(keep.quitGuard.mayQuit()).toBe(false); // asks again next time

    const end = guard([0, 0], async () => 'nobody');
    end.quitGuard.mayQuit();
    await end.quitGuard.pending();
    expect(end.done).toEqual(['quit']);
  });
});

describe('the tray after a hand-over', () => {
  it('says who has the session while this computer passes on the files, and goes when hosting stops', () => {
    let tooltip = '';
    let destroyed = false;
    const tray = { setToolTip: (text: string) => (tooltip = text), setTitle() {}, setContextMenu() {}, on: () => tray, destroy: () => (destroyed = true) } as unknown as TrayLike;
    const hostingTray = new HostingTray({ createTray: () => tray, buildMenu: (items) => items, open() {}, stopHosting() {}, quit() {}, platform: 'linux' });
    const hosting: HostStatus = { running: true, sessionName: 'Office', port: 47800, urls: [], localUrl: null, passcodeRequired: false, identity: null };
    hostingTray.setStatus(hosting);
    expect(tooltip).toBe('Parley — Hosting “Office” · 0 people online');
    hostingTray.setStatus({ ...hosting, handedOverTo: 'bob' });
    expect(hostingTray.summary()).toBe('“Office” handed over to bob · passing on the shared files');
    hostingTray.setStatus({ ...hosting, running: false, handedOverTo: 'bob' });
    expect(destroyed).toBe(true);
  });
});

describe('quitting the app with “Hand over to …”', () => {
  let app: NonNullable<ReturnType<typeof startDesktopApp>>;
  let rendererRoot: string;
  const clients: ChatClient[] = [];
  let taken: TakenOver | undefined;

  beforeEach(async () => {
    fake.reset();
    rendererRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-renderer-'));
    fs.writeFileSync(path.join(rendererRoot, 'index.html'), '<!doctype html><title>Parley</title>');
    app = startDesktopApp({
      preloadPath: '/preload.cjs',
      rendererRoot,
      createSessionBrowser: () => ({ start() {}, stop() {}, on() {}, status: () => ({ browsing: true, problem: null, interfaces: [], sessions: [] }) }),
      createAdvertiser: () => ({ start() {}, update() {}, stop: async () => {} }),
      hostPort: 0,
      hostBindAddress: '127.0.0.1',
      lanAddresses: () => ['127.0.0.1'],
      candidatesOnThisComputer: true,
    })!;
    await app.ready;
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await taken?.host.stop();
    taken = undefined;
    await app.shutdown();
    if (fake.app.userData) fs.rmSync(fake.app.userData, { recursive: true, force: true });
    fs.rmSync(rendererRoot, { recursive: true, force: true });
  });

  it('offers the session to the person picked, waits for them to take it, then quits; they host it now', async () => {
    const result = (await fake.ipcMain.invoke('host:start', APP_ENTRY_URL, { sessionName: 'Office' })) as { ok: true; value: HostStatus };
    const { port } = result.value;
    const pin = await probeSessionCertificate('127.0.0.1', port!);
    const join = async (name: string) => {
      const client = new ChatClient({ url: `wss://127.0.0.1:${port}/ws`, WebSocket: pinnedWebSocket(pin), minDelayMs: 20, maxDelayMs: 200, canHost: true });
      clients.push(client);
      client.on('moved', ({ to }) => client.moveTo(movedSocketUrls(to)));
      await client.connect();
      await client.signIn({ name, password: 'secret-pw' });
      return client;
    };
    await join('owner');
    const bob = await join('bob');
    bob.on('handoverOffer', ({ offer }) => {
      void takeOverOnLoopback({ client: bob, origin: `https://127.0.0.1:${port}`, pin, offer }).then((t) => (taken = t));
    });

    fake.dialog.messageBoxResponses = [1]; // "Hand over to bob (becomes admin)"
    fake.app.quit();
    await vi.waitFor(() => expect(fake.ipcMain.handlers.size).toBe(0), { timeout: 10_000 });
    expect(fake.dialog.messageBoxCalls[0]!.options.buttons.slice(0, 2)).toEqual(['Hand over to owner', 'Hand over to bob (becomes admin)']);
    expect(fake.dialog.messageBoxCalls).toHaveLength(1);
    expect(await reachable(port!)).toBe(false);
    expect(taken).toBeDefined();
    await vi.waitFor(() => expect(bob.url).toBe(`wss://127.0.0.1:${taken!.host.port}/ws`));
  });
});
