// What startDesktopApp (desktop-app.ts) is given and what it hands back: main.ts
// passes the real discovery classes and paths; the tests pass fakes and temp folders.
import type { BrowserWindow } from 'electron';
import type { DiscoveryStatus } from '../../src-shared/ipc/ipc-contract.js';
import type { TransferManager, TransferManagerOptions } from '../transfer/file-transfers.js';
import type { TrustService } from '../trust/trust-service.js';
import type { AdvertiserFactory, HostController } from './host-controller.js';
import type { HostingTray } from './hosting-tray.js';
import type { IpcRouter } from './ipc-router.js';
import type { QuitGuard } from './quit-while-hosting.js';
import type { SessionTakeOver } from './session-take-over.js';

/** Folder (in userData) of this device's key and certificate, which its offer server presents. */
export const DEVICE_IDENTITY_DIR = 'device-identity';

/** What the app needs of src-main/discovery's SessionBrowser. */
export interface SessionBrowserLike {
  start(): unknown;
  stop(): unknown;
  status(): DiscoveryStatus;
  on(event: 'change', listener: (status: DiscoveryStatus) => void): unknown;
}

export interface DesktopAppOptions {
  /** dist/main/preload.cjs. */
  preloadPath: string;
  /** dist/renderer: served as app://parley/ and, when hosting, to browsers. */
  rendererRoot: string;
  createSessionBrowser: () => SessionBrowserLike;
  createAdvertiser: AdvertiserFactory;
  /** The hosted session's port; default DEFAULT_PORT (next free if taken). Tests pass 0. */
  hostPort?: number;
  hostBindAddress?: string;
  /** The LAN addresses a hosted or taken-over session is reached at (default: the machine's; tests: 127.0.0.1). */
  lanAddresses?: () => string[];
  /** Tests (all on 127.0.0.1): people connected from this computer may be handed the session too (host-controller.ts). */
  candidatesOnThisComputer?: boolean;
  /** Tuning of the file transfers main runs (tests: progress interval, statfs). */
  transfers?: Pick<TransferManagerOptions, 'progressIntervalMs' | 'statfs' | 'retries' | 'maxConcurrent' | 'direct' | 'offerServer'>;
  /** Windows needs this for notifications to show. */
  appUserModelId?: string;
  /** The command line (default process.argv): HOST_AT_LOGIN_ARG means the OS started the app at login. */
  argv?: readonly string[];
  /** Linux: the XDG autostart folder for "host at login" (tests: a temp folder). */
  autostartDir?: string;
  log?: (line: string) => void;
}

export interface DesktopApp {
  /** Resolves when the window has been created (or rejects if start-up failed). */
  ready: Promise<void>;
  mainWindow(): BrowserWindow | null;
  router(): IpcRouter | null;
  host(): HostController | null;
  transfers(): TransferManager | null;
  /** Which sessions this device trusts (trust:* channels, the pins of main's connections). */
  trust(): TrustService | null;
  /** The tray icon shown while hosting. */
  tray(): HostingTray | null;
  /** Asks before quitting while hosting. */
  quitGuard(): QuitGuard | null;
  /** Accepting a hand-over offer / taking a session over (host:take-over). */
  takeOver(): SessionTakeOver | null;
  /** Stops hosting and discovery; what quitting runs (bounded in time). */
  shutdown(): Promise<void>;
}
