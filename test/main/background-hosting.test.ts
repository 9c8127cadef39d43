// Issue 11 item 1, the app keeps hosting in the background, under the fake
// `electron`: closing the window while hosting leaves the session up with a
// tray icon that says who is online; the tray's menu; quitting while hosting
// asks and each answer does what it says; "host at login"; the window's place.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatClient } from '../../src-shared/chat-client.js';
import type { HostStatus } from '../../src-shared/ipc/ipc-contract.js';
import { probeSessionCertificate } from '../../src-main/trust/certificate-probe.js';
import { pinnedWebSocket } from '../../src-main/trust/pinned-websocket.js';
import { getJsonFromIdentifiedHost, servesTls as reachable } from '../helpers/session-pin.js';
import { IdleSessionBrowser } from './desktop-ipc-kit.js';

vi.mock('electron', () => import('./fake-electron.js'));

const { fake, BrowserWindow, Tray } = await import('./fake-electron.js');
const { startDesktopApp } = await import('../../src-main/app/desktop-app.js');
const { APP_ENTRY_URL } = await import('../../src-main/app/app-protocol.js');
const { HOST_AT_LOGIN_ARG } = await import('../../src-main/app/login-hosting.js');


const fakeAdvertiser = () => ({ start() {}, update() {}, async stop() {} });

type Result = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
const invoke = (channel: string, ...args: unknown[]) => fake.ipcMain.invoke(channel, APP_ENTRY_URL, ...args) as Promise<Result>;
const value = async <T = unknown>(channel: string, ...args: unknown[]): Promise<T> => {
  const result = await invoke(channel, ...args);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
};


describe('background hosting (desktop app)', () => {
  let rendererRoot: string;
  let autostartDir: string;
  let log: string[];
  let app: NonNullable<ReturnType<typeof startDesktopApp>>;
  const clients: ChatClient[] = [];

  const start = async (argv: string[] = ['electron', '.']) => {
    app = startDesktopApp({
      preloadPath: '/preload.cjs',
      rendererRoot,
      createSessionBrowser: () => new IdleSessionBrowser(),
      createAdvertiser: fakeAdvertiser,
      hostPort: 0,
      hostBindAddress: '127.0.0.1',
      argv,
      autostartDir,
      log: (line) => log.push(line),
    })!;
    await app.ready;
  };

  /** Quits, then starts again on the same profile (what the next login or launch does). */
  const restart = async (argv?: string[]) => {
    await app.shutdown();
    const userData = fake.app.userData;
    fake.reset();
    fake.app.userData = userData;
    await start(argv);
  };

  beforeEach(async () => {
    fake.reset();
    rendererRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-renderer-'));
    fs.writeFileSync(path.join(rendererRoot, 'index.html'), '<!doctype html><title>Parley</title>');
    autostartDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-autostart-'));
    log = [];
    await start();
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await app.shutdown();
    if (fake.app.userData) fs.rmSync(fake.app.userData, { recursive: true, force: true });
    fs.rmSync(rendererRoot, { recursive: true, force: true });
    fs.rmSync(autostartDir, { recursive: true, force: true });
  });

  const window = () => BrowserWindow.getAllWindows()[0] ?? null;
  const host = (sessionName = 'Office', passcode?: string) =>
    value<HostStatus>('host:start', { sessionName, ...(passcode !== undefined && { passcode }) });
  /** Closing the last window, as the person does with the window's close button. */
  const closeWindow = () => {
    window()!.close();
    fake.app.emit('window-all-closed');
  };
  const signIn = async (status: HostStatus, name: string) => {
    const pin = await probeSessionCertificate('127.0.0.1', status.port!);
    const client = new ChatClient({ url: status.localUrl!, WebSocket: pinnedWebSocket(pin), minDelayMs: 20, maxDelayMs: 200 });
    clients.push(client);
    await client.connect();
    await client.signIn({ name, password: 'secret-pw' });
    return client;
  };

  describe('the tray', () => {
    it('is there only while hosting', async () => {
      expect(Tray.current()).toBeNull();
      await host();
      expect(Tray.current()?.tooltip).toBe('Parley — Hosting “Office” · 0 people online');
      await value('host:stop');
      expect(Tray.current()).toBeNull();
    });

    it('closing the window while hosting keeps the session up, and the tray counts who is online', async () => {
      const status = await host();
      const quitsBefore = fake.app.quitCalls;
      closeWindow();
      expect(window()).toBeNull();
      expect(fake.app.quitCalls).toBe(quitsBefore);
      // The host still answers, and people can still sign in.
      expect(((await getJsonFromIdentifiedHost(status.port!, status.identity!, '/api/session')) as { name: string }).name).toBe('Office');
      const alice = await signIn(status, 'alice');
      await vi.waitFor(() => expect(Tray.current()?.tooltip).toBe('Parley — Hosting “Office” · 1 person online'));
      expect(Tray.current()!.menu!.items[0]).toMatchObject({ label: 'Hosting “Office” · 1 person online', enabled: false });
      await signIn(status, 'bob');
      await vi.waitFor(() => expect(Tray.current()?.tooltip).toContain('2 people online'));
      alice.close();
      await vi.waitFor(() => expect(Tray.current()?.tooltip).toContain('1 person online'));
    });

    it('Open Parley reopens the window', async () => {
      await host();
      closeWindow();
      Tray.current()!.clickItem('Open Parley');
      expect(window()?.loadedUrl).toBe(APP_ENTRY_URL);
    });

    it('Stop hosting ends the session; with no window left (Windows/Linux) the app quits', async () => {
      const status = await host();
      closeWindow();
      const quitsBefore = fake.app.quitCalls;
      Tray.current()!.clickItem('Stop hosting');
      await vi.waitFor(() => expect(Tray.current()).toBeNull());
      expect(await reachable(status.port!)).toBe(false);
      if (process.platform === 'darwin') expect(fake.app.quitCalls).toBe(quitsBefore);
      else await vi.waitFor(() => expect(fake.ipcMain.handlers.size).toBe(0));
      // Nothing was asked: the session had already ended.
      expect(fake.dialog.messageBoxCalls).toEqual([]);
    });

    it('Quit asks like any quit while hosting', async () => {
      await host();
      Tray.current()!.clickItem('Quit');
      expect(fake.dialog.messageBoxCalls).toHaveLength(1);
      expect(fake.dialog.messageBoxCalls[0]!.options.buttons).toEqual(['End the session for everyone', 'Keep hosting in the background', 'Cancel']);
    });
  });

  describe('quitting while hosting', () => {
    it('asks, saying people can chat only while this computer hosts', async () => {
      await host();
      fake.app.quit();
      const asked = fake.dialog.messageBoxCalls[0]!.options;
      expect(asked.message).toContain('You are hosting “Office”');
      expect(asked.detail).toContain('People can keep chatting only while this computer hosts the session');
      // Enter keeps the session; Escape cancels.
      expect(asked.buttons[asked.defaultId!]).toBe('Keep hosting in the background');
      expect(asked.buttons[asked.cancelId!]).toBe('Cancel');
    });

    it('“End the session for everyone” stops hosting and quits', async () => {
      const status = await host();
      fake.dialog.messageBoxResponses = [0];
      fake.app.quit();
      await vi.waitFor(() => expect(fake.ipcMain.handlers.size).toBe(0));
      expect(await reachable(status.port!)).toBe(false);
      expect(Tray.current()).toBeNull();
    });

    it('“Keep hosting in the background” closes the window and keeps the session up', async () => {
      const status = await host();
      fake.dialog.messageBoxResponses = [1];
      fake.app.quit();
      await app.quitGuard()!.pending();
      expect(window()).toBeNull();
      expect(await reachable(status.port!)).toBe(true);
      expect(Tray.current()).not.toBeNull();
      expect(fake.ipcMain.handlers.size).toBeGreaterThan(0);
    });

    it('Cancel changes nothing', async () => {
      const status = await host();
      fake.dialog.messageBoxResponses = [2];
      fake.app.quit();
      await app.quitGuard()!.pending();
      expect(window()).not.toBeNull();
      expect(await reachable(status.port!)).toBe(true);
    });

    it('does not ask when the system shuts down or logs out: the session ends', async () => {
      const status = await host();
      fake.powerMonitor.emit('shutdown', { preventDefault() {} });
      fake.app.quit();
      await vi.waitFor(() => expect(fake.ipcMain.handlers.size).toBe(0));
      expect(fake.dialog.messageBoxCalls).toEqual([]);
      expect(await reachable(status.port!)).toBe(false);
    });

    it('does not ask when nothing is hosted', async () => {
      fake.app.quit();
      await vi.waitFor(() => expect(fake.ipcMain.handlers.size).toBe(0));
      expect(fake.dialog.messageBoxCalls).toEqual([]);
    });
  });

  describe('start at login and host this session', () => {
    const registered = () =>
      process.platform === 'linux'
        ? fs.existsSync(path.join(autostartDir, 'parley.desktop'))
        : (fake.app.loginItemSettings.at(-1)?.openAtLogin ?? false);

    it('is off at first, and needs a hosted session to turn on', async () => {
      expect(await value('settings:get-host-at-login')).toEqual({ sessionName: null });
      expect(await invoke('settings:set-host-at-login', { enabled: true })).toMatchObject({ ok: false, error: { code: 'not_hosting' } });
    });

    it('registers with the OS, keeps the passcode out of settings.json, and a start at login hosts without a window', async () => {
      await host('Exam room', 'sesame-42');
      expect(await value('settings:set-host-at-login', { enabled: true })).toEqual({ sessionName: 'Exam room' });
      expect(registered()).toBe(true);
      if (process.platform === 'linux') {
        expect(fs.readFileSync(path.join(autostartDir, 'parley.desktop'), 'utf8')).toContain(HOST_AT_LOGIN_ARG);
      } else {
        expect(fake.app.loginItemSettings.at(-1)).toEqual({ openAtLogin: true, args: [HOST_AT_LOGIN_ARG] });
      }
      for (const file of fs.readdirSync(fake.app.userData).filter((name) => name.endsWith('.json'))) {
        expect(fs.readFileSync(path.join(fake.app.userData, file), 'utf8'), file).not.toContain('sesame-42');
      }

      await restart(['parley', HOST_AT_LOGIN_ARG]);
      await vi.waitFor(() => expect(app.host()!.status().running).toBe(true));
      expect(BrowserWindow.instances).toHaveLength(0);
      expect(app.host()!.status()).toMatchObject({ sessionName: 'Exam room', passcodeRequired: true });
      expect(app.host()!.hostedSession()?.passcode).toBe('sesame-42');
      expect(Tray.current()?.tooltip).toContain('Hosting “Exam room”');
    });

    it('hosting that session again with another passcode updates what login hosts with', async () => {
      await host('Exam room', 'old-passcode');
      await value('settings:set-host-at-login', { enabled: true });
      await value('host:stop');
      await host('Exam room', 'new-passcode');
      await restart(['parley', HOST_AT_LOGIN_ARG]);
      await vi.waitFor(() => expect(app.host()!.status().running).toBe(true));
      expect(app.host()!.hostedSession()?.passcode).toBe('new-passcode');
    });

    it('an ordinary start opens the window and hosts nothing', async () => {
      await host();
      await value('settings:set-host-at-login', { enabled: true });
      await restart(['parley']);
      expect(BrowserWindow.instances).toHaveLength(1);
      expect(app.host()!.status().running).toBe(false);
    });

    it('turning it off unregisters it', async () => {
      await host();
      await value('settings:set-host-at-login', { enabled: true });
      expect(await value('settings:set-host-at-login', { enabled: false })).toEqual({ sessionName: null });
      expect(registered()).toBe(false);
      await restart(['parley', HOST_AT_LOGIN_ARG]);
      expect(BrowserWindow.instances).toHaveLength(1);
      expect(app.host()!.status().running).toBe(false);
    });

    it('is refused for a session with a passcode where no keyring could keep it', async () => {
      await host('Exam room', 'sesame-42');
      fake.safeStorage.available = false;
      const refused = await invoke('settings:set-host-at-login', { enabled: true });
      expect(refused).toMatchObject({ ok: false, error: { code: 'no_keyring', message: expect.stringContaining('keyring') } });
      expect(registered()).toBe(false);
    });
  });

  describe('the window’s place', () => {
    it('opens where it was closed', async () => {
      window()!.setBounds({ x: 200, y: 150, width: 900, height: 600 });
      closeWindow();
      await restart();
      expect(window()!.getBounds()).toEqual({ x: 200, y: 150, width: 900, height: 600 });
    });

    it('comes back maximised', async () => {
      window()!.maximize();
      closeWindow();
      await restart();
      window()!.emit('ready-to-show');
      expect(window()!.isMaximized()).toBe(true);
    });

    it('is pulled back onto a display when its display is gone or smaller', async () => {
      fake.screen.displays.push({ id: 2, workArea: { x: 1920, y: 0, width: 2560, height: 1400 }, bounds: { x: 1920, y: 0, width: 2560, height: 1440 } });
      window()!.setBounds({ x: 2400, y: 100, width: 1800, height: 1200 });
      closeWindow();
      // Undocked: only the laptop's screen is left.
      await restart();
      const bounds = window()!.getBounds();
      expect(bounds.width).toBeLessThanOrEqual(1920);
      expect(bounds.height).toBeLessThanOrEqual(1040);
      expect(bounds.x).toBeGreaterThanOrEqual(0);
      expect(bounds.x + bounds.width).toBeLessThanOrEqual(1920);
      expect(bounds.y + bounds.height).toBeLessThanOrEqual(1040);
    });
  });
});
