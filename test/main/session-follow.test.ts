// The desktop follows a session to a new address (trust:follow), end to end
// under the fake electron: a real TLS host stops, the same session (same
// data, same key) comes up at another port; main trusts the new address only
// after reading the identity there, and the page's ChatClient, moved with
// moveTo, resumes through main's pinned socket with its token. An impostor
// announced under the same session is refused and gets no trust.
import fs from 'node:fs';
import tls from 'node:tls';
import { describe, expect, it, vi } from 'vitest';
import { ChatClient } from '../../src-shared/chat-client.js';
import { CLOSE_NOT_TRUSTED } from '../../src-shared/ipc/chat-socket-port.js';
import { ChatHost } from '../../src-main/host/chat-host.js';
import { loadOrCreateIdentity } from '../../src-main/trust/session-identity.js';
import { startHost, tempDir } from '../helpers/host-harness.js';
import { portChatSockets } from '../helpers/port-chat-socket.js';
import { desktopAppPerTest } from './desktop-app-per-test.js';

vi.mock('electron', () => import('./fake-electron.js'));

const { fake, MessagePortMain } = await import('./fake-electron.js');
const { startDesktopApp } = await import('../../src-main/app/desktop-app.js');
const { APP_ENTRY_URL } = await import('../../src-main/app/app-protocol.js');

type Result = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
const invoke = (channel: string, payload: unknown) => fake.ipcMain.invoke(channel, APP_ENTRY_URL, payload) as Promise<Result>;
const pageSockets = () => portChatSockets((channel, message, port) => fake.ipcMain.postMessage(channel, APP_ENTRY_URL, message, [new MessagePortMain(port)]));

const desktop = desktopAppPerTest(fake, startDesktopApp);
const cleanup = desktop.cleanup;

describe('trust:follow (desktop main)', () => {
  it('trusts the new address of the same session, and the moved page client resumes there through main without a password', async () => {
    const h = await startHost();
    cleanup.push(() => h.stop());
    const oldUrl = h.url;
    const fingerprint = h.host.identity!.fingerprint;
    expect(await invoke('trust:check', { url: oldUrl })).toMatchObject({ ok: true, value: { status: 'first-contact' } });
    expect(await invoke('trust:accept', { url: oldUrl, fingerprint })).toEqual({ ok: true, value: null });

    const sockets = pageSockets();
    const alice = new ChatClient({ url: oldUrl, WebSocket: sockets.WebSocket, minDelayMs: 20, maxDelayMs: 200 });
    cleanup.push(() => alice.close());
    const session = await alice.connect();
    await alice.signIn({ name: 'alice', password: 'secret-pw' });
    await alice.send('ch:1', 'before').done;

    // The host vanishes; the same session comes up at another address.
    await h.host.stop();
    const dataDir = tempDir();
    fs.cpSync(h.dataDir, dataDir, { recursive: true });
    const moved = new ChatHost({ dataDir, port: 0, bindAddress: '127.0.0.1' });
    await moved.start();
    cleanup.push(() => moved.stop());
    const newUrl = `wss://127.0.0.1:${moved.port}/ws`;
    await vi.waitFor(() => expect(alice.state).toBe('reconnecting'), { timeout: 5000 });

    // Not followed yet: main opens nothing to the new address.
    const early = pageSockets();
    const stranger = new ChatClient({ url: newUrl, WebSocket: early.WebSocket, reconnect: false, requestTimeoutMs: 2000 });
    await expect(stranger.connect()).rejects.toBeTruthy();
    expect(early.received[0]).toEqual([expect.objectContaining({ type: 'close', code: CLOSE_NOT_TRUSTED })]);

    expect(await invoke('trust:follow', { from: oldUrl, to: newUrl, sessionId: session.id, sessionName: session.name })).toEqual({
      ok: true,
      value: { address: `127.0.0.1:${moved.port}`, code: expect.any(String) },
    });
    const back = new Promise<void>((resolve) => {
      const off = alice.on('signedIn', () => {
        off();
        resolve();
      });
    });
    alice.moveTo(newUrl);
    await back;
    await alice.send('ch:1', 'after').done;
    expect((await alice.request('history', { conv: 'ch:1' })).messages.map((m) => m.text)).toEqual(expect.arrayContaining(['before', 'after']));
    expect(moved.identity!.fingerprint).toBe(fingerprint);
  });

  it('refuses to follow to a host with another identity, and trusts nothing there', async () => {
    const h = await startHost();
    cleanup.push(() => h.stop());
    await invoke('trust:check', { url: h.url });
    await invoke('trust:accept', { url: h.url, fingerprint: h.host.identity!.fingerprint });

    const identity = await loadOrCreateIdentity(tempDir('parley-impostor-'));
    const server = tls.createServer({ key: identity.keyPem, cert: identity.certPem }, (socket) => socket.on('error', () => {}));
    server.on('tlsClientError', () => {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise((resolve) => server.close(resolve)));
    const spoofUrl = `wss://127.0.0.1:${(server.address() as { port: number }).port}/ws`;

    const result = await invoke('trust:follow', { from: h.url, to: spoofUrl, sessionId: 'whatever', sessionName: 'Office' });
    expect(result).toMatchObject({ ok: false, error: { code: 'not_followed' } });
    expect(desktop.app.trust()!.pinForUrl(spoofUrl)).toBeNull();
  });
});
