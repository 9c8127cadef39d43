// Window hardening, checked on the production settings with `electron` replaced
// by test/main/fake-electron.ts.
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron.js'));

const { fake, fakeEvent, BrowserWindow } = await import('./fake-electron.js');
const { createMainWindow, focusWindow } = await import('../../src-main/app/main-window.js');
const { handlePermissionRequests, isPermissionAllowed, secureWebPreferences } = await import('../../src-main/app/window-security.js');
const { APP_ENTRY_URL } = await import('../../src-main/app/app-protocol.js');

const PRELOAD = '/opt/Parley/resources/app.asar/dist/main/preload.cjs';

function openWindow() {
  const opened: string[] = [];
  const log: string[] = [];
  const window = createMainWindow({
    preloadPath: PRELOAD,
    openExternal: async (url) => {
      opened.push(url);
    },
    log: (line) => log.push(line),
  }) as unknown as InstanceType<typeof BrowserWindow>;
  return { window, opened, log };
}

describe('secureWebPreferences', () => {
  it('isolates, sandboxes and keeps Node out of the page', () => {
    expect(secureWebPreferences(PRELOAD)).toMatchObject({
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
  });
});

describe('createMainWindow', () => {
  beforeEach(() => fake.reset());

  it('creates the window with the secure webPreferences and the preload path', () => {
    const { window } = openWindow();
    expect(BrowserWindow.instances).toHaveLength(1);
    const prefs = window.options.webPreferences!;
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.preload).toBe(PRELOAD);
    expect(window.options.show).toBe(false);
  });

  it('loads the renderer from app://parley and shows the window when ready', () => {
    const { window } = openWindow();
    expect(window.loadedUrl).toBe(APP_ENTRY_URL);
    expect(window.visible).toBe(false);
    window.emit('ready-to-show');
    expect(window.visible).toBe(true);
  });

  it('denies every navigation', () => {
    const { window, log } = openWindow();
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://parley/other.html']) {
      const event = fakeEvent({ url, isMainFrame: true });
      window.webContents.emit('will-navigate', event);
      expect(event.defaultPrevented, url).toBe(true);
    }
    expect(log.join('\n')).toContain('refused navigation');
  });

  it('denies sub-frames navigating outside the app', () => {
    const { window } = openWindow();
    const away = fakeEvent({ url: 'https://evil.example/', isMainFrame: false });
    window.webContents.emit('will-frame-navigate', away);
    expect(away.defaultPrevented).toBe(true);
  });

  it('refuses <webview>', () => {
    const { window } = openWindow();
    const event = fakeEvent({});
    window.webContents.emit('will-attach-webview', event);
    expect(event.defaultPrevented).toBe(true);
  });

  it('denies new windows but opens http(s) and mailto links in the system browser', async () => {
    const { window, opened } = openWindow();
    const handler = window.webContents.windowOpenHandler!;
    expect(handler({ url: 'https://example.com/page' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'http://192.168.1.20:47800/' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'mailto:bob@example.com' })).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(opened).toEqual(['https://example.com/page', 'http://192.168.1.20:47800/', 'mailto:bob@example.com']);
  });

  it('refuses file: and javascript: links (and others) without opening anything', async () => {
    const { window, opened, log } = openWindow();
    const handler = window.webContents.windowOpenHandler!;
    for (const url of ['file:///C:/Windows/System32/calc.exe', 'javascript:alert(1)', 'smb://server/share', 'app://parley/index.html']) {
      expect(handler({ url })).toEqual({ action: 'deny' });
    }
    await Promise.resolve();
    expect(opened).toEqual([]);
    expect(log.filter((line) => line.includes('refused to open'))).toHaveLength(4);
  });

  it('focusWindow restores a minimised window and focuses it', () => {
    const { window } = openWindow();
    window.minimized = true;
    focusWindow(window as never);
    expect(window.restoreCalls).toBe(1);
    expect(window.visible).toBe(true);
    expect(window.focusCalls).toBe(1);
    focusWindow(null);
  });
});

describe('permissions', () => {
  beforeEach(() => fake.reset());

  it('grants notifications (and clipboard writes) to the app page only, denies the rest', () => {
    expect(isPermissionAllowed('notifications', APP_ENTRY_URL)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', APP_ENTRY_URL)).toBe(true);
    expect(isPermissionAllowed('notifications', 'https://evil.example/')).toBe(false);
    for (const permission of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'midiSysex', 'display-capture', 'fileSystem']) {
      expect(isPermissionAllowed(permission, APP_ENTRY_URL), permission).toBe(false);
    }
  });

  it('installs request, check and device handlers on the session', () => {
    const ses = fake.session.defaultSession;
    handlePermissionRequests(ses as never);
    const answers: boolean[] = [];
    ses.permissionRequestHandler!(null, 'notifications', (granted) => answers.push(granted), { requestingUrl: APP_ENTRY_URL, isMainFrame: true });
    ses.permissionRequestHandler!(null, 'media', (granted) => answers.push(granted), { requestingUrl: APP_ENTRY_URL, isMainFrame: true });
    expect(answers).toEqual([true, false]);
    expect(ses.permissionCheckHandler!(null, 'notifications', 'app://parley', {})).toBe(true);
    expect(ses.permissionCheckHandler!(null, 'geolocation', 'app://parley', {})).toBe(false);
    expect(ses.devicePermissionHandler!({})).toBe(false);
  });
});
