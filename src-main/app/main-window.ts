// The app's one window: hardened (window-security.ts), loading the renderer
// from app://parley, shown when its first paint is ready.
import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from './app-protocol.js';
import type { OpenExternal } from './safe-open-url.js';
import { DEFAULT_WINDOW_SIZE, MIN_WINDOW_SIZE } from './window-bounds.js';
import { handleCommonWindowEvents, secureWebPreferences } from './window-security.js';

export interface MainWindowOptions {
  preloadPath: string;
  openExternal: OpenExternal;
  /** Where and how big (window-bounds.ts); default 1100×720, centred. */
  bounds?: { x?: number; y?: number; width: number; height: number };
  /** Opens maximised (it was when last closed). */
  maximized?: boolean;
  log?: (line: string) => void;
}

/** If the page never reports ready-to-show (a crash in the renderer), show the window anyway. */
const SHOW_FALLBACK_MS = 5000;

export function createMainWindow({ preloadPath, openExternal, bounds, maximized = false, log = () => {} }: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: DEFAULT_WINDOW_SIZE.width,
    height: DEFAULT_WINDOW_SIZE.height,
    ...bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: 'Parley',
    show: false,
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preloadPath),
  });
  handleCommonWindowEvents(window, { openExternal, log });

  let shown = false;
  const show = () => {
    if (shown || window.isDestroyed()) return;
    shown = true;
    if (maximized) window.maximize();
    window.show();
  };
  window.once('ready-to-show', show);
  setTimeout(show, SHOW_FALLBACK_MS).unref();

  window.webContents.on('render-process-gone', (_event, details) => log(`window: renderer gone (${details.reason})`));
  window.webContents.on('preload-error', (_event, preloadPath, error) => log(`window: preload ${preloadPath} failed: ${error.message}`));

  window.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
    log(`window: could not load ${APP_ENTRY_URL}: ${error instanceof Error ? error.message : String(error)}`);
  });
  return window;
}

/** Brings the window to the front (second launch, notification click). */
export function focusWindow(window: BrowserWindow | null): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  if (!window.isVisible()) window.show();
  window.focus();
}
