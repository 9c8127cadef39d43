// Where the app is (which screen), the connection's state, the session and
// who I am. Set by chat-session.ts from ChatClient's events.
import type { StateCreator } from 'zustand';
import type { ConnectionState } from '../../src-shared/chat-client.js';
import type { SessionInfo, SignedIn } from '../../src-shared/protocol/frames.js';
import type { AppState } from './app-store.js';
import type { IdentityPrompt } from './identity-prompt.js';

/**
 * starting: working out where to go (reading the last session).
 * choose:   desktop "Find or host" screen.
 * connecting: opening the socket to a chosen session (or resuming).
 * confirm-identity: desktop, before connecting: the person confirms a first
 *            contact or a plain host, or reads why a changed identity stopped
 *            everything (`identityPrompt` says which).
 * signin:   the sign-in form.
 * chat:     signed in.
 */
export type Phase = 'starting' | 'choose' | 'connecting' | 'confirm-identity' | 'signin' | 'chat';

export interface SessionTarget {
  /** wss://HOST:PORT/ws (ws:// for a host run with --plain) */
  url: string;
  /** What to call it before the host has answered: "192.168.1.20:47800", a discovered name… */
  label: string;
  /** The identity this session must have (fingerprint or code), and who said so (TrustCheckRequest). */
  expected?: string;
  expectedFrom?: 'person' | 'discovery';
  /** From discovery: a different identity trusted for the same session id is refused. */
  sessionId?: string;
}

export interface Me {
  id: number;
  name: string;
  isAdmin: boolean;
}

/** A short-lived message from the host not tied to a request (rate limiting, shutdown). */
export interface Banner {
  code: string;
  text: string;
}

/** The host asks this app to take the session over (handover.offer): what the prompt shows until answered. */
export interface HandOverOffer {
  offer: string;
  from: { id: number; name: string };
  /** Accepting makes this person admin (they are not one yet). */
  makesAdmin: boolean;
}

export interface ConnectionSlice {
  phase: Phase;
  connection: ConnectionState;
  /**
   * Others' presence is current: false from the moment the connection leaves
   * 'online' until the next sign-in snapshot (common/presence.ts).
   */
  presenceKnown: boolean;
  target: SessionTarget | null;
  session: SessionInfo | null;
  me: Me | null;
  banner: Banner | null;
  /** Why the last attempt to reach or resume a session failed (shown on the start/sign-in screens). */
  startProblem: string | null;
  /** A name to prefill on the sign-in form (the last identity used here). */
  lastUserName: string;
  /** What the 'confirm-identity' screen asks about (desktop: main's trust check, or a refusal mid-session). */
  identityPrompt: IdentityPrompt | null;
  /** A hand-over offer waiting for Accept or Decline (desktop). */
  handOverOffer: HandOverOffer | null;

  setPhase(phase: Phase): void;
  setConnection(state: ConnectionState): void;
  setTarget(target: SessionTarget | null): void;
  setSession(session: SessionInfo | null): void;
  setBanner(banner: Banner | null): void;
  setStartProblem(problem: string | null): void;
  setLastUserName(name: string): void;
  setIdentityPrompt(prompt: IdentityPrompt | null): void;
  setHandOverOffer(offer: HandOverOffer | null): void;
  /** A sign-in or resume succeeded (also after every reconnect): apply the snapshot everywhere. */
  applySignedIn(snapshot: SignedIn): void;
  /** Signed out or left the session: forget everything that belonged to it. */
  resetSession(): void;
}

export const createConnectionSlice: StateCreator<AppState, [], [], ConnectionSlice> = (set, get) => ({
  phase: 'starting',
  connection: 'idle',
  presenceKnown: false,
  target: null,
  session: null,
  me: null,
  banner: null,
  startProblem: null,
  lastUserName: '',
  identityPrompt: null,
  handOverOffer: null,

  setPhase: (phase) => set({ phase }),
  setConnection: (connection) => set(connection === 'online' ? { connection } : { connection, presenceKnown: false }),
  setTarget: (target) => set({ target }),
  setSession: (session) => set({ session }),
  setBanner: (banner) => set({ banner }),
  setStartProblem: (startProblem) => set({ startProblem }),
  setLastUserName: (lastUserName) => set({ lastUserName }),
  setIdentityPrompt: (identityPrompt) => set({ identityPrompt }),
  setHandOverOffer: (handOverOffer) => set({ handOverOffer }),

  applySignedIn: (snapshot) => {
    const previous = get().me;
    // A different person on this window (sign out, sign in as someone else): start clean.
    if (previous && previous.id !== snapshot.user.id) get().resetSession();
    set({ me: snapshot.user, session: snapshot.session, phase: 'chat', startProblem: null, lastUserName: snapshot.user.name, presenceKnown: true });
    get().applyConversationsSnapshot(snapshot);
    get().applyConvStates(snapshot.convStates ?? []);
    get().setUsers(snapshot.users);
  },

  resetSession: () => {
    set({ me: null, banner: null, handOverOffer: null, attachments: {} });
    get().resetConversations();
    get().resetPeople();
    get().resetMessageUi();
    get().resetReadState();
    get().closeSearch();
    get().resetDmE2e();
    get().resetThreads();
  },
});
