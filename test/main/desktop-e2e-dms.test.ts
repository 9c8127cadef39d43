// The desktop app's end-to-end DM keys live in the main process (issue 13;
// src-main/app/desktop-e2e.ts): under the Electron fake, a DmSession in the
// renderer's place uses the keyring over IPC (src-shared/e2e/ipc-keyring.ts,
// ipc-dm-state.ts)
// and talks through a real host to a terminal-like peer (ChatClient + DmSession
// with its keys in memory). Every IPC request and reply is recorded as the
// renderer would see it (structured clones), and searched for the secret keys.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatClient } from '../../src-shared/chat-client.js';
import { memoryDeviceKeyStore } from '../../src-shared/e2e/device-key-store.js';
import { signingSecretKey, type DeviceKeys } from '../../src-shared/e2e/device-keys.js';
import { DmSession, type DmReading } from '../../src-shared/e2e/dm-session.js';
import { memoryDmStateStore } from '../../src-shared/e2e/dm-state.js';
import { desktopDmStateStore } from '../../src-shared/e2e/ipc-dm-state.js';
import { desktopKeyrings } from '../../src-shared/e2e/ipc-keyring.js';
import { sodium } from '../../src-shared/e2e/sodium.js';
import type { IpcResult, ParleyApi } from '../../src-shared/ipc/ipc-contract.js';
import { E2E_MAX_ENVELOPE_BYTES } from '../../src-shared/limits.js';
import { dmKey } from '../../src-shared/protocol/conversations.js';
import type { Message } from '../../src-shared/protocol/frames.js';
import { openDesktopDeviceKeyStore } from '../../src-main/app/device-key-safe-storage.js';
import { collect, startHost, type Harness } from '../helpers/host-harness.js';
import { testDesktopAppOptions } from './desktop-app-per-test.js';

vi.mock('electron', () => import('./fake-electron.js'));

const { fake } = await import('./fake-electron.js');
const { startDesktopApp } = await import('../../src-main/app/desktop-app.js');
const { APP_ENTRY_URL } = await import('../../src-main/app/app-protocol.js');

type DesktopApp = NonNullable<ReturnType<typeof startDesktopApp>>;

let h: Harness | undefined;
let apps: DesktopApp[] = [];
let rendererRoot = '';
const sessions: DmSession[] = [];

beforeEach(() => {
  fake.reset();
  rendererRoot = fs.mkdtempSync(path.join(fake.app.getPath('userData'), '..', 'parley-renderer-'));
  fs.writeFileSync(path.join(rendererRoot, 'index.html'), '<!doctype html><title>Parley</title>');
});

afterEach(async () => {
  for (const s of sessions.splice(0)) s.dispose();
  for (const app of apps.splice(0)) await app.shutdown();
  await h?.stop();
  h = undefined;
  fs.rmSync(rendererRoot, { recursive: true, force: true });
  if (fake.app.userData) fs.rmSync(fake.app.userData, { recursive: true, force: true });
});

/** A main process over the fake's userData (the same folder again after a restart). */
async function startMain(): Promise<DesktopApp> {
  const app = startDesktopApp(testDesktopAppOptions(rendererRoot))!;
  await app.ready;
  apps.push(app);
  return app;
}

async function restartMain(app: DesktopApp): Promise<DesktopApp> {
  await app.shutdown();
  apps = apps.filter((a) => a !== app);
  return startMain();
}

interface Exchange {
  channel: string;
  payload: unknown;
  reply: unknown;
}

/** window.parley.invoke as the preload gives it, from the app's own page; every exchange recorded as it crossed. */
function rendererInvoke(log: Exchange[], senderUrl: string = APP_ENTRY_URL): ParleyApi['invoke'] {
  return new Proxy({} as ParleyApi['invoke'], {
    get: (_target, channel: string) => async (payload?: unknown) => {
      const sent = structuredClone(payload);
      const reply = structuredClone(await fake.ipcMain.invoke(channel, senderUrl, sent));
      log.push({ channel, payload: sent, reply });
      return reply as IpcResult<unknown>;
    },
  });
}

const keyFile = () => path.join(fake.app.getPath('userData'), 'e2e', 'device-keys.json');

/** Main's keys for an account, read the way main reads them (the test's view of the secret). */
async function secretsOf(account: string): Promise<Uint8Array[]> {
  const { store } = openDesktopDeviceKeyStore({ file: keyFile(), encryptor: fake.safeStorage });
  const keys = (await store.load(account)) as DeviceKeys;
  return [keys.encryptionSecretKey, keys.signingSeed, await signingSecretKey(keys)];
}

/** Whether `value` holds `secret`: as bytes anywhere in a byte array, or as hex, base64 or base64url in any string. */
async function holds(value: unknown, secret: Uint8Array): Promise<boolean> {
  const s = await sodium();
  const texts = [Buffer.from(secret).toString('hex'), Buffer.from(secret).toString('base64').replace(/=+$/, ''), s.to_base64(secret, s.base64_variants.URLSAFE_NO_PADDING)];
  const walk = (v: unknown): boolean => {
    if (v instanceof Uint8Array) return Buffer.from(v).indexOf(Buffer.from(secret)) !== -1;
    if (typeof v === 'string') return texts.some((t) => v.includes(t));
    if (Array.isArray(v)) return v.some(walk);
    if (typeof v === 'object' && v !== null) return Object.values(v).some(walk);
    return false;
  };
  return walk(value);
}

interface Person {
  client: ChatClient;
  dm: DmSession;
  events: ReturnType<typeof collect>;
}

async function signIn(name: string, dm: (client: ChatClient) => DmSession): Promise<Person> {
  const client = h!.client();
  const session = dm(client);
  sessions.push(session);
  const events = collect(client);
  await client.connect();
  await client.signIn({ name, password: 'secret-pw' });
  await session.settled();
  return { client, dm: session, events };
}

/** The desktop renderer's DmSession: keys in main, state in main's file. */
const desktopPerson = (name: string, log: Exchange[]) =>
  signIn(name, (client) => {
    const invoke = rendererInvoke(log);
    return new DmSession({ client, keyring: desktopKeyrings(invoke), stateStore: desktopDmStateStore(invoke) });
  });
/** A terminal-like peer: its keys in its own memory. */
const terminalPerson = (name: string) =>
  signIn(name, (client) => new DmSession({ client, keyStore: memoryDeviceKeyStore(), stateStore: memoryDmStateStore() }));

const received = (p: Person, clientMsgId: string): Message | undefined =>
  p.events.events.flatMap((e) => (e.type === 'message' && e.message.clientMsgId === clientMsgId ? [e.message] : []))[0];
async function arrived(p: Person, clientMsgId: string): Promise<Message> {
  await p.events.waitFor(() => received(p, clientMsgId) !== undefined);
  return received(p, clientMsgId)!;
}
const textOf = (reading: DmReading) => (reading.kind === 'decrypted' && reading.content.kind === 'text' ? reading.content.text : reading);

describe('desktop end-to-end DM keys in main', () => {
  it('a DmSession whose keys are in main and a terminal peer read each other; no IPC reply carries a secret key; the key file is 0600 and sealed', async () => {
    await startMain();
    h = await startHost();
    const log: Exchange[] = [];
    const ann = await desktopPerson('ann', log);
    const bob = await terminalPerson('bob');
    const conv = dmKey(ann.client.me!.id, bob.client.me!.id);

    const toBob = await ann.dm.send(conv, 'hello from the desktop');
    await toBob.done;
    expect(textOf(await bob.dm.read(await arrived(bob, toBob.clientMsgId), true))).toBe('hello from the desktop');
    const toAnn = await bob.dm.send(conv, 'hello from the terminal');
    await toAnn.done;
    expect(textOf(await ann.dm.read(await arrived(ann, toAnn.clientMsgId), true))).toBe('hello from the terminal');

    // The secret work was done by main, over IPC…
    const channels = new Set(log.map((e) => e.channel));
    expect([...channels]).toEqual(expect.arrayContaining(['e2e:device', 'e2e:sign', 'e2e:open-key', 'e2e:load-state', 'e2e:save-state']));
    expect(log.every((e) => (e.reply as IpcResult<unknown>).ok)).toBe(true);
    // …and nothing that crossed, either way, holds a secret key.
    const account = `${ann.client.session!.id}/${ann.client.me!.id}`;
    const secrets = await secretsOf(account);
    for (const secret of secrets) {
      expect(await holds(log, secret)).toBe(false);
    }
    // The check can fail: a reply that did carry one would be caught.
    expect(await holds([{ reply: { ok: true, value: secrets[0] } }], secrets[0]!)).toBe(true);

    // At rest: 0600, sealed with (fake) safeStorage, no secret in any encoding.
    const file = keyFile();
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const raw = fs.readFileSync(file);
    expect(JSON.parse(raw.toString('utf8'))).toMatchObject({ sealing: 'electron-safe-storage' });
    for (const secret of secrets) {
      expect(raw.indexOf(Buffer.from(secret))).toBe(-1);
      expect(await holds(raw.toString('utf8'), secret)).toBe(false);
    }
    expect(await fake.ipcMain.invoke('e2e:protection', APP_ENTRY_URL)).toEqual({ ok: true, value: 'os-keychain' });
  });

  it('after a restart of the app (a new main over the same userData) the same device reads the old history', async () => {
    let app = await startMain();
    h = await startHost();
    const ann = await desktopPerson('ann', []);
    const bob = await terminalPerson('bob');
    const conv = dmKey(ann.client.me!.id, bob.client.me!.id);
    const mine = await ann.dm.send(conv, 'written before the restart');
    await mine.done;
    const theirs = await bob.dm.send(conv, 'answered before the restart');
    await theirs.done;
    await arrived(ann, theirs.clientMsgId);
    const deviceBefore = (await ann.client.request('devices.list', { userIds: [ann.client.me!.id] })).devices[0]!.devices;
    expect(deviceBefore).toHaveLength(1);
    ann.dm.dispose();
    ann.client.close();

    app = await restartMain(app);
    expect(app.router()).not.toBeNull();
    const again = await desktopPerson('ann', []);
    const deviceAfter = (await again.client.request('devices.list', { userIds: [again.client.me!.id] })).devices[0]!.devices;
    expect(deviceAfter).toEqual(deviceBefore); // the same device: same id, same keys
    const { messages } = await again.client.request('history', { conv });
    const texts = await Promise.all(messages.filter((m) => m.e2e !== undefined).map(async (m) => textOf(await again.dm.read(m, false))));
    expect(texts).toEqual(['written before the restart', 'answered before the restart']);
    // And it still talks: a new DM after the restart is not refused as a replay (the counters came back too).
    const after = await again.dm.send(conv, 'and after it');
    await after.done;
    expect(textOf(await bob.dm.read(await arrived(bob, after.clientMsgId), true))).toBe('and after it');
  });

  it('main refuses malformed accounts, sizes over the limits, bytes that are not an envelope, and other frames; errors carry E2eError codes', async () => {
    await startMain();
    const call = (channel: string, payload: unknown, senderUrl: string | null = APP_ENTRY_URL) =>
      fake.ipcMain.invoke(channel, senderUrl, payload) as Promise<IpcResult<unknown>>;
    const code = async (result: Promise<IpcResult<unknown>>) => {
      const answer = await result;
      return answer.ok ? 'ok' : answer.error.code;
    };
    for (const account of ['../../etc/passwd/1', 'session/abc', 'session/0', `${'s'.repeat(129)}/1`, 'session', '/1', 'a/b/1']) {
      expect(await code(call('e2e:device', { account })), account).toBe('invalid_payload');
    }
    expect(fs.existsSync(keyFile())).toBe(false); // nothing was made for any of them

    const account = 'f3c1e6a2-6f7d-4c3e-9a8b-0d2e4f6a8c10/7';
    expect(await code(call('e2e:sign', { account, bytes: new TextEncoder().encode('parley-e2e/dm-signature/v1\n[]') }))).toBe('key_store'); // no device yet
    const device = await call('e2e:device', { account });
    expect(device).toMatchObject({ ok: true, value: { bundle: { userId: '7' } } });
    expect(await code(call('e2e:sign', { account, bytes: new TextEncoder().encode('parley-e2e/dm-signature/v1\n[]') }))).toBe('ok');
    expect(await code(call('e2e:sign', { account, bytes: new TextEncoder().encode('parley-e2e/device-bundle/v1\n[]') }))).toBe('malformed');
    expect(await code(call('e2e:sign', { account, bytes: new Uint8Array(E2E_MAX_ENVELOPE_BYTES + 1) }))).toBe('invalid_payload');
    expect(await code(call('e2e:sign', { account, bytes: 'not bytes' }))).toBe('invalid_payload');
    const garbage = { account, enc: new Uint8Array(32).fill(9), key: new Uint8Array(48).fill(7), info: new Uint8Array(10) };
    const refused = await call('e2e:open-key', garbage);
    expect(refused).toMatchObject({ ok: false, error: { code: 'decrypt_failed', message: expect.stringMatching(/could not be opened/) } });
    expect(await code(call('e2e:open-key', { ...garbage, key: new Uint8Array(73) }))).toBe('invalid_payload');
    expect(await code(call('e2e:save-state', { account, state: { v: 1, nonsense: true } }))).toBe('invalid_payload');
    expect(await code(call('e2e:device', { account }, 'https://evil.example/'))).toBe('forbidden_sender');
  });

  it('two windows asking for a new account’s device at once get one device, not two', async () => {
    await startMain();
    const account = 'session-2/4';
    const answers = (await Promise.all([1, 2, 3].map(() => fake.ipcMain.invoke('e2e:device', APP_ENTRY_URL, { account })))) as Array<IpcResult<{ bundle: { deviceId: string } }>>;
    const ids = new Set(answers.map((a) => (a.ok ? a.value.bundle.deviceId : a.error.code)));
    expect(ids.size).toBe(1);
    expect(Object.keys(JSON.parse(fs.readFileSync(keyFile(), 'utf8')).accounts)).toEqual([account]);
  });

  it('without a keychain the keys are kept in a 0600 file and protection() says "file"', async () => {
    fake.safeStorage.available = false;
    await startMain();
    const account = 'session-1/3';
    expect(await fake.ipcMain.invoke('e2e:device', APP_ENTRY_URL, { account })).toMatchObject({ ok: true });
    expect(await fake.ipcMain.invoke('e2e:protection', APP_ENTRY_URL)).toEqual({ ok: true, value: 'file' });
    expect(JSON.parse(fs.readFileSync(keyFile(), 'utf8'))).toMatchObject({ sealing: 'none' });
    if (process.platform !== 'win32') expect(fs.statSync(keyFile()).mode & 0o777).toBe(0o600);
  });
});
