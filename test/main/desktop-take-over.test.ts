// Accepting a hand-over offer in the desktop app (issue 11): the page is
// signed in over main's pinned socket; on Accept it asks main (host:take-over)
// to take the session over. Main does it over its own pinned connection with
// the page's token, hosts the session (status, advertisement), and everyone —
// the old host's other clients and this app's own page — moves there and keeps
// chatting. A take-over without an offer needs an admin.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatClient } from '../../src-shared/chat-client.js';
import type { HostStatus } from '../../src-shared/ipc/ipc-contract.js';
import { channelKey, GENERAL_CHANNEL_ID } from '../../src-shared/protocol/conversations.js';
import { movedSocketUrls } from '../../src-shared/session-move.js';
import { collect, startHost, type Harness } from '../helpers/host-harness.js';
import { portChatSockets } from '../helpers/port-chat-socket.js';

vi.mock('electron', () => import('./fake-electron.js'));

const { fake, MessagePortMain } = await import('./fake-electron.js');
const { startDesktopApp } = await import('../../src-main/app/desktop-app.js');
const { APP_ENTRY_URL } = await import('../../src-main/app/app-protocol.js');

const GENERAL = channelKey(GENERAL_CHANNEL_ID);
type Result<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
const invoke = <T,>(channel: string, payload: unknown) => fake.ipcMain.invoke(channel, APP_ENTRY_URL, payload) as Promise<Result<T>>;
const pageSockets = () => portChatSockets((channel, message, port) => fake.ipcMain.postMessage(channel, APP_ENTRY_URL, message, [new MessagePortMain(port)]));
const until = (predicate: () => boolean) => vi.waitFor(() => expect(predicate()).toBe(true), { timeout: 8000, interval: 10 });

const cleanup: Array<() => unknown> = [];
let app: NonNullable<ReturnType<typeof startDesktopApp>>;
const advertised: string[] = [];

beforeEach(async () => {
  fake.reset();
  advertised.length = 0;
  const rendererRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-renderer-'));
  fs.writeFileSync(path.join(rendererRoot, 'index.html'), '<!doctype html><title>Parley</title>');
  app = startDesktopApp({
    preloadPath: path.join(process.cwd(), 'dist', 'main', 'preload.cjs'),
    rendererRoot,
    createSessionBrowser: () => ({ start() {}, stop() {}, on() {}, status: () => ({ browsing: true, problem: null, interfaces: [], sessions: [] }) }),
    createAdvertiser: ({ name }) => ({ start: () => void advertised.push(name), update() {}, stop: async () => {} }),
    hostPort: 0,
    hostBindAddress: '127.0.0.1',
    lanAddresses: () => ['127.0.0.1'],
  })!;
  await app.ready;
  cleanup.push(() => fs.rmSync(rendererRoot, { recursive: true, force: true }));
});

afterEach(async () => {
  await app.shutdown();
  for (const step of cleanup.splice(0).reverse()) await step();
  if (fake.app.userData) fs.rmSync(fake.app.userData, { recursive: true, force: true });
});

async function startedHost(): Promise<Harness> {
  const h = await startHost({ sessionName: 'Office' });
  cleanup.push(() => h.stop());
  return h;
}

/** The page joins as the desktop renderer does: trusted by the code it was given, canHost, following moves. */
async function pageJoins(h: Harness, name: string): Promise<ChatClient> {
  const url = `wss://127.0.0.1:${h.host.port}/ws`;
  const checked = await invoke<{ status: string }>('trust:check', { url, expected: h.host.identity!.fingerprint, expectedFrom: 'person' });
  expect(checked.ok && checked.value.status).toBe('trusted');
  const client = new ChatClient({ url, WebSocket: pageSockets().WebSocket, minDelayMs: 20, maxDelayMs: 200, canHost: true });
  cleanup.push(() => client.close());
  client.on('moved', ({ to }) => client.moveTo(movedSocketUrls(to)));
  await client.connect();
  await client.signIn({ name, password: 'secret-pw' });
  return client;
}

function follows(client: ChatClient): ChatClient {
  client.on('moved', ({ to }) => client.moveTo(movedSocketUrls(to)));
  return client;
}

describe('taking a session over in the desktop app', () => {
  it('accepts the host’s offer: main takes the session over and hosts it; everyone moves and keeps chatting', async () => {
    const h = await startedHost();
    const ann = follows(await h.signIn('ann')); // the old host's owner
    const page = await pageJoins(h, 'bob');
    const annSees = collect(ann);
    const pageSees = collect(page);
    await ann.send(GENERAL, 'before').done;

    const offered = new Promise<string>((resolve) => page.on('handoverOffer', ({ offer }) => resolve(offer)));
    h.host.offerHandOver(page.me!.id);
    const offer = await offered;

    const result = await invoke<HostStatus>('host:take-over', { url: page.url, token: page.token, offer });
    if (!result.ok) throw new Error(result.error.message);
    const status = result.value;
    expect(status).toMatchObject({ running: true, sessionName: 'Office', identity: h.host.identity!.fingerprint });
    expect(app.host()!.status()).toEqual(status);
    expect(advertised).toEqual(['Office']);
    // The new folder is the session's own, under userData/sessions.
    const successor = app.host()!.host!;
    expect(fs.readdirSync(path.join(fake.app.userData!, 'sessions'))).toEqual([expect.stringMatching(new RegExp(`^${h.host.sessionInfo.id}-\\d+$`))]);

    // "Host at login" opens a session by its name's folder: not offered for one taken over (yet).
    expect(await invoke('settings:set-host-at-login', { enabled: true })).toMatchObject({ ok: false, error: { code: 'not_allowed' } });

    const newUrl = `wss://127.0.0.1:${successor.port}/ws`;
    await until(() => ann.url === newUrl && ann.state === 'online');
    // Accepting made bob admin: his page, resumed at the new host, says so.
    await until(() => page.url === newUrl && page.state === 'online' && page.me?.isAdmin === true);
    await page.send(GENERAL, 'bob hosts now').done;
    await ann.send(GENERAL, 'thanks bob').done;
    for (const seen of [annSees, pageSees]) {
      await seen.waitFor(() => seen.texts(GENERAL).includes('thanks bob'));
      expect(seen.texts(GENERAL)).toEqual(['before', 'bob hosts now', 'thanks bob']);
    }
  });

  it('a take-over without an offer needs an admin; the session carries on where it was', async () => {
    const h = await startedHost();
    await h.signIn('ann');
    const page = await pageJoins(h, 'bob');
    const result = await invoke<HostStatus>('host:take-over', { url: page.url, token: page.token });
    expect(result).toMatchObject({ ok: false, error: { code: 'handover_failed', message: expect.stringContaining('Only an admin can take the session over') } });
    expect(app.host()!.status().running).toBe(false);
    await page.send(GENERAL, 'still here').done;
  });
});
