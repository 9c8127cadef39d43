// The tray icon (menu bar on macOS) shown while this app hosts a session: the
// session keeps running with the window closed, and this is where the person
// sees that it does ("Hosting “Office” · 3 online") and gets back to it.
//
// Plain module over a small interface (TrayLike, a menu builder) so the tests
// drive it without Electron; desktop-app.ts passes Electron's Tray and
// Menu.buildFromTemplate.
//
// Decision: the icon exists only while hosting. When nothing is hosted,
// closing the window means what it always meant (quit on Windows/Linux, the
// dock on macOS), and an idle chat app has no business in the tray.
import type { HostStatus } from '../../src-shared/ipc/ipc-contract.js';

/** What the tray needs of Electron's Tray. */
export interface TrayLike {
  setToolTip(text: string): void;
  /** macOS: the text beside the icon in the menu bar. */
  setTitle(text: string): void;
  setContextMenu(menu: unknown): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export type TrayMenuItem = { label: string; click: () => void } | { label: string; enabled: false } | { type: 'separator' };

export interface HostingTrayOptions {
  createTray: () => TrayLike;
  /** Menu.buildFromTemplate in the app. */
  buildMenu: (items: TrayMenuItem[]) => unknown;
  /** Opens (or reopens) the window. */
  open: () => void;
  stopHosting: () => void;
  /** Asks like any other quit while hosting (quit-while-hosting.ts). */
  quit: () => void;
  platform?: NodeJS.Platform;
}

/** "Hosting “Office” · 1 person online": the tooltip and the menu's first, disabled line. */
export function hostingSummary(sessionName: string, online: number): string {
  const people = online === 1 ? '1 person online' : `${online} people online`;
  return `Hosting “${sessionName}” · ${people}`;
}

export class HostingTray {
  private tray: TrayLike | null = null;
  private sessionName: string | null = null;
  private online = 0;
  /** Handed over (issue 11): the session runs elsewhere; this computer only passes on the shared files. */
  private handedOverTo: string | null = null;
  private readonly platform: NodeJS.Platform;

  constructor(private readonly options: HostingTrayOptions) {
    this.platform = options.platform ?? process.platform;
  }

  /** Shown while `status.running`, gone otherwise. */
  setStatus(status: HostStatus): void {
    if (!status.running) {
      this.sessionName = null;
      this.online = 0;
      this.tray?.destroy();
      this.tray = null;
      return;
    }
    if (this.sessionName !== status.sessionName) this.online = 0;
    this.sessionName = status.sessionName ?? 'your session';
    this.handedOverTo = status.handedOverTo ?? null;
    if (!this.tray) {
      this.tray = this.options.createTray();
      // Windows and Linux: a click on the icon opens the window (macOS shows the menu).
      this.tray.on('click', () => this.options.open());
    }
    this.render();
  }

  setOnline(count: number): void {
    this.online = count;
    if (this.tray) this.render();
  }

  /** What the tray says now; null when there is no tray. */
  summary(): string | null {
    return this.tray && this.sessionName !== null ? this.currentSummary(this.sessionName) : null;
  }

  dispose(): void {
    this.tray?.destroy();
    this.tray = null;
  }

  private currentSummary(sessionName: string): string {
    return this.handedOverTo === null ? hostingSummary(sessionName, this.online) : `“${sessionName}” handed over to ${this.handedOverTo} · passing on the shared files`;
  }

  private render(): void {
    const tray = this.tray;
    if (!tray || this.sessionName === null) return;
    const summary = this.currentSummary(this.sessionName);
    tray.setToolTip(`Parley — ${summary}`);
    // macOS shows the count beside the icon; elsewhere a title is not shown.
    if (this.platform === 'darwin') tray.setTitle(String(this.online));
    tray.setContextMenu(
      this.options.buildMenu([
        // Linux app indicators show no tooltip: the menu says it too.
        { label: summary, enabled: false },
        { type: 'separator' },
        { label: 'Open Parley', click: () => this.options.open() },
        { type: 'separator' },
        { label: 'Stop hosting', click: () => this.options.stopHosting() },
        { label: 'Quit', click: () => this.options.quit() },
      ]),
    );
  }
}
