// Window hardening in one place (CONVENTIONS.md #5; Signal's
// handleCommonWindowEvents). Every window the app opens gets these
// webPreferences and these handlers; the tests check the production settings,
// never relaxed ones.
import type { BrowserWindow, Session, WebContents, WebPreferences } from 'electron';
import { isAppUrl } from './app-protocol.js';
import { safeExternalUrl, type OpenExternal } from './safe-open-url.js';

/** webPreferences of every app window: isolated, sandboxed, no Node in the page. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    // Files dropped on the window go to the page's drop handler, never navigate the window to them.
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: true,
  };
}

export interface WindowEventOptions {
  openExternal: OpenExternal;
  log?: (line: string) => void;
}

/**
 * Denies every navigation away from the loaded page and every new window. A
 * link the page opens in a new window (target=_blank, window.open) goes to the
 * system browser when it is http(s) or mailto; anything else is dropped.
 */
export function handleCommonWindowEvents(window: BrowserWindow, { openExternal, log = () => {} }: WindowEventOptions): void {
  const contents = window.webContents;

  // The app is one page; there is nowhere to navigate to. (Reloads and in-page
  // history/hash changes do not fire will-navigate.)
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    log(`window: refused navigation to ${JSON.stringify(event.url)}`);
  });
  // Frames (the page has none of its own) may not navigate anywhere outside the app either.
  contents.on('will-frame-navigate', (event) => {
    if (event.isMainFrame || isAppUrl(event.url)) return;
    event.preventDefault();
    log(`window: refused a frame navigating to ${JSON.stringify(event.url)}`);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('window: refused a <webview>');
  });

  contents.setWindowOpenHandler(({ url }) => {
    const external = safeExternalUrl(url);
    if (external !== null) {
      openExternal(external).catch((error: unknown) => {
        log(`window: could not open ${external}: ${error instanceof Error ? error.message : String(error)}`);
      });
    } else {
      log(`window: refused to open ${JSON.stringify(url)}`);
    }
    return { action: 'deny' };
  });
}

// Permissions the page may have: notifications (desktop notices, though the app
// mostly shows them from main via app:notify) and writing to the clipboard
// (the "copy the session address" button; write only, sanitised, needs a user
// gesture). Everything else — camera, microphone, geolocation, clipboard read,
// MIDI, HID, serial, USB, screen capture, opening external protocols — is
// denied, and only the app's own page is ever granted anything.
const ALLOWED_PERMISSIONS = new Set<string>(['notifications', 'clipboard-sanitized-write']);

export function isPermissionAllowed(permission: string, requestingUrl: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl);
}

/** Installs the permission policy on a session (once, on the app's session). */
export function handlePermissionRequests(session: Session, log: (line: string) => void = () => {}): void {
  session.setPermissionRequestHandler((contents: WebContents, permission, callback, details) => {
    const allowed = isPermissionAllowed(permission, details.requestingUrl);
    if (!allowed) log(`window: denied permission ${permission} to ${JSON.stringify(details.requestingUrl)}`);
    callback(allowed);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionAllowed(permission, requestingOrigin));
  // No device pickers: nothing in a chat app needs HID, serial or USB devices.
  session.setDevicePermissionHandler(() => false);
}
