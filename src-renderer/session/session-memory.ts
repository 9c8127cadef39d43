// What this device remembers of a session between runs, and uses at the next
// sign-in: the sign-in token, the last session (to rejoin at start), the
// conversation each person had open there (to reopen it, as Slack does), and
// on the desktop the transfers an earlier run left unfinished.
import { dmPeer, parseConversationKey } from '../../src-shared/protocol/conversations.js';
import type { SignedIn } from '../../src-shared/protocol/frames.js';
import type { Platform } from '../platform/platform.js';
import type { AppState, AppStore } from '../store/app-store.js';
import type { SessionTarget } from '../store/connection-slice.js';
import { httpBaseFromWs } from '../files/format.js';

/** Remembers the open conversation per session and person, to reopen it after the next sign-in. */
export function rememberOpenConversation(store: AppStore, platform: Pick<Platform, 'saveLastConversation'>): () => void {
  return store.subscribe((state, previous) => {
    if (state.active === previous.active || !state.active || !state.me || !state.session || state.phase !== 'chat') return;
    platform.saveLastConversation(state.session.id, state.me.id, state.active);
  });
}

/**
 * The conversation to reopen at this sign-in: null on a reconnect of the same
 * person (the open one stays), else the one remembered. Read it before
 * applying the snapshot, which opens #general (and that is remembered too).
 */
export function rememberedConversation(state: AppState, platform: Pick<Platform, 'loadLastConversation'>, snapshot: SignedIn): string | null {
  // null on a fresh sign-in (not a reconnect): reopen where this person was last.
  const wasActive = state.me?.id === snapshot.user.id ? state.active : null;
  return wasActive === null ? platform.loadLastConversation(snapshot.session.id, snapshot.user.id) : null;
}

/**
 * A joined channel, or a DM of mine with someone still in the session (with
 * messages or not yet — an opened, empty DM reopens too, as in Slack):
 * somewhere a remembered conversation may be reopened.
 */
export function canReopen(state: AppState, conv: string): boolean {
  const parsed = parseConversationKey(conv);
  if (parsed?.kind === 'channel') return state.channels[parsed.channelId]?.joined === true;
  if (state.dms[conv] !== undefined) return true;
  const peer = state.me ? dmPeer(conv, state.me.id) : null;
  const person = peer === null ? undefined : state.users[peer];
  return person !== undefined && !person.removed;
}

/** Saves the sign-in token and the last session, and lets the desktop resume unfinished transfers. */
export function rememberSignIn(platform: Platform, target: SessionTarget | null, snapshot: SignedIn): void {
  void platform.saveToken(snapshot.session.id, snapshot.token).catch(() => {});
  if (!target) return;
  // Desktop: main resumes the transfers an earlier run left unfinished here (file-transfers.ts).
  const hostHttpBase = httpBaseFromWs(target.url);
  if (hostHttpBase) {
    void platform.files?.signedIn?.({ sessionId: snapshot.session.id, userId: snapshot.user.id, hostHttpBase, token: snapshot.token }).catch(() => {});
  }
  void platform
    .setLastSession({ url: target.url, sessionId: snapshot.session.id, sessionName: snapshot.session.name.slice(0, 64), userName: snapshot.user.name })
    .catch(() => {});
}
