// The desktop app's connection to a session, end to end under the fake
// electron: trust:* through the real ipcMain path, then a ChatClient whose
// socket is a MessagePort to main (chat-socket-bridge.ts), which holds the
// real TLS connection pinned to the trusted identity. A recording proxy sits
// between main and the host: what anyone on the Wi-Fi could capture.
import tls from 'node:tls';
import type { MessagePort } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { ChatClient } from '../../src-shared/chat-client.js';
import { CHAT_SOCKET_CHANNEL, CLOSE_IDENTITY_REFUSED, CLOSE_NOT_TRUSTED } from '../../src-shared/ipc/chat-socket-port.js';
import type { TrustCheck } from '../../src-shared/ipc/ipc-contract.js';
import { sessionCode } from '../../src-shared/session-identity.js';
import { loadOrCreateIdentity } from '../../src-main/trust/session-identity.js';
import { startHost, startPlainHost, tempDir, type Harness } from '../helpers/host-harness.js';
import { portChatSockets } from '../helpers/port-chat-socket.js';
import { desktopAppPerTest } from './desktop-app-per-test.js';
import { startRecordingProxy, type RecordingProxy } from '../helpers/recording-proxy.js';

vi.mock('electron', () => import('./fake-electron.js'));

const { fake, BrowserWindow, MessagePortMain } = await import('./fake-electron.js');
const { startDesktopApp } = await import('../../src-main/app/desktop-app.js');
const { APP_ENTRY_URL } = await import('../../src-main/app/app-protocol.js');

type Result = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
const invoke = (channel: string, payload: unknown) => fake.ipcMain.invoke(channel, APP_ENTRY_URL, payload) as Promise<Result>;
async function value<T = unknown>(channel: string, payload: unknown): Promise<T> {
  const result = await invoke(channel, payload);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}
const check = (payload: Record<string, unknown>) => value<TrustCheck>('trust:check', payload);

/** Sockets as the page opens them: the preload's postMessage from the app's own page. */
const pageSockets = (senderUrl: string | null = APP_ENTRY_URL) =>
  portChatSockets((channel, message, port) => fake.ipcMain.postMessage(channel, senderUrl, message, [new MessagePortMain(port)]));

const desktop = desktopAppPerTest(fake, startDesktopApp);
const cleanup = desktop.cleanup;

/** Something started for one test, stopped after it. */
async function started<T>(starting: Promise<T>, stop: (thing: T) => unknown): Promise<T> {
  const thing = await starting;
  cleanup.push(() => stop(thing));
  return thing;
}
const host = (): Promise<Harness> => started(startHost(), (h) => h.stop());
const proxyTo = (port: number): Promise<RecordingProxy> => started(startRecordingProxy(port), (p) => p.close());

/** A TLS server with its own session identity that records every byte it receives after a handshake. */
async function impostor(): Promise<{ port: number; fingerprint: string; handshakes: () => number; received: () => Buffer }> {
  const identity = await loadOrCreateIdentity(tempDir('parley-impostor-'));
  let handshakes = 0;
  const chunks: Buffer[] = [];
  const server = tls.createServer({ key: identity.keyPem, cert: identity.certPem }, (socket) => {
    handshakes++;
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => {});
  });
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise((resolve) => server.close(resolve)));
  return { port: (server.address() as { port: number }).port, fingerprint: identity.fingerprint, handshakes: () => handshakes, received: () => Buffer.concat(chunks) };
}

const until = (predicate: () => boolean) => vi.waitFor(() => expect(predicate()).toBe(true), { timeout: 5000, interval: 10 });

describe('desktop chat connection through main', () => {
  it('first contact → accept → signs in and chats over the pinned socket; nothing readable on the wire, either way', async () => {
    const h = await host();
    const proxy = await proxyTo(h.host.port);
    const url = `wss://127.0.0.1:${proxy.port}/ws`;
    const fingerprint = h.host.identity!.fingerprint;

    const first = await check({ url });
    expect(first).toEqual({ status: 'first-contact', address: `127.0.0.1:${proxy.port}`, fingerprint, code: sessionCode(fingerprint) });

    // Not accepted yet: main opens no connection at all.
    const before = proxy.recorded().fromClients.length;
    const early = pageSockets();
    const refused = new ChatClient({ url, WebSocket: early.WebSocket, reconnect: false, requestTimeoutMs: 2000 });
    await expect(refused.connect()).rejects.toBeTruthy();
    expect(early.received[0]).toEqual([{ type: 'close', code: CLOSE_NOT_TRUSTED, reason: expect.stringContaining('confirm its code') }]);
    expect(proxy.recorded().fromClients.length).toBe(before);

    expect(await value('trust:accept', { url, fingerprint })).toBeNull();
    const sockets = pageSockets();
    const alice = new ChatClient({ url, WebSocket: sockets.WebSocket, reconnect: false });
    cleanup.push(() => alice.close());
    const password = 'correct-horse-battery';
    const secret = 'the launch code is 7355608';
    expect((await alice.connect()).identity).toBe(fingerprint);
    await alice.signIn({ name: 'alice', password });
    await alice.send('ch:1', secret).done;
    const token = alice.token!;
    expect(token.length).toBeGreaterThan(10);

    const bob = await h.signIn('bob');
    expect((await bob.request('history', { conv: 'ch:1' })).messages.map((m) => m.text)).toContain(secret);
    const { fromClients, fromTarget } = proxy.recorded();
    expect(fromClients.length).toBeGreaterThan(1000);
    for (const wire of [fromClients, fromTarget]) {
      const text = wire.toString('latin1');
      for (const needle of [password, token, secret, '"signin"', 'alice']) expect(text).not.toContain(needle);
    }
  });

  it('refuses another identity at the remembered address during the handshake: no upgrade request, no password', async () => {
    const h = await host();
    const proxy = await proxyTo(h.host.port);
    const url = `wss://127.0.0.1:${proxy.port}/ws`;
    const real = h.host.identity!;
    await check({ url });
    await value('trust:accept', { url, fingerprint: real.fingerprint });

    const other = await impostor();
    proxy.retarget(other.port);
    expect(await check({ url })).toMatchObject({ status: 'changed', why: 'remembered', code: sessionCode(other.fingerprint), trustedCode: real.code });

    // The page connects anyway (a reconnect after the host "changed"): main refuses before sending anything.
    const sockets = pageSockets();
    const client = new ChatClient({ url, WebSocket: sockets.WebSocket, reconnect: false, requestTimeoutMs: 2000 });
    const connecting = client.connect();
    const signingIn = connecting.then(() => client.signIn({ name: 'carol', password: 'carol-password' }));
    await expect(signingIn).rejects.toBeTruthy();
    await until(() => sockets.received[0]!.some((m) => m.type === 'close'));
    expect(sockets.received[0]).toEqual([
      // OpenSSL refuses an untrusted self-signed certificate before its key is read: no code to show here (trust:check shows it).
      { type: 'refused', address: `127.0.0.1:${proxy.port}`, code: null, trustedCode: real.code, message: expect.stringContaining('not the session you trusted') },
      { type: 'close', code: CLOSE_IDENTITY_REFUSED, reason: expect.any(String) },
    ]);
    expect(other.handshakes()).toBe(0);
    expect(other.received().length).toBe(0);
  });

  it('a spoofed discovery record (same session id and name, its own certificate) is changed: session, and gets no socket', async () => {
    const real = await host();
    const spoofer = await host();
    const realUrl = `wss://127.0.0.1:${real.host.port}/ws`;
    const spoofUrl = `wss://127.0.0.1:${spoofer.host.port}/ws`;
    const announced = { expectedFrom: 'discovery', sessionId: 'office-session', sessionName: 'Office' };
    expect(await check({ url: realUrl, expected: real.host.identity!.fingerprint, ...announced })).toMatchObject({ status: 'trusted' });

    const spoof = await check({ url: spoofUrl, expected: spoofer.host.identity!.fingerprint, ...announced });
    expect(spoof).toMatchObject({ status: 'changed', why: 'session', trustedCode: real.host.identity!.code, code: spoofer.host.identity!.code });

    const sockets = pageSockets();
    const client = new ChatClient({ url: spoofUrl, WebSocket: sockets.WebSocket, reconnect: false, requestTimeoutMs: 2000 });
    await expect(client.connect()).rejects.toBeTruthy();
    expect(sockets.received[0]).toEqual([{ type: 'close', code: CLOSE_NOT_TRUSTED, reason: expect.any(String) }]);
    expect(spoofer.host.onlineCount()).toBe(0);
  });

  it('relays ws:// to a --plain host unpinned, and drops the connection when the page’s port goes away', async () => {
    const h = await started(startPlainHost(), (plain) => plain.stop());
    expect(await check({ url: h.url })).toEqual({ status: 'plain', address: `127.0.0.1:${h.host.port}` });
    const sockets = pageSockets();
    const dora = new ChatClient({ url: h.url, WebSocket: sockets.WebSocket, reconnect: false });
    await dora.connect();
    await dora.signIn({ name: 'dora', password: 'dora-password' });
    expect(h.host.onlineCount()).toBe(1);
    sockets.ports[0]!.close();
    await until(() => h.host.onlineCount() === 0);
  });

  it('hosts a session in this app and joins it through main: TLS on its LAN port, trusted by the identity host:start reported', async () => {
    const status = await value<{ localUrl: string; identity: string; urls: string[]; port: number }>('host:start', { sessionName: 'Office' });
    expect(status.localUrl).toBe(`wss://127.0.0.1:${status.port}/ws`);
    // The person clicked Host: the app trusts its own session by the identity it was told, without asking.
    expect(await check({ url: status.localUrl, expected: status.identity, expectedFrom: 'person' })).toMatchObject({
      status: 'trusted',
      fingerprint: status.identity,
    });
    const sockets = pageSockets();
    const me = new ChatClient({ url: status.localUrl, WebSocket: sockets.WebSocket, reconnect: false });
    cleanup.push(() => me.close());
    expect((await me.connect()).identity).toBe(status.identity);
    await me.signIn({ name: 'owner', password: 'owner-password' });
    await me.send('ch:1', 'hello from the hosting app').done;
    // Plain http on the same port gets the notice, not the API: nothing of the session travels in the clear.
    const plain = await fetch(`http://127.0.0.1:${status.port}/api/session`);
    expect(plain.status).toBe(426);
  });

  it('says what to check when the host cannot be reached', async () => {
    const result = await invoke('trust:check', { url: 'wss://127.0.0.1:1/ws' });
    expect(result).toMatchObject({ ok: false, error: { code: 'unreachable', message: expect.stringMatching(/nothing is listening.*still running/) } });
  });
});

describe('chat socket bridge', () => {
  /** Asks for a socket and resolves when main closed the port without answering. */
  const closedUnanswered = (senderUrl: string | null, message: unknown, ports: number) =>
    new Promise<void>((resolve) => {
      const channels = Array.from({ length: ports }, () => fake.messageChannelMain());
      const page: MessagePort = channels[0]!.page;
      page.on('message', (data) => {
        throw new Error(`main answered ${JSON.stringify(data)}`);
      });
      page.once('close', () => resolve());
      fake.ipcMain.postMessage(CHAT_SOCKET_CHANNEL, senderUrl, message, channels.map((c) => c.main));
    });

  it('answers only the app’s own page, with exactly one port and a wss://…/ws URL', async () => {
    const url = 'wss://127.0.0.1:1/ws';
    await closedUnanswered('https://evil.example/', { url }, 1);
    await closedUnanswered(null, { url }, 1);
    await closedUnanswered(APP_ENTRY_URL, { url: 'https://127.0.0.1:1/' }, 1);
    await closedUnanswered(APP_ENTRY_URL, { url }, 2);
  });

  it('closes (1008) a socket whose page sends something outside the contract, and every socket when the window closes', async () => {
    const h = await host();
    const url = h.url;
    await check({ url, expected: h.host.identity!.fingerprint, expectedFrom: 'person' });

    const first = pageSockets();
    const a = new first.WebSocket(url);
    await until(() => a.readyState === 1);
    (a as unknown as { port: MessagePort }).port.postMessage({ type: 'send', data: 42 });
    await until(() => a.readyState === 3);
    expect(first.received[0]!.at(-1)).toMatchObject({ type: 'close', code: 1008 });

    const second = pageSockets();
    const b = new second.WebSocket(url);
    await until(() => b.readyState === 1 && h.host.onlineCount() === 0);
    BrowserWindow.instances[0]!.close();
    await until(() => b.readyState === 3);
    expect(second.received[0]!.at(-1)).toMatchObject({ type: 'close', code: 1001 });
  });

  it('closes every host connection when the app quits', async () => {
    const h = await host();
    await check({ url: h.url, expected: h.host.identity!.code, expectedFrom: 'person' });
    const sockets = pageSockets();
    const socket = new sockets.WebSocket(h.url);
    await until(() => socket.readyState === 1);
    await desktop.app.shutdown();
    await until(() => socket.readyState === 3);
    expect(sockets.received[0]!.at(-1)).toMatchObject({ type: 'close', code: 1001 });
  });
});
