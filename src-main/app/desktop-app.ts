// Wires the desktop app together: the Electron-specific glue around the plain
// modules (host-controller, settings-store, token-store, ipc-router). main.ts
// calls startDesktopApp with the real discovery classes; the tests call it with
// fakes, under a fake `electron` module.
//
// Order matters to Electron: sandbox, scheme privileges and the single-instance
// lock happen before `ready`; the protocol handler, permission policy and IPC
// handlers are installed after `ready` and before the window loads its page.
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, powerMonitor, protocol, safeStorage, screen, session, shell, Tray } from 'electron';
import WebSocket from 'ws';
import type { WebSocketConstructor } from '../../src-shared/chat-client.js';
import type { DiscoveryStatus } from '../../src-shared/ipc/ipc-contract.js';
import { DEFAULT_PORT, HANDOVER_QUIT_FILES_WAIT_MS, HANDOVER_QUIT_WAIT_MS } from '../../src-shared/limits.js';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, isAppUrl, respondFromDirectory } from './app-protocol.js';
import { DesktopNotifier } from './desktop-notifications.js';
import type { TransferManager } from '../transfer/file-transfers.js';
import { KnownSessions } from '../trust/known-sessions.js';
import { TrustService } from '../trust/trust-service.js';
import { ChatSocketBridge, type IpcMainOnLike } from './chat-socket-bridge.js';
import { HostController } from './host-controller.js';
import { HostingTray, type TrayMenuItem } from './hosting-tray.js';
import { registerIpcHandlers } from './ipc-handlers.js';
import { DesktopE2e, E2E_DIR } from './desktop-e2e.js';
import { AvatarFetcher } from './avatar-fetcher.js';
import { AvatarUploader } from './avatar-uploader.js';
import { SessionTakeOver } from './session-take-over.js';
import { IpcRouter, type IpcMainLike } from './ipc-router.js';
import { createMainWindow, focusWindow } from './main-window.js';
import { LoginHosting } from './login-hosting.js';
import { QuitGuard, type QuitMessageBox } from './quit-while-hosting.js';
import { SettingsStore } from './settings-store.js';
import { TokenStore } from './token-store.js';
import { restoreWindowBounds } from './window-bounds.js';
import { handlePermissionRequests } from './window-security.js';

import type { DesktopApp, DesktopAppOptions, SessionBrowserLike } from './desktop-app-options.js';
import { createDesktopFileServices } from './desktop-file-services.js';

export { DEVICE_IDENTITY_DIR, type DesktopApp, type DesktopAppOptions, type SessionBrowserLike } from './desktop-app-options.js';

/** Quitting never waits longer than this for the host and mDNS to stop. */
const SHUTDOWN_TIMEOUT_MS = 4000;
const STOPPED_DISCOVERY: DiscoveryStatus = { browsing: false, problem: null, interfaces: [], sessions: [] };

/** Starts the app; null when another instance already runs (that one is brought forward, this one quits). */
export function startDesktopApp(options: DesktopAppOptions): DesktopApp | null {
  const log = options.log ?? (() => {});

  // Every renderer sandboxed, whatever a window's webPreferences say.
  app.enableSandbox();
  // Exactly one call, before ready (a second call replaces the first).
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

  if (!app.requestSingleInstanceLock()) {
    log('another Parley is already running; bringing it forward');
    app.quit();
    return null;
  }
  if (process.platform === 'win32') app.setAppUserModelId(options.appUserModelId ?? 'app.parley.desktop');

  let window: BrowserWindow | null = null;
  let router: IpcRouter | null = null;
  let hostController: HostController | null = null;
  let transfers: TransferManager | null = null;
  let trust: TrustService | null = null;
  let chatSockets: ChatSocketBridge | null = null;
  let browser: SessionBrowserLike | null = null;
  let discoveryProblem: string | null = null;
  let settings: SettingsStore | null = null;
  let tray: HostingTray | null = null;
  let quitGuard: QuitGuard | null = null;
  let shutdownPromise: Promise<void> | null = null;
  let sessionTakeOver: SessionTakeOver | null = null;

  app.on('second-instance', () => revealWindow());

  const openExternal = (url: string) => shell.openExternal(url);
  const hasWindow = () => window !== null && !window.isDestroyed();
  // Dialogs are modal to the window when there is one.
  const parent = () => (window && !window.isDestroyed() ? window : null);

  const createWindow = (): BrowserWindow => {
    // Where it was last time, if that is still on a display (window-bounds.ts).
    const saved = settings?.getWindowBounds() ?? null;
    const created = createMainWindow({
      preloadPath: options.preloadPath,
      openExternal,
      bounds: restoreWindowBounds(saved, screen.getAllDisplays()),
      maximized: saved?.maximized ?? false,
      log,
    });
    window = created;
    created.on('close', () => {
      try {
        settings?.setWindowBounds({ ...created.getNormalBounds(), maximized: created.isMaximized() });
      } catch (error) {
        log(`window: could not remember its place: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    created.on('closed', () => {
      if (window === created) window = null;
      // Its chat connections go with it (the ports close too, but not necessarily at once).
      chatSockets?.closeAll();
    });
    return created;
  };

  /**
   * Brings the window forward — reopening it first if it was closed (macOS
   * keeps running without one) — then runs `then` once its page is loaded.
   */
  const revealWindow = (then?: () => void) => {
    if (!app.isReady()) return;
    if (window && !window.isDestroyed()) {
      focusWindow(window);
      then?.();
      return;
    }
    const created = createWindow();
    if (then) created.webContents.once('did-finish-load', then);
    focusWindow(created);
  };

  const onReady = () => {
    protocol.handle(APP_SCHEME, (request) => respondFromDirectory(options.rendererRoot, request));
    handlePermissionRequests(session.defaultSession, log);

    const userData = app.getPath('userData');
    const settingsStore = new SettingsStore(path.join(userData, 'settings.json'), log);
    settings = settingsStore;
    const loginHosting = new LoginHosting({
      settings: settingsStore,
      secrets: new TokenStore({ file: path.join(userData, 'login-secrets.json'), encryptor: safeStorage, log }),
      loginItem: app,
      ...(options.autostartDir !== undefined && { autostartDir: options.autostartDir }),
      log,
    });
    router = new IpcRouter({
      ipcMain: ipcMain as unknown as IpcMainLike,
      isTrustedSenderUrl: isAppUrl,
      eventTargets: () => (window && !window.isDestroyed() ? [window.webContents] : []),
      log,
    });
    const events = router;
    hostController = new HostController({
      sessionsDir: path.join(userData, 'sessions'),
      webRoot: options.rendererRoot,
      createAdvertiser: options.createAdvertiser,
      ...(options.hostPort !== undefined && { port: options.hostPort }),
      ...(options.hostBindAddress !== undefined && { bindAddress: options.hostBindAddress }),
      ...(options.lanAddresses !== undefined && { lanAddresses: options.lanAddresses }),
      ...(options.candidatesOnThisComputer !== undefined && { candidatesOnThisComputer: options.candidatesOnThisComputer }),
      onStatusChange: (status) => {
        events.send('host:status-changed', status);
        tray?.setStatus(status);
        if (status.running && status.sessionName === loginHosting.sessionName()) rememberLoginPasscode();
        // Stopped (from the tray) with no window left: on Windows/Linux nothing
        // would show the app is running, so it quits as closing the window would have.
        if (!status.running && !hasWindow() && process.platform !== 'darwin' && !shutdownPromise) app.quit();
      },
      onOnlineCountChange: (count) => tray?.setOnline(count),
      log,
    });
    const controller = hostController;
    // The session hosted at login, hosted again by hand (maybe with a new
    // passcode): login keeps what it was hosted with last.
    const rememberLoginPasscode = () => {
      const hosted = controller.hostedSession();
      // A session taken over with the same name is another folder: login keeps hosting the one it had.
      if (!hosted || hosted.takenOver) return;
      try {
        loginHosting.enable(hosted);
      } catch (error) {
        log(`login: could not update the session hosted at login: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    tray = new HostingTray({
      createTray: () => new Tray(nativeImage.createFromPath(path.join(options.rendererRoot, 'tray-icon.png'))),
      buildMenu: (items: TrayMenuItem[]) => Menu.buildFromTemplate(items),
      open: () => revealWindow(),
      stopHosting: () => {
        controller.stop().catch((error: unknown) => log(`tray: could not stop hosting: ${error instanceof Error ? error.message : String(error)}`));
      },
      quit: () => app.quit(),
    });
    quitGuard = new QuitGuard({
      hosted: () => {
        const status = controller.status();
        return status.running ? { sessionName: status.sessionName ?? 'your session', online: controller.onlineCount(), candidates: controller.handOverCandidates() } : null;
      },
      // Offer it, wait for them to take it, then for the shared files to be passed on (hosting stops by itself then).
      handOver: async (to) => {
        controller.offerHandOver(to.id);
        log(`quit: offered the session to ${to.name}; waiting for them to accept`);
        const result = await controller.waitForHandOver(HANDOVER_QUIT_WAIT_MS);
        if (result === 'moved') await controller.waitForStopped(HANDOVER_QUIT_FILES_WAIT_MS);
        return result;
      },
      show: (box: QuitMessageBox) => {
        const owner = parent();
        return owner ? dialog.showMessageBox(owner, box) : dialog.showMessageBox(box);
      },
      quit: () => app.quit(),
      closeWindows: () => {
        for (const open of BrowserWindow.getAllWindows()) open.close();
      },
      log,
    });
    const notifier = new DesktopNotifier({
      window: () => window,
      reveal: (then) => revealWindow(then),
      openConversation: (conv) => events.send('app:open-conversation', { conv }),
      log,
    });

    // Discovery failing to start (no multicast, port 5353 held) is a state the
    // UI shows, not a reason to stop the app.
    try {
      browser = options.createSessionBrowser();
      browser.on('change', (status) => events.send('discovery:sessions-changed', status));
      const started = browser.start();
      if (started instanceof Promise) started.catch((error: unknown) => log(`discovery: ${String(error)}`));
    } catch (error) {
      discoveryProblem = `Could not look for sessions on the local network: ${error instanceof Error ? error.message : String(error)}`;
      log(`discovery: ${discoveryProblem}`);
    }

    // Trust and the chat socket (issue 10): main decides which session is at an
    // address and holds the real, pinned connection; the renderer gets a MessagePort.
    const trustService = new TrustService({ known: new KnownSessions(userData), log });
    trust = trustService;
    chatSockets = new ChatSocketBridge({
      pinFor: (url) => trustService.pinForUrl(url),
      // A hand-over: the page follows the session to its new host (trust-service.ts says why this needs no question).
      onMoved: (from, pin, moved) => trustService.trustMovedSession(from, pin, { session: moved.session, identity: moved.identity, origins: moved.to }),
      log,
    });
    chatSockets.listen(ipcMain as unknown as IpcMainOnLike, isAppUrl);

    const fileServices = createDesktopFileServices({
      userData,
      ...(options.transfers !== undefined && { tuning: options.transfers }),
      pinFor: (url) => trustService.pinForUrl(url),
      emit: (progress) => events.send('files:progress', progress),
      parent,
      log,
    });
    transfers = fileServices.transfers;

    const takeOver = new SessionTakeOver({
      pinFor: (url) => trustService.pinForUrl(url),
      sessionsDir: path.join(userData, 'sessions'),
      hostOptions: {
        port: options.hostPort ?? DEFAULT_PORT,
        ...(options.hostBindAddress !== undefined && { bindAddress: options.hostBindAddress }),
        webRoot: options.rendererRoot,
        log: (line) => log(`host: ${line}`),
      },
      ...(options.lanAddresses !== undefined && { addresses: options.lanAddresses }),
      controller,
      WebSocket: WebSocket as unknown as WebSocketConstructor,
      log,
    });
    sessionTakeOver = takeOver;

    registerIpcHandlers(router, {
      takeOver,
      discoveryStatus: () => (browser ? browser.status() : { ...STOPPED_DISCOVERY, problem: discoveryProblem }),
      host: hostController,
      settings: settingsStore,
      loginHosting,
      tokens: new TokenStore({ file: path.join(userData, 'tokens.json'), encryptor: safeStorage, log }),
      notify: (notice) => notifier.notify(notice),
      setBadge: (count) => notifier.setBadge(count),
      openExternal,
      trust: trustService,
      // Device keys for end-to-end DMs: here in main, sealed with safeStorage; the renderer only asks (desktop-e2e.ts).
      e2e: new DesktopE2e({ dir: path.join(userData, E2E_DIR), encryptor: safeStorage }),
      // Avatars for the window, fetched over the same pinned TLS as the chat socket (avatar-fetcher.ts).
      avatars: new AvatarFetcher({ pinFor: (url) => trustService.pinForUrl(url), log }),
      myAvatar: new AvatarUploader({ pinFor: (url) => trustService.pinForUrl(url), log }),
      files: fileServices,
    });

    // The system shutting down or logging out (macOS, Linux) must not wait on a
    // question nobody will answer: the session ends like on "End the session".
    // (Windows sends no before-quit then: Electron just closes.)
    powerMonitor.on('shutdown', () => quitGuard?.allowQuit());

    // Started by the OS at login with "host this session" on: host it, no
    // window — the tray says so. If that fails, open the window to show why.
    const atLogin = loginHosting.openedAtLogin(options.argv ?? process.argv) ? loginHosting.sessionToHost() : null;
    if (atLogin) {
      log(`login: hosting “${atLogin.sessionName}” in the background`);
      controller.start(atLogin).catch((error: unknown) => {
        log(`login: could not host “${atLogin.sessionName}”: ${error instanceof Error ? error.message : String(error)}`);
        revealWindow();
      });
    } else {
      createWindow();
    }
    // macOS: clicking the dock icon with no window open opens one.
    app.on('activate', () => {
      if (window === null) createWindow();
    });
  };

  const shutdown = (): Promise<void> => {
    shutdownPromise ??= (async () => {
      chatSockets?.dispose();
      const stopping = Promise.allSettled([transfers?.dispose(), hostController?.stop(), (async () => browser?.stop())()]).then((results) => {
        for (const result of results) if (result.status === 'rejected') log(`quit: ${String(result.reason)}`);
      });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          log('quit: the host or discovery did not stop in time; quitting anyway');
          resolve();
        }, SHUTDOWN_TIMEOUT_MS);
      });
      await Promise.race([stopping, timeout]);
      clearTimeout(timer);
      router?.dispose();
      tray?.dispose();
    })();
    return shutdownPromise;
  };

  // While hosting, closing the window never stops the session: Parley stays in
  // the tray (menu bar). Otherwise, Windows and Linux: closing the window
  // quits. macOS: the app stays in the dock, as Mac apps do, until Quit.
  app.on('window-all-closed', () => {
    if (hostController?.status().running) return;
    if (process.platform !== 'darwin') app.quit();
  });
  // Quitting while hosting asks first (quit-while-hosting.ts). Then hold the
  // quit until the session database is closed and the mDNS goodbye is sent,
  // and quit for real.
  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    if (shutdownPromise === null && quitGuard && !quitGuard.mayQuit()) return;
    void shutdown().finally(() => {
      stopped = true;
      app.quit();
    });
  });

  const ready = app.whenReady().then(onReady);
  ready.catch((error: unknown) => {
    log(`start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    app.exit(1);
  });

  return {
    ready,
    mainWindow: () => window,
    router: () => router,
    host: () => hostController,
    transfers: () => transfers,
    trust: () => trust,
    tray: () => tray,
    quitGuard: () => quitGuard,
    takeOver: () => sessionTakeOver,
    shutdown,
  };
}
