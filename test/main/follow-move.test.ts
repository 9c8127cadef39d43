// Issue 11, the desktop app following a hand-over: the page's chat socket goes
// through main (chat-socket-bridge.ts), pinned per address. When the session
// moves, main trusts the SAME identity at the new address (it heard that over
// a connection pinned to it), the page's ChatClient follows on its own, and
// nothing else changes: another identity at the new address is still refused,
// and a move never takes over an address where another session is trusted.
import tls from 'node:tls';
import { describe, expect, it, vi } from 'vitest';
import { ChatClient } from '../../src-shared/chat-client.js';
import { CLOSE_IDENTITY_REFUSED } from '../../src-shared/ipc/chat-socket-port.js';
import { channelKey, GENERAL_CHANNEL_ID } from '../../src-shared/protocol/conversations.js';
import { movedSocketUrls } from '../../src-shared/session-move.js';
import type { TakenOver } from '../../src-main/handover/take-over.js';
import { takeOverOnLoopback } from '../helpers/loopback-take-over.js';
import { loadOrCreateIdentity } from '../../src-main/trust/session-identity.js';
import { collect, startHost, tempDir, type Harness } from '../helpers/host-harness.js';
import { portChatSockets } from '../helpers/port-chat-socket.js';
import { desktopAppPerTest } from './desktop-app-per-test.js';

vi.mock('electron', () => import('./fake-electron.js'));

const { fake, MessagePortMain } = await import('./fake-electron.js');
const { startDesktopApp } = await import('../../src-main/app/desktop-app.js');
const { APP_ENTRY_URL } = await import('../../src-main/app/app-protocol.js');

const GENERAL = channelKey(GENERAL_CHANNEL_ID);
const pageSockets = () => portChatSockets((channel, message, port) => fake.ipcMain.postMessage(channel, APP_ENTRY_URL, message, [new MessagePortMain(port)]));
const until = (predicate: () => boolean) => vi.waitFor(() => expect(predicate()).toBe(true), { timeout: 8000, interval: 10 });

const desktop = desktopAppPerTest(fake, startDesktopApp);
const cleanup = desktop.cleanup;

/** The page joins `h` as the person would: trust:check with the code they were given, then sign in over main's pinned socket. */
async function pageJoins(h: Harness, name: string): Promise<ChatClient> {
  const url = `wss://127.0.0.1:${h.host.port}/ws`;
  const checked = (await fake.ipcMain.invoke('trust:check', APP_ENTRY_URL, { url, expected: h.host.identity!.fingerprint, expectedFrom: 'person' })) as { ok: boolean; value: { status: string } };
  expect(checked.value.status).toBe('trusted');
  const client = new ChatClient({ url, WebSocket: pageSockets().WebSocket, minDelayMs: 20, maxDelayMs: 200 });
  cleanup.push(() => client.close());
  // What the renderer's session does (chat-session.ts).
  client.on('moved', ({ to }) => client.moveTo(movedSocketUrls(to)));
  await client.connect();
  await client.signIn({ name, password: 'secret-pw' });
  return client;
}

async function impostor(): Promise<{ port: number; handshakes: () => number; received: () => number }> {
  const identity = await loadOrCreateIdentity(tempDir('parley-impostor-'));
  let handshakes = 0;
  let received = 0;
  const server = tls.createServer({ key: identity.keyPem, cert: identity.certPem }, (socket) => {
    handshakes++;
    socket.on('data', (chunk: Buffer) => (received += chunk.length));
    socket.on('error', () => {});
  });
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise((resolve) => server.close(resolve)));
  return { port: (server.address() as { port: number }).port, handshakes: () => handshakes, received: () => received };
}

describe('the desktop app follows a session that moved', () => {
  it('trusts the same identity at the new address after a relayed `moved`, and the page keeps chatting there', async () => {
    const h = await startHost();
    cleanup.push(() => h.stop());
    const ann = await h.signIn('ann'); // admin: takes the session over from "her other machine"
    const page = await pageJoins(h, 'bob');
    const seen = collect(page);
    await page.send(GENERAL, 'before').done;

    const identity = h.host.identity!;
    const taken: TakenOver = await takeOverOnLoopback({ client: ann, origin: h.httpBase, pin: { certPem: identity.certPem, fingerprint: identity.fingerprint } });
    cleanup.push(() => taken.host.stop());
    const newUrl = `wss://127.0.0.1:${taken.host.port}/ws`;

    await until(() => page.url === newUrl && page.state === 'online');
    expect(desktop.app.trust()!.pinForUrl(newUrl)?.fingerprint).toBe(identity.fingerprint);
    await page.send(GENERAL, 'after the move').done;
    await seen.waitFor(() => seen.texts(GENERAL).includes('after the move'));
    expect(seen.texts(GENERAL)).toEqual(['before', 'after the move']);
  });

  it('refuses another identity at the address the session moved to, and never re-pins an address trusted for another session', async () => {
    const h = await startHost();
    cleanup.push(() => h.stop());
    const trust = desktop.app.trust()!;
    const from = `wss://127.0.0.1:${h.host.port}/ws`;
    await fake.ipcMain.invoke('trust:check', APP_ENTRY_URL, { url: from, expected: h.host.identity!.fingerprint, expectedFrom: 'person' });
    const pin = trust.pinForUrl(from)!;

    // The session says it moved to where an impostor listens: the pin there is the session's, so the impostor is refused in the handshake.
    const fake1 = await impostor();
    expect(trust.trustMovedSession(from, pin, { session: h.host.sessionInfo.id, origins: [`https://127.0.0.1:${fake1.port}`] })).toEqual([`127.0.0.1:${fake1.port}`]);
    const sockets = pageSockets();
    const client = new ChatClient({ url: `wss://127.0.0.1:${fake1.port}/ws`, WebSocket: sockets.WebSocket, reconnect: false, requestTimeoutMs: 2000 });
    await expect(client.connect()).rejects.toBeTruthy();
    await until(() => sockets.received[0]!.some((m) => m.type === 'close'));
    expect(sockets.received[0]!.find((m) => m.type === 'close')).toMatchObject({ code: CLOSE_IDENTITY_REFUSED });
    expect(sockets.received[0]!.some((m) => m.type === 'refused')).toBe(true);
    expect(fake1.received()).toBe(0);

    // An address already trusted for another session is not taken over by a move.
    const other = await startHost();
    cleanup.push(() => other.stop());
    const otherUrl = `wss://127.0.0.1:${other.host.port}/ws`;
    await fake.ipcMain.invoke('trust:check', APP_ENTRY_URL, { url: otherUrl, expected: other.host.identity!.fingerprint, expectedFrom: 'person' });
    expect(trust.trustMovedSession(from, pin, { session: h.host.sessionInfo.id, origins: [`https://127.0.0.1:${other.host.port}`] })).toEqual([]);
    expect(trust.pinForUrl(otherUrl)?.fingerprint).toBe(other.host.identity!.fingerprint);

    // A move named with another identity than the connection's is ignored.
    expect(trust.trustMovedSession(from, pin, { session: 's', identity: 'f'.repeat(64), origins: ['https://127.0.0.1:1'] })).toEqual([]);
  });
});
