// The notification settings of this device, as a session part: the level per
// conversation (loaded at sign-in for that session and person, saved on each
// change), asking the browser for permission from the banner's "Turn on",
// and noticing when the person changed it in the browser's site settings.
import type { Platform } from '../platform/platform.js';
import type { AppStore } from '../store/app-store.js';
import { defaultNotifyLevel, type NotificationAccess, type NotifyLevel } from '../notifications/notify-level.js';

export class SessionNotifications {
  private owner: { sessionId: string; userId: number } | null = null;

  constructor(
    private readonly store: AppStore,
    private readonly platform: Platform,
  ) {
    this.store.getState().setNotificationAccess(platform.notificationAccess());
    this.store.getState().setNotifyPromptDismissed(platform.loadNotifyPromptDismissed());
  }

  /** Signed in (or back): this session and person's levels. */
  signedIn(sessionId: string, userId: number): void {
    if (this.owner?.sessionId === sessionId && this.owner.userId === userId) return;
    this.owner = { sessionId, userId };
    this.store.getState().setNotifyLevels(this.platform.loadNotifyLevels(sessionId, userId));
  }

  setLevel(conv: string, level: NotifyLevel): void {
    const current = this.store.getState().notifyLevels;
    // The default is not stored: should defaults change, untouched conversations follow.
    const { [conv]: _previous, ...rest } = current;
    const next = level === defaultNotifyLevel(conv) ? rest : { ...rest, [conv]: level };
    this.store.getState().setNotifyLevels(next);
    if (this.owner) this.platform.saveNotifyLevels(this.owner.sessionId, this.owner.userId, next);
  }

  /** From the "Turn on" click only: browsers ignore or penalise asking without one. */
  async turnOn(): Promise<NotificationAccess> {
    const access = await this.platform.requestNotificationAccess();
    this.store.getState().setNotificationAccess(access);
    return access;
  }

  /** Re-reads the permission (the person may have changed it in site settings meanwhile). */
  refreshAccess(): void {
    this.store.getState().setNotificationAccess(this.platform.notificationAccess());
  }

  dismissPrompt(): void {
    const access = this.store.getState().notificationAccess;
    this.platform.saveNotifyPromptDismissed(access);
    this.store.getState().setNotifyPromptDismissed(access);
  }
}
