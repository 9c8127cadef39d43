// A small stand-in for the `electron` module, so main-process glue runs under
// Node (the Electron binary is not available here; DESIGN.md). Test files do
//   vi.mock('electron', () => import('./fake-electron.js'));
// and read what the code did from `fake` (windows created with their options,
// IPC handlers, protocol handlers, notifications, links opened…).
// It fakes behaviour, not security settings: the code under test passes its
// real, production webPreferences, and the tests assert on those.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';

/** An Electron-style event: preventDefault() is recorded. */
export function fakeEvent<T extends object>(fields: T): T & { preventDefault(): void; defaultPrevented: boolean } {
  const event = {
    ...fields,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string; disposition?: string }) => { action: 'allow' | 'deny' }) | null = null;
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  destroyed = false;
  url = '';

  setWindowOpenHandler(handler: FakeWebContents['windowOpenHandler']): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getURL(): string {
    return this.url;
  }
}

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export class BrowserWindow extends EventEmitter {
  static readonly instances: BrowserWindow[] = [];
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.instances.filter((w) => !w.destroyed);
  }

  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  visible = false;
  minimized = false;
  focused = false;
  destroyed = false;
  restoreCalls = 0;
  focusCalls = 0;
  flashing = false;
  maximized = false;
  bounds: Rectangle;

  constructor(readonly options: Record<string, unknown> & { webPreferences?: Record<string, unknown> }) {
    super();
    BrowserWindow.instances.push(this);
    const n = (key: string, fallback: number) => (typeof options[key] === 'number' ? (options[key] as number) : fallback);
    // Like Electron: no x/y centres the window on the primary display.
    const width = n('width', 800);
    const height = n('height', 600);
    this.bounds = { x: n('x', Math.round((1920 - width) / 2)), y: n('y', Math.round((1040 - height) / 2)), width, height };
  }
  getBounds(): Rectangle {
    return { ...this.bounds };
  }
  getNormalBounds(): Rectangle {
    return { ...this.bounds };
  }
  setBounds(bounds: Partial<Rectangle>): void {
    this.bounds = { ...this.bounds, ...bounds };
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  maximize(): void {
    this.maximized = true;
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.url = url;
    return Promise.resolve();
  }
  show(): void {
    this.visible = true;
  }
  focus(): void {
    this.focusCalls++;
    this.focused = true;
  }
  restore(): void {
    this.restoreCalls++;
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isFocused(): boolean {
    return this.focused;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  flashFrame(flag: boolean): void {
    this.flashing = flag;
  }
  /** Like Electron: 'close' (preventable) first, then the window goes and 'closed' follows. */
  close(): void {
    if (this.destroyed) return;
    const event = fakeEvent({});
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

class FakeApp extends EventEmitter {
  singleInstanceLock = true;
  badgeSupported = true;
  readonly badgeCounts: number[] = [];
  sandboxEnabled = false;
  quitCalls = 0;
  exitCodes: number[] = [];
  userData = '';
  appPath = process.cwd();
  appUserModelId: string | null = null;
  readonly loginItemSettings: Array<{ openAtLogin?: boolean; args?: string[] }> = [];
  wasOpenedAtLogin = false;
  private readyResolve: (() => void) | null = null;
  private readyPromise: Promise<void> = Promise.resolve();

  enableSandbox(): void {
    this.sandboxEnabled = true;
  }
  requestSingleInstanceLock(): boolean {
    return this.singleInstanceLock;
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  /** Makes whenReady() wait until ready() is called. */
  holdReady(): void {
    this.readyPromise = new Promise((resolve) => {
      this.readyResolve = resolve;
    });
  }
  ready(): void {
    this.readyResolve?.();
  }
  /** Like Electron: quit() emits before-quit; unless prevented, 'will-quit'. */
  quit(): void {
    this.quitCalls++;
    const event = fakeEvent({});
    this.emit('before-quit', event);
    if (!event.defaultPrevented) this.emit('will-quit', fakeEvent({}));
  }
  exit(code = 0): void {
    this.exitCodes.push(code);
  }
  downloads = '';
  getPath(name: string): string {
    if (name === 'downloads') {
      if (this.downloads === '') this.downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-downloads-'));
      return this.downloads;
    }
    if (name !== 'userData') throw new Error(`fake app.getPath(${name}) not implemented`);
    // A fresh temp folder per reset(), made on first use.
    if (this.userData === '') this.userData = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-userdata-'));
    return this.userData;
  }
  isReady(): boolean {
    return true;
  }
  getAppPath(): string {
    return this.appPath;
  }
  setBadgeCount(count?: number): boolean {
    this.badgeCounts.push(count ?? 0);
    return this.badgeSupported;
  }
  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
  }
  setLoginItemSettings(settings: { openAtLogin?: boolean; args?: string[] }): void {
    this.loginItemSettings.push(settings);
  }
  getLoginItemSettings(): { openAtLogin: boolean; wasOpenedAtLogin: boolean } {
    return { openAtLogin: this.loginItemSettings.at(-1)?.openAtLogin ?? false, wasOpenedAtLogin: this.wasOpenedAtLogin };
  }
}

export const app = new FakeApp();

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, (request: Request) => Response | Promise<Response>>(),
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    protocol.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    protocol.handlers.set(scheme, handler);
  },
  unhandle(scheme: string): void {
    protocol.handlers.delete(scheme);
  },
};

type PermissionRequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: { requestingUrl: string; isMainFrame: boolean },
) => void;

type PermissionCheckHandler = (contents: unknown, permission: string, origin: string, details: unknown) => boolean;
type DevicePermissionHandler = (details: unknown) => boolean;

class FakeSession {
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;
  devicePermissionHandler: DevicePermissionHandler | null = null;
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: DevicePermissionHandler | null): void {
    this.devicePermissionHandler = handler;
  }
}

export const session = { defaultSession: new FakeSession() };

/**
 * Electron's MessagePortMain over one end of Node's MessageChannel: messages
 * queue until start(), and a 'message' listener receives `{ data, ports }`
 * (Node's own port hands the listener the data alone).
 */
export class MessagePortMain extends EventEmitter {
  private started = false;
  constructor(private readonly port: MessagePort) {
    super();
    port.once('close', () => this.emit('close'));
  }
  start(): void {
    if (this.started) return;
    this.started = true;
    this.port.on('message', (data: unknown) => this.emit('message', { data, ports: [] }));
  }
  postMessage(message: unknown): void {
    this.port.postMessage(message);
  }
  close(): void {
    this.port.close();
  }
}

/** A channel whose first end is main's (MessagePortMain) and second the page's (a plain MessagePort, like a renderer's). */
export function messageChannelMain(): { main: MessagePortMain; page: MessagePort } {
  const { port1, port2 } = new MessageChannel();
  return { main: new MessagePortMain(port1), page: port2 };
}

type InvokeListener = (event: unknown, ...args: unknown[]) => unknown;

export const ipcMain = Object.assign(new EventEmitter(), {
  handlers: new Map<string, InvokeListener>(),
  handle(channel: string, listener: InvokeListener): void {
    if (ipcMain.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    ipcMain.handlers.set(channel, listener);
  },
  removeHandler(channel: string): void {
    ipcMain.handlers.delete(channel);
  },
  /** What ipcRenderer.invoke(channel, ...args) from a frame at `senderUrl` would get. */
  async invoke(channel: string, senderUrl: string | null, ...args: unknown[]): Promise<unknown> {
    const listener = ipcMain.handlers.get(channel);
    if (!listener) throw new Error(`No handler registered for '${channel}'`);
    const event = { senderFrame: senderUrl === null ? null : { url: senderUrl }, sender: null, frameId: 1, processId: 1 };
    return listener(event, ...args);
  },
  /** What ipcRenderer.postMessage(channel, message, ports) from a frame at `senderUrl` delivers to ipcMain.on listeners. */
  postMessage(channel: string, senderUrl: string | null, message: unknown, ports: MessagePortMain[] = []): boolean {
    const event = { senderFrame: senderUrl === null ? null : { url: senderUrl }, sender: null, frameId: 1, processId: 1, ports };
    return ipcMain.emit(channel, event, message);
  },
});

export const shell = {
  opened: [] as string[],
  openedPaths: [] as string[],
  openExternal(url: string): Promise<void> {
    shell.opened.push(url);
    return Promise.resolve();
  },
  /** Like Electron: '' on success, else an error message. */
  openPath(file: string): Promise<string> {
    shell.openedPaths.push(file);
    return Promise.resolve('');
  },
};

type OpenDialogOptions = { properties?: string[]; defaultPath?: string };
type SaveDialogOptions = { defaultPath?: string };

/** Native dialogs: tests set what the next dialog answers and read what was asked. */
export const dialog = {
  /** Paths the open dialog returns ([] = cancelled). */
  openPaths: [] as string[],
  /** Path the save dialog returns (null = cancelled; undefined = accept its defaultPath). */
  savePath: undefined as string | null | undefined,
  openCalls: [] as OpenDialogOptions[],
  saveCalls: [] as SaveDialogOptions[],
  /** Which button the next message boxes answer, in order; when empty, the box's cancelId. */
  messageBoxResponses: [] as number[],
  messageBoxCalls: [] as Array<{ options: { buttons: string[]; cancelId?: number; message: string; detail?: string; defaultId?: number }; parent: boolean }>,
  /** Records what was asked and answers with the next of messageBoxResponses. */
  showMessageBox(...args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> {
    const options = args[args.length - 1] as (typeof dialog.messageBoxCalls)[number]['options'];
    dialog.messageBoxCalls.push({ options, parent: args.length > 1 });
    const response = dialog.messageBoxResponses.shift() ?? options.cancelId ?? 0;
    return Promise.resolve({ response, checkboxChecked: false });
  },
  showOpenDialog(...args: unknown[]): Promise<{ canceled: boolean; filePaths: string[] }> {
    dialog.openCalls.push(args[args.length - 1] as OpenDialogOptions);
    return Promise.resolve({ canceled: dialog.openPaths.length === 0, filePaths: [...dialog.openPaths] });
  },
  showSaveDialog(...args: unknown[]): Promise<{ canceled: boolean; filePath: string }> {
    const options = args[args.length - 1] as SaveDialogOptions;
    dialog.saveCalls.push(options);
    const chosen = dialog.savePath === undefined ? (options.defaultPath ?? '') : dialog.savePath;
    return Promise.resolve({ canceled: chosen === null, filePath: chosen ?? '' });
  },
};

/** Reversible "encryption" that never contains the plaintext. */
export const safeStorage = {
  available: true,
  backend: 'gnome_libsecret',
  failDecrypt: false,
  isEncryptionAvailable(): boolean {
    return safeStorage.available;
  },
  encryptString(plainText: string): Buffer {
    if (!safeStorage.available) throw new Error('Encryption is not available.');
    return Buffer.from(`v10:${Buffer.from(plainText, 'utf8').reverse().toString('hex')}`, 'utf8');
  },
  decryptString(encrypted: Buffer): string {
    const text = encrypted.toString('utf8');
    if (safeStorage.failDecrypt || !text.startsWith('v10:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(text.slice(4), 'hex').reverse().toString('utf8');
  },
  getSelectedStorageBackend(): string {
    return safeStorage.backend;
  },
};

export class Notification extends EventEmitter {
  static supported = true;
  static readonly instances: Notification[] = [];
  static isSupported(): boolean {
    return Notification.supported;
  }
  shown = false;
  constructor(readonly options: { title?: string; body?: string }) {
    super();
    Notification.instances.push(this);
  }
  show(): void {
    this.shown = true;
  }
}

/** The tray icon: tests read its tooltip, title and menu, and click its items. */
export class Tray extends EventEmitter {
  static readonly instances: Tray[] = [];
  /** The one not destroyed, if any. */
  static current(): Tray | null {
    return Tray.instances.filter((tray) => !tray.destroyed).at(-1) ?? null;
  }
  tooltip = '';
  title = '';
  menu: { items: Array<{ label?: string; type?: string; enabled?: boolean; click?: () => void }> } | null = null;
  destroyed = false;
  constructor(readonly image: unknown) {
    super();
    Tray.instances.push(this);
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setTitle(text: string): void {
    this.title = text;
  }
  setContextMenu(menu: Tray['menu']): void {
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Clicks the menu item with that label. */
  clickItem(label: string): void {
    const item = this.menu?.items.find((candidate) => candidate.label === label);
    if (!item?.click) throw new Error(`no tray menu item “${label}”`);
    item.click();
  }
}

export const Menu = {
  buildFromTemplate(items: NonNullable<Tray['menu']>['items']): NonNullable<Tray['menu']> {
    return { items };
  },
};

export const nativeImage = {
  createFromPath(file: string): { path: string; isEmpty(): boolean } {
    return { path: file, isEmpty: () => !fs.existsSync(file) };
  },
};

export interface FakeDisplay {
  id: number;
  workArea: Rectangle;
  bounds: Rectangle;
}

/** Power events: tests emit 'shutdown'. */
export const powerMonitor = new EventEmitter();

/** Displays the window may be placed on (tests replace `displays`). */
export const screen = {
  displays: [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 }, bounds: { x: 0, y: 0, width: 1920, height: 1080 } }] as FakeDisplay[],
  getAllDisplays(): FakeDisplay[] {
    return screen.displays;
  },
  getPrimaryDisplay(): FakeDisplay {
    return screen.displays[0]!;
  },
};

// ------------------------------------------------------------------ renderer side (preload)

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    contextBridge.exposed.set(key, api);
  },
};

export const webUtils = {
  getPathForFile(file: { path?: string }): string {
    return file.path ?? '';
  },
};

export const ipcRenderer = Object.assign(new EventEmitter(), {
  invoked: [] as Array<{ channel: string; args: unknown[] }>,
  posted: [] as Array<{ channel: string; message: unknown; transfer: unknown[] }>,
  postMessage(channel: string, message: unknown, transfer: unknown[] = []): void {
    ipcRenderer.posted.push({ channel, message, transfer });
  },
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    ipcRenderer.invoked.push({ channel, args });
    return Promise.resolve({ ok: true, value: null });
  },
});

// ------------------------------------------------------------------ test helpers

export const fake = {
  app,
  protocol,
  session,
  ipcMain,
  shell,
  dialog,
  safeStorage,
  Notification,
  BrowserWindow,
  Tray,
  screen,
  powerMonitor,
  contextBridge,
  ipcRenderer,
  messageChannelMain,
  /** Clears everything recorded; app.getPath('userData') will be a fresh temp folder. */
  reset(): void {
    app.removeAllListeners();
    app.singleInstanceLock = true;
    app.badgeSupported = true;
    app.badgeCounts.length = 0;
    app.sandboxEnabled = false;
    app.quitCalls = 0;
    app.exitCodes.length = 0;
    app.appUserModelId = null;
    app.userData = '';
    app.downloads = '';
    app['readyPromise'] = Promise.resolve();
    protocol.privileged.length = 0;
    protocol.handlers.clear();
    session.defaultSession.permissionRequestHandler = null;
    session.defaultSession.permissionCheckHandler = null;
    session.defaultSession.devicePermissionHandler = null;
    ipcMain.handlers.clear();
    ipcMain.removeAllListeners();
    shell.opened.length = 0;
    shell.openedPaths.length = 0;
    dialog.openPaths = [];
    dialog.savePath = undefined;
    dialog.openCalls.length = 0;
    dialog.saveCalls.length = 0;
    dialog.messageBoxResponses = [];
    dialog.messageBoxCalls.length = 0;
    Tray.instances.length = 0;
    powerMonitor.removeAllListeners();
    screen.displays = [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 }, bounds: { x: 0, y: 0, width: 1920, height: 1080 } }];
    app.loginItemSettings.length = 0;
    app.wasOpenedAtLogin = false;
    safeStorage.available = true;
    safeStorage.backend = 'gnome_libsecret';
    safeStorage.failDecrypt = false;
    Notification.supported = true;
    Notification.instances.length = 0;
    BrowserWindow.instances.length = 0;
    contextBridge.exposed.clear();
    ipcRenderer.removeAllListeners();
    ipcRenderer.invoked.length = 0;
    ipcRenderer.posted.length = 0;
  },
};

export default { app, protocol, session, ipcMain, shell, dialog, safeStorage, Notification, BrowserWindow, Tray, Menu, nativeImage, screen, powerMonitor, contextBridge, ipcRenderer, webUtils, MessagePortMain };
