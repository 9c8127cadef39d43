// Everyone in the session with an online flag (snapshot + presence frames),
// and who is typing where: conv → { userId: expiresAt }. Typing entries expire
// TYPING_SHOWN_MS after the last notice, or when that person's message arrives.
import type { StateCreator } from 'zustand';
import { TYPING_SHOWN_MS } from '../../src-shared/limits.js';
import type { UserInfo } from '../../src-shared/protocol/frames.js';
import type { AppState } from './app-store.js';

export type TypingMap = Record<string, Record<number, number>>;

export interface PeopleSlice {
  users: Record<number, UserInfo>;
  /** When (Date.now()) each person last came online while I was signed in (presence frames; not the sign-in snapshot). */
  cameOnlineAt: Record<number, number>;
  typing: TypingMap;
  /** Whose profile card is open (people/ProfileCard.tsx), or null. */
  profileCard: number | null;
  openProfile(userId: number | null): void;

  setUsers(users: UserInfo[]): void;
  applyPresence(user: UserInfo, online: boolean): void;
  /** A `user` frame (or an admin action's reply): someone's admin or removed flag changed. */
  applyUser(user: UserInfo): void;
  /** Somebody is typing in `conv` (from a typing frame). */
  applyTyping(conv: string, user: { id: number; name: string }, now?: number): void;
  clearTyping(conv: string, userId: number): void;
  /** Drops entries whose time is up. Runs by itself (a timer per notice); callable for tests. */
  pruneTyping(now?: number): void;
  resetPeople(): void;
}

export const createPeopleSlice: StateCreator<AppState, [], [], PeopleSlice> = (set, get) => ({
  users: {},
  cameOnlineAt: {},
  typing: {},
  profileCard: null,
  openProfile: (profileCard) => set({ profileCard }),

  setUsers: (list) => {
    const users: Record<number, UserInfo> = {};
    for (const user of list) users[user.id] = user;
    set({ users });
  },

  applyPresence: (user, online) => {
    const known = get().users[user.id];
    // A removed person's last device going offline: keep them removed (only a `user` frame changes that).
    const removed = user.removed ?? known?.removed;
    const users = { ...get().users, [user.id]: { ...user, online, ...(removed && { removed }) } };
    set(online && !known?.online ? { users, cameOnlineAt: { ...get().cameOnlineAt, [user.id]: Date.now() } } : { users });
  },

  applyUser: (user) => {
    const state = get();
    const patch: Partial<AppState> = { users: { ...state.users, [user.id]: user } };
    if (state.me?.id === user.id && state.me.isAdmin !== user.isAdmin) patch.me = { ...state.me, isAdmin: user.isAdmin };
    set(patch);
  },

  applyTyping: (conv, user, now = Date.now()) => {
    const state = get();
    if (state.me?.id === user.id) return;
    const expiresAt = now + TYPING_SHOWN_MS;
    const patch: Partial<AppState> = {
      typing: { ...state.typing, [conv]: { ...state.typing[conv], [user.id]: expiresAt } },
    };
    // Someone typing is online, and may be new to this window.
    const known = state.users[user.id];
    if (!known) patch.users = { ...state.users, [user.id]: { id: user.id, name: user.name, online: true, isAdmin: false } };
    set(patch);
    setTimeout(() => get().pruneTyping(), TYPING_SHOWN_MS + 1);
  },

  clearTyping: (conv, userId) => {
    const typing = get().typing;
    const inConv = typing[conv];
    if (!inConv || !(userId in inConv)) return;
    const { [userId]: _gone, ...rest } = inConv;
    set({ typing: { ...typing, [conv]: rest } });
  },

  pruneTyping: (now = Date.now()) => {
    const typing = get().typing;
    let changed = false;
    const next: TypingMap = {};
    for (const [conv, entries] of Object.entries(typing)) {
      const kept: Record<number, number> = {};
      for (const [userId, expiresAt] of Object.entries(entries)) {
        if (expiresAt > now) kept[Number(userId)] = expiresAt;
        else changed = true;
      }
      if (Object.keys(kept).length > 0) next[conv] = kept;
      else changed = true; // nobody typing there any more: drop the conversation's entry
    }
    if (changed) set({ typing: next });
  },

  resetPeople: () => set({ users: {}, cameOnlineAt: {}, typing: {}, profileCard: null }),
});
