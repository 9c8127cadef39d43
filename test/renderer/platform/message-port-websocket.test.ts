// The desktop chat socket in the renderer: a WebSocket-like object over a real
// MessageChannel whose other end stands in for main (chat-socket-bridge.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WebSocketLike } from '../../../src-shared/chat-client.js';
import { CHAT_SOCKET_CHANNEL, CLOSE_IDENTITY_REFUSED, type SocketPortFromMain } from '../../../src-shared/ipc/chat-socket-port.js';
import type { IpcResult, ParleyApi } from '../../../src-shared/ipc/ipc-contract.js';
import { createDesktopPlatform } from '../../../src-renderer/platform/desktop-platform.js';
import { messagePortWebSocket } from '../../../src-renderer/platform/message-port-websocket.js';
import type { IdentityRefusal } from '../../../src-renderer/platform/platform.js';

const URL = 'wss://192.168.1.20:47800/ws';
const ports: MessagePort[] = [];
afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

/** Main's end of each socket: what it received, and a way to answer. */
function fakeMain() {
  const sockets: Array<{ url: string; received: unknown[]; answer(message: SocketPortFromMain | Record<string, unknown>): void }> = [];
  const handOver = (url: string, port: MessagePort) => {
    ports.push(port);
    const socket = { url, received: [] as unknown[], answer: (message: unknown) => port.postMessage(message) };
    port.onmessage = (event: MessageEvent) => socket.received.push(event.data);
    sockets.push(socket);
  };
  return { sockets, handOver };
}

/** Records what a socket reports, in order. */
function record(socket: WebSocketLike) {
  const seen: unknown[] = [];
  socket.onopen = () => seen.push('open');
  socket.onmessage = (event) => seen.push({ message: event.data });
  socket.onerror = (event) => seen.push({ error: (event as { message?: string }).message });
  socket.onclose = (event) => seen.push({ close: event.code, reason: event.reason });
  return seen;
}

const until = (predicate: () => boolean) => vi.waitFor(() => expect(predicate()).toBe(true), { timeout: 2000, interval: 5 });

describe('MessagePortWebSocket', () => {
  it('hands main a port with the URL, throws on send while connecting, then relays text both ways', async () => {
    const main = fakeMain();
    const Socket = messagePortWebSocket({ handOver: main.handOver });
    const socket = new Socket(URL);
    const seen = record(socket);
    expect(main.sockets.map((s) => s.url)).toEqual([URL]);
    expect(socket.readyState).toBe(0);
    expect(() => socket.send('too early')).toThrow(/CONNECTING/);

    main.sockets[0]!.answer({ type: 'open' });
    await until(() => socket.readyState === 1);
    socket.send('{"t":"hello"}');
    main.sockets[0]!.answer({ type: 'message', data: '{"t":"welcome"}' });
    await until(() => seen.length === 2);
    await until(() => main.sockets[0]!.received.length === 1);
    expect(seen).toEqual(['open', { message: '{"t":"welcome"}' }]);
    expect(main.sockets[0]!.received).toEqual([{ type: 'send', data: '{"t":"hello"}' }]);
  });

  it('close() asks main once, drops later sends, and reports close when main confirms', async () => {
    const main = fakeMain();
    const socket = new (messagePortWebSocket({ handOver: main.handOver }))(URL);
    const seen = record(socket);
    main.sockets[0]!.answer({ type: 'open' });
    await until(() => socket.readyState === 1);
    socket.close(1000, 'bye');
    socket.close(4000, 'again');
    expect(socket.readyState).toBe(2);
    socket.send('after close');
    await until(() => main.sockets[0]!.received.length === 1);
    expect(main.sockets[0]!.received).toEqual([{ type: 'close', code: 1000, reason: 'bye' }]);
    main.sockets[0]!.answer({ type: 'close', code: 1000, reason: 'bye' });
    await until(() => socket.readyState === 3);
    expect(seen).toEqual(['open', { close: 1000, reason: 'bye' }]);
  });

  it('a refused identity reaches onRefused, then the socket errors and closes', async () => {
    const main = fakeMain();
    const refusals: IdentityRefusal[] = [];
    const socket = new (messagePortWebSocket({ handOver: main.handOver, onRefused: (r) => refusals.push(r) }))(URL);
    const seen = record(socket);
    const refusal = { address: '192.168.1.20:47800', code: 'BBBB BBBB BBBB BBBB BBBB', trustedCode: 'AAAA AAAA AAAA AAAA AAAA', message: 'This is not the session you trusted.' };
    main.sockets[0]!.answer({ type: 'refused', ...refusal });
    main.sockets[0]!.answer({ type: 'close', code: CLOSE_IDENTITY_REFUSED, reason: 'refused' });
    await until(() => socket.readyState === 3);
    expect(refusals).toEqual([refusal]);
    expect(seen).toEqual([{ error: refusal.message }, { close: CLOSE_IDENTITY_REFUSED, reason: 'refused' }]);
  });

  it('closes (1006) on a message from main that is not in the contract', async () => {
    const main = fakeMain();
    const socket = new (messagePortWebSocket({ handOver: main.handOver }))(URL);
    const seen = record(socket);
    main.sockets[0]!.answer({ type: 'open', extra: { nested: true }, data: 5 });
    main.sockets[0]!.answer({ type: 'message', data: 42 });
    await until(() => socket.readyState === 3);
    expect(seen.at(-1)).toMatchObject({ close: 1006 });
  });

  it('by default posts the port to its own window, tagged for the preload', () => {
    const post = vi.spyOn(window, 'postMessage').mockImplementation(() => {});
    const socket = new (messagePortWebSocket())(URL);
    expect(post).toHaveBeenCalledTimes(1);
    const [message, origin, transfer] = post.mock.calls[0] as unknown as [unknown, string, MessagePort[]];
    expect(message).toEqual({ parley: CHAT_SOCKET_CHANNEL, url: URL });
    expect(origin).toBe(window.location.origin === 'null' ? '*' : window.location.origin);
    expect(transfer).toHaveLength(1);
    ports.push(transfer[0]!);
    post.mockRestore();
    socket.close();
  });
});

describe('desktop platform trust', () => {
  it('checks, accepts and forgets through main, and hears refusals from its chat sockets', async () => {
    const ok = <T,>(value: T): Promise<IpcResult<T>> => Promise.resolve({ ok: true, value });
    const invoke = {
      'trust:check': vi.fn(() => ok({ status: 'first-contact', address: '192.168.1.20:47800', fingerprint: 'a'.repeat(64), code: 'AAAA AAAA AAAA AAAA AAAA' })),
      'trust:accept': vi.fn(() => ok(null)),
      'trust:forget': vi.fn((): Promise<IpcResult<null>> => Promise.resolve({ ok: false, error: { code: 'storage_failed', message: 'Could not save.' } })),
    };
    const main = fakeMain();
    const platform = createDesktopPlatform({ kind: 'desktop', platform: 'linux', invoke, on: () => () => {} } as unknown as ParleyApi, main.handOver);
    expect(await platform.trust!.check({ url: URL })).toMatchObject({ status: 'first-contact' });
    expect(invoke['trust:check']).toHaveBeenCalledWith({ url: URL });
    await platform.trust!.accept(URL, 'a'.repeat(64));
    expect(invoke['trust:accept']).toHaveBeenCalledWith({ url: URL, fingerprint: 'a'.repeat(64) });
    await expect(platform.trust!.forget(URL)).rejects.toThrow('Could not save.');

    const refusals: IdentityRefusal[] = [];
    const off = platform.trust!.onRefused((r) => refusals.push(r));
    const socket = new platform.WebSocket(URL);
    main.sockets[0]!.answer({ type: 'refused', address: 'a:1', code: null, trustedCode: 'AAAA AAAA AAAA AAAA AAAA', message: 'refused' });
    main.sockets[0]!.answer({ type: 'close', code: CLOSE_IDENTITY_REFUSED, reason: '' });
    await until(() => socket.readyState === 3);
    expect(refusals).toEqual([{ address: 'a:1', code: null, trustedCode: 'AAAA AAAA AAAA AAAA AAAA', message: 'refused' }]);
    off();
  });
});
