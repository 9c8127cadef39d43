// A Platform whose every call is recorded; discovery and hosting can be
// switched on and driven by the test. On the desktop it has a trust feature
// that behaves like main's (src-main/trust/session-trust.ts): each address
// presents an identity the test sets, and what was accepted is remembered.
import { vi, type Mock } from 'vitest';
import type { DiscoveryStatus, HandOverCandidate, HostStatus, LastSession, TrustCheck, TrustCheckRequest, TrustFollow, TrustFollowRequest } from '../../../src-shared/ipc/ipc-contract.js';
import type { WebSocketConstructor } from '../../../src-shared/chat-client.js';
import { memoryOutboxStorage } from '../../../src-shared/outbox-store.js';
import { identityMatches, parseExpectedIdentity, sessionCode } from '../../../src-shared/session-identity.js';
import type { DiscoveryFeature, HostingFeature, IdentityRefusal, NotificationRequest, Platform, TrustFeature } from '../../../src-renderer/platform/platform.js';
import type { NotificationAccess, NotifyLevel } from '../../../src-renderer/notifications/notify-level.js';

export const FP_OFFICE = '3f2a9c017b44d0e81a6c'.padEnd(64, '5');
export const FP_IMPOSTOR = 'e41d77b2a0c3f95e6d18'.padEnd(64, '9');

export interface FakeTrust extends TrustFeature {
  check: Mock<(request: TrustCheckRequest) => Promise<TrustCheck>>;
  accept: Mock<(url: string, fingerprint: string) => Promise<void>>;
  forget: Mock<(url: string) => Promise<void>>;
  /** Like main's: follows only to an address whose host presents the identity trusted at `from`. */
  follow: Mock<(request: TrustFollowRequest) => Promise<TrustFollow>>;
  /** address (HOST:PORT) → the identity its host presents (FP_OFFICE unless set). */
  presented: Map<string, string>;
  /** address → the identity remembered there (what trust:accept stored). */
  known: Map<string, string>;
  /** Addresses whose host cannot be reached. */
  unreachable: Set<string>;
  /** Addresses first met as ws:// whose host serves TLS now (a last session saved before TLS). */
  servesTlsNow: Set<string>;
  /** Main refused the chat socket (a reconnect reached another host). */
  refuse(refusal: IdentityRefusal): void;
}

const addressOf = (url: string) => url.replace(/^wss?:\/\//, '').replace(/\/ws$/, '');

function createFakeTrust(): FakeTrust {
  const refusedListeners = new Set<(refusal: IdentityRefusal) => void>();
  const presented = new Map<string, string>();
  const known = new Map<string, string>();
  const unreachable = new Set<string>();
  const servesTlsNow = new Set<string>();
  /** Addresses this fake met as ws:// (a --plain host): no TLS there unless servesTlsNow. */
  const plainHosts = new Set<string>();
  const trust: FakeTrust = {
    presented,
    known,
    unreachable,
    servesTlsNow,
    check: vi.fn(async (request: TrustCheckRequest): Promise<TrustCheck> => {
      const address = addressOf(request.url);
      if (unreachable.has(address)) throw new Error(`Could not reach ${address}: connection refused. Is the host running?`);
      if (request.url.startsWith('ws://')) {
        plainHosts.add(address);
        return { status: 'plain', address };
      }
      // A ws:// host serves no TLS, unless the test says it does now (servesTlsNow).
      if (plainHosts.has(address) && !servesTlsNow.has(address)) throw new Error(`${address} does not answer over TLS.`);
      const fingerprint = presented.get(address) ?? FP_OFFICE;
      const code = sessionCode(fingerprint);
      const changed = (trustedCode: string, why: 'remembered' | 'expected') => ({ status: 'changed' as const, address, fingerprint, code, trustedCode, why, message: `The session at ${address} has changed.` });
      const expected = request.expected !== undefined ? parseExpectedIdentity(request.expected) : null;
      if (expected) {
        if (!identityMatches(fingerprint, expected)) return changed(expected.kind === 'code' ? expected.code : sessionCode(expected.fingerprint), 'expected');
        known.set(address, fingerprint);
        return { status: 'trusted', address, fingerprint, code };
      }
      const remembered = known.get(address);
      if (remembered === undefined) return { status: 'first-contact', address, fingerprint, code };
      return remembered === fingerprint ? { status: 'trusted', address, fingerprint, code } : changed(sessionCode(remembered), 'remembered');
    }),
    accept: vi.fn(async (url: string, fingerprint: string) => {
      known.set(addressOf(url), fingerprint);
    }),
    forget: vi.fn(async (url: string) => {
      known.delete(addressOf(url));
    }),
    follow: vi.fn(async ({ from, to }: TrustFollowRequest): Promise<TrustFollow> => {
      const address = addressOf(to);
      if (unreachable.has(address)) throw new Error(`Could not reach ${address} securely.`);
      const trusted = known.get(addressOf(from));
      const fingerprint = presented.get(address) ?? FP_OFFICE;
      if (trusted === undefined || trusted !== fingerprint || (known.has(address) && known.get(address) !== fingerprint)) {
        throw new Error(`The session announced at ${address} could not be confirmed as yours.`);
      }
      known.set(address, fingerprint);
      return { address, code: sessionCode(fingerprint) };
    }),
    onRefused: (listener) => {
      refusedListeners.add(listener);
      return () => refusedListeners.delete(listener);
    },
    refuse: (refusal) => {
      for (const l of refusedListeners) l(refusal);
    },
  };
  return trust;
}

export interface FakePlatform extends Platform {
  tokens: Map<string, string>;
  /** "sessionId.userId" → the conversation last open there. */
  lastConversations: Map<string, string>;
  /** The saved outbox, as localStorage would keep it (survives a "reload": a new ChatSession over this platform). */
  outbox: ReturnType<typeof memoryOutboxStorage>;
  lastSession: LastSession | null;
  notifications: NotificationRequest[];
  badges: number[];
  opened: string[];
  /** Simulates a click on a notification. */
  clickNotification(conv: string): void;
  emitDiscovery(status: DiscoveryStatus): void;
  emitHost(status: HostStatus): void;
  /** Desktop (unless created with trust: false): main's identity checks. */
  trust?: FakeTrust;
  /** The session main would host at login (null: off). */
  hostAtLogin: string | null;
  /** When set, setHostAtLogin is refused with this message. */
  hostAtLoginProblem: string | null;
  /** What hosting.handOverCandidates answers. */
  handOverCandidates: HandOverCandidate[];
  /** When set, hosting.takeOver fails with this message. */
  takeOverProblem: string | null;
  /** What notificationAccess() says now (web default 'default', desktop 'system'). */
  access: NotificationAccess;
  /** What the browser answers requestNotificationAccess() with (as if the person chose it in its prompt). */
  accessAnswer: NotificationAccess;
  /** "sessionId.userId" → the saved notification levels. */
  notifyLevels: Map<string, Record<string, NotifyLevel>>;
  notifyPromptDismissed: NotificationAccess | null;
}

export const NOT_HOSTING: HostStatus = { running: false, sessionName: null, port: null, urls: [], localUrl: null, passcodeRequired: false, identity: null };
export const NOTHING_FOUND: DiscoveryStatus = { browsing: true, problem: null, interfaces: [{ name: 'eth0', address: '192.168.1.20' }], sessions: [] };

export function createFakePlatform(kind: 'desktop' | 'web' = 'web', options: { served?: { url: string; label: string } | null; discovery?: DiscoveryStatus; host?: HostStatus; trust?: boolean } = {}): FakePlatform {
  const openListeners = new Set<(conv: string) => void>();
  const discoveryListeners = new Set<(status: DiscoveryStatus) => void>();
  const hostListeners = new Set<(status: HostStatus) => void>();
  let discoveryStatus = options.discovery ?? NOTHING_FOUND;
  let hostStatus = options.host ?? NOT_HOSTING;

  const discovery: DiscoveryFeature = {
    status: async () => discoveryStatus,
    subscribe: (listener) => {
      discoveryListeners.add(listener);
      return () => discoveryListeners.delete(listener);
    },
  };
  const hosting: HostingFeature = {
    status: async () => hostStatus,
    start: vi.fn(async ({ sessionName, passcode }: { sessionName: string; passcode?: string }) => {
      hostStatus = { running: true, sessionName, port: 47800, urls: ['https://192.168.1.20:47800/'], localUrl: 'wss://127.0.0.1:47800/ws', passcodeRequired: !!passcode, identity: FP_OFFICE };
      for (const l of hostListeners) l(hostStatus);
      return hostStatus;
    }),
    stop: vi.fn(async () => {
      hostStatus = NOT_HOSTING;
      for (const l of hostListeners) l(hostStatus);
      return hostStatus;
    }),
    subscribe: (listener) => {
      hostListeners.add(listener);
      return () => hostListeners.delete(listener);
    },
    // Like main: on for the session hosted now; tests set hostAtLoginProblem to make it refuse.
    getHostAtLogin: vi.fn(async () => platform.hostAtLogin),
    setHostAtLogin: vi.fn(async (enabled: boolean) => {
      if (platform.hostAtLoginProblem) throw new Error(platform.hostAtLoginProblem);
      if (enabled && !hostStatus.running) throw new Error('Host a session first.');
      platform.hostAtLogin = enabled ? hostStatus.sessionName : null;
      return platform.hostAtLogin;
    }),
    handOverCandidates: vi.fn(async () => platform.handOverCandidates),
    // Like main: the status says who it was offered to.
    offerHandOver: vi.fn(async (userId: number) => {
      const to = platform.handOverCandidates.find((person) => person.id === userId)?.name ?? 'them';
      hostStatus = { ...hostStatus, handOverOffer: { to, state: 'offered' } };
      for (const l of hostListeners) l(hostStatus);
    }),
    // Like main: hosting the session taken over (tests set takeOverProblem to make it fail).
    takeOver: vi.fn(async () => {
      if (platform.takeOverProblem) throw new Error(platform.takeOverProblem);
      hostStatus = { running: true, sessionName: 'Office LAN', port: 47801, urls: ['https://192.168.1.30:47801/'], localUrl: 'wss://127.0.0.1:47801/ws', passcodeRequired: false, identity: FP_OFFICE };
      for (const l of hostListeners) l(hostStatus);
      return hostStatus;
    }),
  };

  const outbox = memoryOutboxStorage();
  const platform: FakePlatform = {
    kind,
    WebSocket: class {} as unknown as WebSocketConstructor,
    discovery: kind === 'desktop' ? discovery : null,
    hosting: kind === 'desktop' ? hosting : null,
    ...(kind === 'desktop' && options.trust !== false && { trust: createFakeTrust() }),
    servedSession: () => (options.served === undefined ? (kind === 'web' ? { url: 'ws://192.168.1.20:47800/ws', label: '192.168.1.20:47800' } : null) : options.served),
    tokens: new Map(),
    lastConversations: new Map(),
    outbox,
    hostAtLogin: null,
    hostAtLoginProblem: null,
    handOverCandidates: [],
    takeOverProblem: null,
    lastSession: null,
    notifications: [],
    badges: [],
    opened: [],
    getLastSession: async () => platform.lastSession,
    setLastSession: async (session) => {
      platform.lastSession = session;
    },
    saveToken: async (key, token) => {
      platform.tokens.set(key, token);
    },
    loadToken: async (key) => platform.tokens.get(key) ?? null,
    forgetToken: async (key) => {
      platform.tokens.delete(key);
    },
    loadLastConversation: (sessionId, userId) => platform.lastConversations.get(`${sessionId}.${userId}`) ?? null,
    saveLastConversation: (sessionId, userId, conv) => {
      platform.lastConversations.set(`${sessionId}.${userId}`, conv);
    },
    outboxStorage: outbox,
    access: kind === 'desktop' ? 'system' : 'default',
    accessAnswer: 'granted',
    notifyLevels: new Map(),
    notifyPromptDismissed: null,
    notificationAccess: () => platform.access,
    requestNotificationAccess: vi.fn(async () => {
      if (platform.access === 'default') platform.access = platform.accessAnswer;
      return platform.access;
    }),
    loadNotifyLevels: (sessionId, userId) => ({ ...platform.notifyLevels.get(`${sessionId}.${userId}`) }),
    saveNotifyLevels: (sessionId, userId, levels) => {
      platform.notifyLevels.set(`${sessionId}.${userId}`, { ...levels });
    },
    loadNotifyPromptDismissed: () => platform.notifyPromptDismissed,
    saveNotifyPromptDismissed: (access) => {
      platform.notifyPromptDismissed = access;
    },
    notify: (request) => {
      platform.notifications.push(request);
    },
    onOpenConversation: (listener) => {
      openListeners.add(listener);
      return () => openListeners.delete(listener);
    },
    setBadge: (count) => {
      platform.badges.push(count);
    },
    opensLinksItself: kind === 'desktop',
    openExternal: (url) => {
      platform.opened.push(url);
    },
    clickNotification: (conv) => {
      for (const l of openListeners) l(conv);
    },
    emitDiscovery: (status) => {
      discoveryStatus = status;
      for (const l of discoveryListeners) l(status);
    },
    emitHost: (status) => {
      hostStatus = status;
      for (const l of hostListeners) l(status);
    },
  };
  return platform;
}
