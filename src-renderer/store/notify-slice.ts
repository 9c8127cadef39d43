// Notifications on this device: the level chosen per conversation (for the
// session and person signed in; notify-level.ts), whether the browser or
// system lets us notify, and whether the person dismissed the prompt about it.
import type { StateCreator } from 'zustand';
import type { NotificationAccess, NotifyLevel } from '../notifications/notify-level.js';
import type { AppState } from './app-store.js';

export interface NotifySlice {
  /** Chosen levels only; a conversation absent here has its default (defaultNotifyLevel). */
  notifyLevels: Record<string, NotifyLevel>;
  notificationAccess: NotificationAccess;
  /** The access state the prompt was dismissed in (it comes back when that changes), or null. */
  notifyPromptDismissed: NotificationAccess | null;
  setNotifyLevels(levels: Record<string, NotifyLevel>): void;
  setNotificationAccess(access: NotificationAccess): void;
  setNotifyPromptDismissed(access: NotificationAccess | null): void;
}

export const createNotifySlice: StateCreator<AppState, [], [], NotifySlice> = (set, get) => ({
  notifyLevels: {},
  notificationAccess: 'unsupported',
  notifyPromptDismissed: null,
  setNotifyLevels: (notifyLevels) => set({ notifyLevels }),
  setNotificationAccess: (notificationAccess) => {
    if (get().notificationAccess !== notificationAccess) set({ notificationAccess });
  },
  setNotifyPromptDismissed: (notifyPromptDismissed) => set({ notifyPromptDismissed }),
});
