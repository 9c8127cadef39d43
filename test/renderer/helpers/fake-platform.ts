// A Platform whose every call is recorded; discovery and hosting can be
// switched on and driven by the test.
import { vi } from 'vitest';
import type { DiscoveryStatus, HostStatus, LastSession } from '../../../src-shared/ipc/ipc-contract.js';
import type { WebSocketConstructor } from '../../../src-shared/chat-client.js';
import type { DiscoveryFeature, HostingFeature, NotificationRequest, Platform } from '../../../src-renderer/platform/platform.js';

export interface FakePlatform extends Platform {
  tokens: Map<string, string>;
  /** "sessionId.userId" → the conversation last open there. */
  lastConversations: Map<string, string>;
  lastSession: LastSession | null;
  notifications: NotificationRequest[];
  badges: number[];
  opened: string[];
  /** Simulates a click on a notification. */
  clickNotification(conv: string): void;
  emitDiscovery(status: DiscoveryStatus): void;
  emitHost(status: HostStatus): void;
}

export const NOT_HOSTING: HostStatus = { running: false, sessionName: null, port: null, urls: [], localUrl: null, passcodeRequired: false, identity: null };
export const NOTHING_FOUND: DiscoveryStatus = { browsing: true, problem: null, interfaces: [{ name: 'eth0', address: '192.168.1.20' }], sessions: [] };

export function createFakePlatform(kind: 'desktop' | 'web' = 'web', options: { served?: { url: string; label: string } | null; discovery?: DiscoveryStatus; host?: HostStatus } = {}): FakePlatform {
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
      hostStatus = { running: true, sessionName, port: 47800, urls: ['http://192.168.1.20:47800/'], localUrl: 'ws://127.0.0.1:47800/ws', passcodeRequired: !!passcode, identity: null };
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
  };

  const platform: FakePlatform = {
    kind,
    WebSocket: class {} as unknown as WebSocketConstructor,
    discovery: kind === 'desktop' ? discovery : null,
    hosting: kind === 'desktop' ? hosting : null,
    servedSession: () => (options.served === undefined ? (kind === 'web' ? { url: 'ws://192.168.1.20:47800/ws', label: '192.168.1.20:47800' } : null) : options.served),
    tokens: new Map(),
    lastConversations: new Map(),
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
    prepareNotifications: vi.fn(),
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
