// The fan-out bench's sinks (bench/fanout/tapped-socket.ts): a client that,
// once sunk, still takes every byte off its socket — so the server's writes
// complete as for any reader — but no longer decrypts or parses them. If a
// sink stopped reading, the host would see a slow client; if it still parsed,
// the bench would measure the load generator, not the host.
import https from 'node:https';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { tappedConnection } from '../../bench/fanout/tapped-socket.js';
import { pinnedTlsOptions } from '../../src-main/trust/pinned-tls.js';
import { loadOrCreateIdentity } from '../../src-main/trust/session-identity.js';
import { tempDir } from '../helpers/host-harness.js';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const step of cleanup.splice(0)) step();
});

async function echoServer(secure: boolean) {
  const identity = secure ? await loadOrCreateIdentity(tempDir('parley-tap-')) : null;
  const server = identity ? https.createServer({ key: identity.keyPem, cert: identity.certPem }) : http.createServer();
  const wss = new WebSocketServer({ server });
  const peers: WebSocket[] = [];
  wss.on('connection', (ws) => {
    peers.push(ws);
    ws.on('message', (data) => ws.send(data));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => {
    for (const ws of peers) ws.terminate();
    wss.close();
    server.close();
  });
  const { port } = server.address() as AddressInfo;
  return { url: `${secure ? 'wss' : 'ws'}://127.0.0.1:${port}/`, identity, peer: () => peers[0]! };
}

describe.each([
  ['over TLS', true],
  ['in plain', false],
])('a tapped bench client %s', (_name, secure) => {
  it('works as a client until sunk, then drains every byte the server sends without parsing any', async () => {
    const server = await echoServer(secure);
    const connection = tappedConnection(secure);
    const tls = server.identity ? pinnedTlsOptions({ certPem: server.identity.certPem, fingerprint: server.identity.fingerprint }) : {};
    const ws = new WebSocket(server.url, { ...tls, perMessageDeflate: false, createConnection: connection.createConnection } as unknown as WebSocket.ClientOptions);
    const received: string[] = [];
    ws.on('message', (data: Buffer) => received.push(data.toString()));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));

    ws.send('hello');
    await vi.waitFor(() => expect(received).toEqual(['hello']));
    const tap = connection.tap();
    const before = tap.bytesIn;
    expect(before).toBeGreaterThan('hello'.length);

    tap.sink();
    const frame = 'x'.repeat(16 * 1024);
    const peer = server.peer();
    for (let i = 0; i < 256; i++) peer.send(frame); // 4 MiB: far more than the socket buffers hold
    // Everything reaches the sink: the server's queue empties, as for a reader.
    await vi.waitFor(() => expect(peer.bufferedAmount).toBe(0), { timeout: 10_000 });
    await vi.waitFor(() => expect(tap.bytesIn - before).toBeGreaterThanOrEqual(256 * frame.length), { timeout: 10_000 });
    expect(received).toEqual(['hello']);
    ws.terminate();
  });

  it('as a probe keeps decrypting and parsing, counts what it reads off TCP like a sink does, and cannot be sunk', async () => {
    const server = await echoServer(secure);
    const connection = tappedConnection(secure, false);
    const tls = server.identity ? pinnedTlsOptions({ certPem: server.identity.certPem, fingerprint: server.identity.fingerprint }) : {};
    const ws = new WebSocket(server.url, { ...tls, perMessageDeflate: false, createConnection: connection.createConnection } as unknown as WebSocket.ClientOptions);
    const received: string[] = [];
    ws.on('message', (data: Buffer) => received.push(data.toString()));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const tap = connection.tap();
    const before = tap.bytesIn;

    const frame = 'y'.repeat(1000);
    for (let i = 0; i < 20; i++) ws.send(frame);
    await vi.waitFor(() => expect(received).toHaveLength(20));
    // The bytes as they crossed the wire: WebSocket frame headers (4 bytes each here) on the text, and over TLS
    // at least one record's header and tag (5 + 16 bytes) on top; the server may pack several frames in a record.
    const frames = 20 * (frame.length + 4);
    expect(tap.bytesIn - before).toBeGreaterThanOrEqual(secure ? frames + 21 : frames);
    expect(() => tap.sink()).toThrow(/probe/);
    ws.terminate();
  });
});
