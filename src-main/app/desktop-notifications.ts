// Desktop notifications (app:notify) and the unread badge (app:set-badge).
//
// A click on a notification brings the window forward and tells the renderer
// which conversation to open ('app:open-conversation'). Notifications are kept
// referenced until clicked or closed: Electron drops the click handler of a
// Notification object that was garbage-collected.
//
// Badge: app.setBadgeCount works on macOS (dock) and on Linux desktops with a
// Unity launcher entry; elsewhere it returns false. On Windows, where it does
// nothing, the taskbar button flashes while there is something unread and the
// window is not focused (what Windows chat apps do); an overlay icon is left out.
import { app, Notification, type BrowserWindow } from 'electron';

const MAX_LIVE_NOTIFICATIONS = 50;

export interface NotifierOptions {
  window: () => BrowserWindow | null;
  /** Brings the window to the front (reopening it if needed), then calls `then`. */
  reveal: (then: () => void) => void;
  openConversation: (conv: string) => void;
  log?: (line: string) => void;
  platform?: NodeJS.Platform;
}

export class DesktopNotifier {
  private readonly live = new Set<Notification>();
  private warnedUnsupported = false;
  private warnedBadge = false;
  private readonly log: (line: string) => void;
  private readonly platform: NodeJS.Platform;

  constructor(private readonly options: NotifierOptions) {
    this.log = options.log ?? (() => {});
    this.platform = options.platform ?? process.platform;
  }

  notify({ title, body, conv }: { title: string; body: string; conv: string }): void {
    if (!Notification.isSupported()) {
      if (!this.warnedUnsupported) this.log('notifications: not supported on this system; not shown');
      this.warnedUnsupported = true;
      return;
    }
    const notification = new Notification({ title, body });
    this.live.add(notification);
    if (this.live.size > MAX_LIVE_NOTIFICATIONS) {
      const oldest = this.live.values().next().value;
      if (oldest) this.live.delete(oldest);
    }
    const forget = () => this.live.delete(notification);
    notification.on('click', () => {
      forget();
      this.options.reveal(() => this.options.openConversation(conv));
    });
    notification.on('close', forget);
    notification.on('failed', (_event, error) => {
      forget();
      this.log(`notifications: could not show one: ${error}`);
    });
    notification.show();
  }

  setBadge(count: number): void {
    const supported = app.setBadgeCount(count);
    if (this.platform === 'win32') {
      const window = this.options.window();
      if (window && !window.isDestroyed()) window.flashFrame(count > 0 && !window.isFocused());
      return;
    }
    if (!supported && !this.warnedBadge) {
      this.warnedBadge = true;
      this.log('badge: this desktop does not show an unread count on the app icon');
    }
  }

  /** How many notifications are still referenced (tests). */
  get liveCount(): number {
    return this.live.size;
  }
}
