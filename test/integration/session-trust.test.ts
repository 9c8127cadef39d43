// Trusted sessions (issue 10): the host's identity, TLS on its one port, and
// the terminal client that checks the identity before it sends anything.
// Each security promise has a test that fails if it breaks: a recording proxy
// for "nothing readable on the wire", another session behind the same
// address for "impostor refused before credentials leave".
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatClient } from '../../src-shared/chat-client.js';
import { parseExpectedIdentity, sessionCode } from '../../src-shared/session-identity.js';
import { IdentityMismatchError } from '../../src-main/trust/pinned-tls.js';
import { pinnedWebSocket } from '../../src-main/trust/pinned-websocket.js';
import { IDENTITY_CERT_FILE, IDENTITY_KEY_FILE } from '../../src-main/trust/session-identity.js';
import { killStartedProcesses, runCli, type CliProcess } from '../helpers/cli-process.js';
import { collect, startHost, tempDir, type Harness } from '../helpers/host-harness.js';
import { startRecordingProxy, type RecordingProxy } from '../helpers/recording-proxy.js';

const cleanup: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  await killStartedProcesses();
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function host(options: Parameters<typeof startHost>[0] = {}): Promise<Harness> {
  const h = await startHost(options);
  cleanup.push(() => h.stop());
  return h;
}

async function proxyTo(port: number): Promise<RecordingProxy> {
  const proxy = await startRecordingProxy(port);
  cleanup.push(() => proxy.close());
  return proxy;
}

/** `npm run chat` (the built program) with its own per-user folder, piped a script. */
function chatProcess(port: number, name: string, password: string, lines: string[], extra: string[] = [], dataHome = tempDir('parley-xdg-')): CliProcess & { dataHome: string } {
  const chat = runCli('chat', [`127.0.0.1:${port}`, '--name', name, '--password', password, ...extra], { env: { XDG_DATA_HOME: dataHome } });
  chat.child.stdin.end(lines.map((line) => `${line}\n`).join(''));
  return Object.assign(chat, { dataHome });
}

describe('session identity', () => {
  it('is made once, kept in files only its user can read, and carried in welcome and /api/session', async () => {
    const h = await host();
    const identity = h.host.identity!;
    expect(identity.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(identity.code).toBe(sessionCode(identity.fingerprint));
    for (const file of [IDENTITY_KEY_FILE, IDENTITY_CERT_FILE]) {
      expect(fs.statSync(path.join(h.dataDir, file)).mode & 0o777).toBe(0o600);
    }
    const client = h.client();
    expect((await client.connect()).identity).toBe(identity.fingerprint);

    await h.restart();
    expect(h.host.identity!.fingerprint).toBe(identity.fingerprint);
  });
});

describe('TLS on the one port', () => {
  it('answers plain HTTP with a page that sends the browser to https:// and explains the warning; API and ws:// get 426', async () => {
    const h = await host();
    const port = h.host.port;
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`href="https://127.0.0.1:${port}/"`);
    expect(html).toMatch(/certificate was made by the computer that hosts it/);
    expect(html).toContain('public key SHA-256 fingerprint');
    expect(html).not.toContain('<script');

    const api = await fetch(`http://127.0.0.1:${port}/api/session`);
    expect(api.status).toBe(426);
    expect(await api.json()).toMatchObject({ code: 'tls_required', message: expect.stringContaining(`https://127.0.0.1:${port}/`) });

    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
      ws.on('unexpected-response', (_req, res: http.IncomingMessage) => resolve(res.statusCode ?? 0));
      ws.on('error', () => resolve(-1));
    });
    expect(refused).toBe(426);
  });
});

describe('pinned connections', () => {
  it('refuse another session during the TLS handshake: no welcome, no frame, and the client hears why', async () => {
    const real = await host();
    const impostor = await host();
    let refusedWith: IdentityMismatchError | null = null;
    const PinnedToReal = pinnedWebSocket(real.host.identity!, (error) => (refusedWith = error));
    const client = new ChatClient({ url: impostor.url, WebSocket: PinnedToReal, reconnect: false, requestTimeoutMs: 2000 });
    const seen = collect(client);
    await expect(client.connect()).rejects.toBeTruthy();
    expect(refusedWith).toBeInstanceOf(IdentityMismatchError);
    expect(refusedWith!.message).toContain(`not the session you trusted (code ${real.host.identity!.code})`);
    expect(seen.events).toEqual([]);
    expect(impostor.host.onlineCount()).toBe(0);
  });
});

describe('terminal client', () => {
  it('sends nothing readable through a recording proxy: no password, no token, no message text, either way', async () => {
    const h = await host();
    const proxy = await proxyTo(h.host.port);
    const password = 'correct-horse-battery';
    const secret = 'the launch code is 7355608';
    const alice = chatProcess(proxy.port, 'alice', password, [secret, '/msg alice note to self: 4242-secret-dm']);
    expect(await alice.exit).toBe(0);
    expect(alice.stdout()).toContain('First connection to this session');
    // The messages did arrive: the host stored them.
    const bob = await h.signIn('bob');
    const history = await bob.request('history', { conv: 'ch:1' });
    expect(history.messages.map((m) => m.text)).toContain(secret);

    const { fromClients, fromTarget } = proxy.recorded();
    expect(fromClients.length).toBeGreaterThan(1000);
    for (const wire of [fromClients, fromTarget]) {
      const text = wire.toString('latin1');
      for (const needle of [password, secret, '4242-secret-dm', 'alice', '"signin"', '"token"']) expect(text).not.toContain(needle);
    }
  });

  it('remembers a session on first contact and refuses, exit 3, a different one later at the same address — before the password leaves', async () => {
    const first = await host();
    const proxy = await proxyTo(first.host.port);
    const dataHome = tempDir('parley-xdg-');
    const hello = chatProcess(proxy.port, 'carol', 'carol-password', ['hello'], [], dataHome);
    expect(await hello.exit).toBe(0);
    const known = JSON.parse(fs.readFileSync(path.join(dataHome, 'parley', 'known-sessions.json'), 'utf8')) as { sessions: Record<string, { fingerprint: string }> };
    expect(known.sessions[`127.0.0.1:${proxy.port}`]!.fingerprint).toBe(first.host.identity!.fingerprint);
    expect(fs.statSync(path.join(dataHome, 'parley', 'known-sessions.json')).mode & 0o777).toBe(0o600);

    // The same address now leads to another session (host stopped, someone else started one there).
    const other = await host();
    proxy.retarget(other.host.port);
    const before = proxy.recorded().fromClients.length;
    const again = chatProcess(proxy.port, 'carol', 'carol-password', ['are you there?'], [], dataHome);
    expect(await again.exit).toBe(3);
    expect(again.stderr()).toContain(`THE SESSION AT 127.0.0.1:${proxy.port} HAS CHANGED`);
    expect(again.stderr()).toContain(sessionCode(other.host.identity!.fingerprint));
    expect(again.stderr()).toContain('Nothing was sent');
    const sentToImpostor = proxy.recorded().fromClients.subarray(before).toString('latin1');
    expect(sentToImpostor).not.toContain('carol-password');
    expect(other.host.onlineCount()).toBe(0);

    // Forgetting it is a deliberate step; then the new session is met as a first contact.
    const forgot = chatProcess(proxy.port, 'carol', 'carol-password', ['hi again'], ['--forget'], dataHome);
    expect(await forgot.exit).toBe(0);
    expect(forgot.stdout()).toContain(`Its code is ${sessionCode(other.host.identity!.fingerprint)}`);
  });

  it('--fingerprint: connects when the session has that code, refuses (exit 3) when it does not', async () => {
    const h = await host();
    const right = chatProcess(h.host.port, 'dave', 'dave-password', ['with the right code'], ['--fingerprint', h.host.identity!.code]);
    expect(await right.exit).toBe(0);
    expect(right.stdout()).toContain(`Session code ${h.host.identity!.code} (as expected)`);

    const wrongCode = h.host.identity!.code.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    expect(parseExpectedIdentity(wrongCode)).not.toBeNull();
    const wrong = chatProcess(h.host.port, 'dave', 'dave-password', ['never sent'], ['--fingerprint', wrongCode]);
    expect(await wrong.exit).toBe(3);
    expect(wrong.stderr()).toContain('is not the one you asked for');
    const bob = await h.signIn('bob');
    const history = await bob.request('history', { conv: 'ch:1' });
    expect(history.messages.map((m) => m.text)).not.toContain('never sent');
  });
});
