// The desktop app wired together (desktop-app.ts) under a fake `electron`:
// start-up order, the window, every IPC channel through the real ipcMain path,
// hosting a real ChatHost on port 0, notifications, quitting.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { invokeChannels, type DiscoveryStatus } from '../../src-shared/ipc/ipc-contract.js';
import type { SessionTxtRecord } from '../../src-shared/protocol/session-txt-record.js';
import { probeSessionCertificate } from '../../src-main/trust/certificate-probe.js';
import { getJsonFromIdentifiedHost } from '../helpers/session-pin.js';

vi.mock('electron', () => import('./fake-electron.js'));

const { fake, fakeEvent, BrowserWindow, Notification } = await import('./fake-electron.js');
const { startDesktopApp } = await import('../../src-main/app/desktop-app.js');
const { APP_ENTRY_URL } = await import('../../src-main/app/app-protocol.js');

const APP_PAGE = APP_ENTRY_URL;
const PRELOAD = path.join(process.cwd(), 'dist', 'main', 'preload.cjs');

class FakeBrowser extends EventEmitter {
  started = 0;
  stopped = 0;
  current: DiscoveryStatus = { browsing: true, problem: null, interfaces: [{ name: 'eth0', address: '192.168.1.5' }], sessions: [] };
  start(): void {
    this.started++;
  }
  stop(): void {
    this.stopped++;
  }
  status(): DiscoveryStatus {
    return this.current;
  }
}

class FakeAdvertiser {
  stopped = false;
  readonly updates: SessionTxtRecord[] = [];
  constructor(readonly options: { port: number; txt: SessionTxtRecord; name: string }) {}
  start(): void {}
  update(txt: SessionTxtRecord): void {
    this.updates.push(txt);
  }
  async stop(): Promise<void> {
    this.stopped = true;
  }
}

type Result = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
const invoke = (channel: string, ...args: unknown[]) => fake.ipcMain.invoke(channel, APP_PAGE, ...args) as Promise<Result>;
const value = async (channel: string, ...args: unknown[]) => {
  const result = await invoke(channel, ...args);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value;
};

describe('startDesktopApp', () => {
  let rendererRoot: string;
  let browser: FakeBrowser;
  let advertisers: FakeAdvertiser[];
  let log: string[];
  let app: NonNullable<ReturnType<typeof startDesktopApp>>;

  const start = () => {
    const started = startDesktopApp({
      preloadPath: PRELOAD,
      rendererRoot,
      createSessionBrowser: () => browser,
      createAdvertiser: (options) => {
        const advertiser = new FakeAdvertiser(options);
        advertisers.push(advertiser);
        return advertiser;
      },
      hostPort: 0,
      hostBindAddress: '127.0.0.1',
      log: (line) => log.push(line),
    });
    return started;
  };

  beforeEach(async () => {
    fake.reset();
    rendererRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-renderer-'));
    fs.writeFileSync(path.join(rendererRoot, 'index.html'), '<!doctype html><title>Parley</title>');
    browser = new FakeBrowser();
    advertisers = [];
    log = [];
    app = start()!;
    await app.ready;
  });

  afterEach(async () => {
    await app.shutdown();
    if (fake.app.userData) fs.rmSync(fake.app.userData, { recursive: true, force: true });
    fs.rmSync(rendererRoot, { recursive: true, force: true });
  });

  const window = () => BrowserWindow.instances[0]!;

  describe('start-up', () => {
    it('sandboxes every renderer and registers app:// as a privileged scheme before ready', () => {
      expect(fake.app.sandboxEnabled).toBe(true);
      expect(fake.protocol.privileged).toEqual([
        { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }) },
      ]);
    });

    it('opens one hardened window on the app page', () => {
      expect(BrowserWindow.instances).toHaveLength(1);
      const prefs = window().options.webPreferences!;
      expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, preload: PRELOAD });
      expect(window().loadedUrl).toBe(APP_PAGE);
      expect(window().webContents.windowOpenHandler).not.toBeNull();
      expect(window().webContents.listenerCount('will-navigate')).toBe(1);
      expect(fake.session.defaultSession.permissionRequestHandler).not.toBeNull();
    });

    it('serves the renderer on app:// with the CSP header', async () => {
      const handler = fake.protocol.handlers.get('app')!;
      const response = await handler(new Request(APP_PAGE));
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<title>Parley</title>');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    });

    it('registers every invoke channel of the contract, and only those', () => {
      expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(Object.keys(invokeChannels).sort());
    });

    it('starts browsing for sessions', () => {
      expect(browser.started).toBe(1);
    });

    it('quits at once when another instance holds the lock', () => {
      fs.rmSync(fake.app.userData, { recursive: true, force: true });
      fake.reset();
      fake.app.singleInstanceLock = false;
      expect(start()).toBeNull();
      expect(fake.app.quitCalls).toBe(1);
      expect(BrowserWindow.instances).toHaveLength(0);
    });

    it('brings the window forward when Parley is launched again', () => {
      window().minimized = true;
      fake.app.emit('second-instance', fakeEvent({}), [], '/');
      expect(window().restoreCalls).toBe(1);
      expect(window().focusCalls).toBe(1);
    });
  });

  describe('IPC', () => {
    it('refuses a foreign sender on every channel', async () => {
      for (const channel of Object.keys(invokeChannels)) {
        const result = (await fake.ipcMain.invoke(channel, 'https://evil.example/', { sessionKey: 'k' })) as Result;
        expect(result, channel).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
      }
    });

    it('refuses a bad payload with a message', async () => {
      const result = await invoke('app:set-badge', { count: -3 });
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_payload', message: expect.stringContaining('count') } });
      expect(fake.app.badgeCounts).toEqual([]);
    });

    it('discovery:status answers from the SessionBrowser, and changes are pushed to the window', async () => {
      expect(await value('discovery:status')).toEqual(browser.current);
      const next: DiscoveryStatus = { ...browser.current, sessions: [] , problem: 'no multicast on wlan0' };
      browser.emit('change', next);
      expect(window().webContents.sent).toContainEqual({ channel: 'discovery:sessions-changed', args: [next] });
    });

    it('host:start really starts a ChatHost; host:status and host:stop follow it', async () => {
      const started = (await value('host:start', { sessionName: 'Office', passcode: 'sesame' })) as { port: number; running: boolean; passcodeRequired: boolean; identity: string };
      expect(started).toMatchObject({ running: true, sessionName: 'Office', passcodeRequired: true });
      const info = (await getJsonFromIdentifiedHost(started.port, started.identity, '/api/session')) as { name: string };
      expect(info.name).toBe('Office');
      // The session lives under userData/sessions/.
      const sessions = fs.readdirSync(path.join(fake.app.userData, 'sessions'));
      expect(sessions).toEqual([expect.stringMatching(/^office-[0-9a-f]{8}$/)]);
      // Advertised with the TXT record the contract describes.
      expect(advertisers[0]!.options.txt).toMatchObject({ name: 'Office', online: '0', passcode: '1' });
      expect(await value('host:status')).toEqual(started);
      expect(window().webContents.sent).toContainEqual({ channel: 'host:status-changed', args: [started] });

      expect(await value('host:stop')).toMatchObject({ running: false });
      expect(advertisers[0]!.stopped).toBe(true);
      await expect(probeSessionCertificate('127.0.0.1', started.port, 2000)).rejects.toThrow();
      expect(await value('host:status')).toMatchObject({ running: false, port: null });
    });

    it('settings round-trip the last session', async () => {
      expect(await value('settings:get-last-session')).toBeNull();
      const last = { url: 'ws://192.168.1.20:47800/ws', sessionId: 's1', sessionName: 'Office', userName: 'alice' };
      expect(await value('settings:set-last-session', last)).toBeNull();
      expect(await value('settings:get-last-session')).toEqual(last);
      expect(JSON.parse(fs.readFileSync(path.join(fake.app.userData, 'settings.json'), 'utf8')).lastSession).toEqual(last);
    });

    it('tokens are encrypted with safeStorage', async () => {
      await value('auth:save-token', { sessionKey: 's1|alice', token: 'tok-123456' });
      const file = fs.readFileSync(path.join(fake.app.userData, 'tokens.json'), 'utf8');
      expect(file).not.toContain('tok-123456');
      expect(JSON.parse(file).tokens['s1|alice'].plaintext).toBe(false);
      expect(await value('auth:load-token', { sessionKey: 's1|alice' })).toBe('tok-123456');
      await value('auth:forget-token', { sessionKey: 's1|alice' });
      expect(await value('auth:load-token', { sessionKey: 's1|alice' })).toBeNull();
    });

    it('tokens fall back to plaintext, flagged, without a keyring', async () => {
      fake.safeStorage.available = false;
      await value('auth:save-token', { sessionKey: 'k', token: 'tok-plain' });
      const entry = JSON.parse(fs.readFileSync(path.join(fake.app.userData, 'tokens.json'), 'utf8')).tokens.k;
      expect(entry).toEqual({ plaintext: true, data: 'tok-plain' });
      expect(log.some((line) => line.includes('stored unencrypted'))).toBe(true);
    });

    it('app:notify shows a notification; a click focuses the window and opens the conversation', async () => {
      window().minimized = true;
      expect(await value('app:notify', { title: 'alice', body: 'lunch?', conv: 'c:1' })).toBeNull();
      expect(Notification.instances).toHaveLength(1);
      const notification = Notification.instances[0]!;
      expect(notification.options).toMatchObject({ title: 'alice', body: 'lunch?' });
      expect(notification.shown).toBe(true);
      notification.emit('click');
      expect(window().restoreCalls).toBe(1);
      expect(window().focusCalls).toBe(1);
      expect(window().webContents.sent).toContainEqual({ channel: 'app:open-conversation', args: [{ conv: 'c:1' }] });
    });

    it('a notification clicked after the window was closed (macOS) reopens it, then opens the conversation', async () => {
      await value('app:notify', { title: 'bob', body: 'psst', conv: 'd:2' });
      window().close();
      Notification.instances[0]!.emit('click');
      expect(BrowserWindow.instances).toHaveLength(2);
      const reopened = BrowserWindow.instances[1]!;
      expect(reopened.loadedUrl).toBe(APP_PAGE);
      expect(reopened.webContents.sent).toEqual([]);
      reopened.webContents.emit('did-finish-load');
      expect(reopened.webContents.sent).toContainEqual({ channel: 'app:open-conversation', args: [{ conv: 'd:2' }] });
    });

    it('app:notify is a no-op where notifications are unsupported', async () => {
      Notification.supported = false;
      expect(await value('app:notify', { title: 't', body: 'b', conv: 'c:1' })).toBeNull();
      expect(Notification.instances).toHaveLength(0);
    });

    it('app:set-badge sets the badge count', async () => {
      await value('app:set-badge', { count: 4 });
      await value('app:set-badge', { count: 0 });
      expect(fake.app.badgeCounts).toEqual([4, 0]);
    });

    it('shell:open-external opens http(s)/mailto and refuses the rest', async () => {
      expect(await value('shell:open-external', { url: 'https://example.com/x' })).toBeNull();
      const refused = await invoke('shell:open-external', { url: 'file:///etc/passwd' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'url_not_allowed' } });
      const script = await invoke('shell:open-external', { url: 'javascript:alert(1)' });
      expect(script).toMatchObject({ ok: false, error: { code: 'url_not_allowed' } });
      expect(fake.shell.opened).toEqual(['https://example.com/x']);
    });
  });

  describe('quitting', () => {
    it('holds the quit until hosting and discovery have stopped, then quits', async () => {
      const started = (await value('host:start', { sessionName: 'Office' })) as { port: number };
      // Asked first (background-hosting.test.ts): "End the session for everyone".
      fake.dialog.messageBoxResponses = [0];
      fake.app.quit();
      // The first quit was held (before-quit prevented) while stopping.
      await vi.waitFor(() => expect(fake.app.quitCalls).toBe(3));
      expect(browser.stopped).toBe(1);
      expect(advertisers[0]!.stopped).toBe(true);
      await expect(probeSessionCertificate('127.0.0.1', started.port, 2000)).rejects.toThrow();
      expect(fake.ipcMain.handlers.size).toBe(0);
    });

    it('quits when the last window closes (except on macOS)', () => {
      const quitBefore = fake.app.quitCalls;
      window().close();
      fake.app.emit('window-all-closed');
      expect(fake.app.quitCalls).toBe(process.platform === 'darwin' ? quitBefore : quitBefore + 1);
    });
  });
});
