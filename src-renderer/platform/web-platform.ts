// A browser that loaded the build from a host's http://HOST:PORT/. No mDNS and
// no hosting; the session is the host that served the page — and, when the
// session moves to another host, the page goes there itself (web-move.ts). Tokens and the
// last identity live in localStorage; notifications use the Notification API;
// the badge is the page title, "(3) Parley". End-to-end DM keys and state live
// in IndexedDB (src-renderer/e2e/), when the page may use them (below).
import type { WebSocketConstructor } from '../../src-shared/chat-client.js';
import { IndexedDbDeviceKeyStore } from '../e2e/indexeddb-device-key-store.js';
import { IndexedDbDmStateStore } from '../e2e/indexeddb-dm-state-store.js';
import { parseAddress } from '../session/parse-address.js';
import { browserWebSocket } from './browser-websocket.js';
import type { E2eFeature, LastSession, Platform } from './platform.js';
import { loadLastConversation, localOutboxStorage, saveLastConversation } from './local-settings.js';
import { createMoveFeature } from './web-move.js';
import { loadNotifyLevels, loadNotifyPromptDismissed, saveNotifyLevels, saveNotifyPromptDismissed } from '../notifications/notify-settings-storage.js';

const TOKEN_PREFIX = 'parley.token.';
const LAST_SESSION_KEY = 'parley.lastSession';
const BASE_TITLE = 'Parley';

/** ws:// or wss:// + the page's host + /ws. */
export function webSocketUrlFor(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}

/**
 * The session a page belongs to: the host that served it — or, for
 * development from Vite's server, the one named by `?host=HOST:PORT`.
 */
export function servedSessionFor(location: Pick<Location, 'protocol' | 'host' | 'search'>): { url: string; label: string } {
  const named = new URLSearchParams(location.search).get('host');
  if (named) {
    // A bare HOST:PORT goes the way the page came (a dev server on http:// reaches a --plain host).
    const scheme = location.protocol === 'https:' ? 'https' : 'http';
    const parsed = parseAddress(/^[a-z][a-z0-9+.-]*:\/\//i.test(named) ? named : `${scheme}://${named}`);
    if (parsed.ok) return parsed.target;
  }
  return { url: webSocketUrlFor(location), label: location.host };
}

/**
 * Encrypted DMs in this page: IndexedDB for keys and state, and WebCrypto,
 * which browsers give only to a secure context (https://, or localhost). A
 * page without them (a --plain host over http://) has no `e2e`: its DMs are
 * sent as before, not end-to-end encrypted, and shown so.
 */
export function webE2eFeature(idb: IDBFactory | undefined = globalThis.indexedDB): E2eFeature | undefined {
  if (!idb || typeof globalThis.crypto?.subtle === 'undefined') return undefined;
  return {
    keyStore: new IndexedDbDeviceKeyStore({ indexedDB: idb }),
    stateStore: new IndexedDbDmStateStore({ indexedDB: idb }),
    protection: async () => 'browser',
  };
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage disabled (private mode in some browsers): nothing is remembered
  }
}

export interface WebPlatformOptions {
  location?: Pick<Location, 'protocol' | 'host' | 'search'> & Partial<Pick<Location, 'hash' | 'pathname' | 'origin'>>;
  WebSocket?: WebSocketConstructor;
  /** Where a moved session's page goes (default: location.replace). */
  navigate?: (url: string) => void;
  /** Test seam: the IndexedDB for encrypted-DM keys (null: none, so no encryption). */
  indexedDB?: IDBFactory | null;
}

export function createWebPlatform(options: WebPlatformOptions = {}): Platform {
  const location = options.location ?? window.location;
  const openListeners = new Set<(conv: string) => void>();
  const get = (key: string) => storage()?.getItem(key) ?? null;
  const set = (key: string, value: string | null) => {
    const store = storage();
    if (!store) return;
    try {
      if (value === null) store.removeItem(key);
      else store.setItem(key, value);
    } catch {
      // quota or disabled storage: the session simply is not remembered
    }
  };
  // A page that arrived from a moved session's old address takes in what it carried, first thing.
  const move = createMoveFeature({
    location,
    history: typeof window !== 'undefined' ? window.history : null,
    saveToken: (sessionId, token) => set(TOKEN_PREFIX + sessionId, token),
    outboxStorage: localOutboxStorage,
    // replace, not assign: Back should not return to the address the session left.
    navigate: options.navigate ?? ((url) => window.location.replace(url)),
  });

  const e2e = options.indexedDB === null ? undefined : webE2eFeature(options.indexedDB ?? (typeof indexedDB === 'undefined' ? undefined : indexedDB));

  return {
    kind: 'web',
    ...(e2e && { e2e }),
    WebSocket: options.WebSocket ?? browserWebSocket(),
    discovery: null,
    hosting: null,
    move,
    servedSession: () => servedSessionFor(location),
    getLastSession: async () => {
      const raw = get(LAST_SESSION_KEY);
      if (!raw) return null;
      try {
        return JSON.parse(raw) as LastSession;
      } catch {
        return null;
      }
    },
    setLastSession: async (session) => set(LAST_SESSION_KEY, session && JSON.stringify(session)),
    saveToken: async (sessionKey, token) => set(TOKEN_PREFIX + sessionKey, token),
    loadToken: async (sessionKey) => get(TOKEN_PREFIX + sessionKey),
    forgetToken: async (sessionKey) => set(TOKEN_PREFIX + sessionKey, null),
    loadLastConversation,
    saveLastConversation,
    outboxStorage: localOutboxStorage,
    notificationAccess: () => (typeof Notification === 'undefined' ? 'unsupported' : Notification.permission),
    requestNotificationAccess: async () => {
      // Browsers want it asked from a user gesture: NotificationBanner's "Turn on".
      if (typeof Notification === 'undefined') return 'unsupported';
      if (Notification.permission !== 'default') return Notification.permission;
      try {
        return await Notification.requestPermission();
      } catch {
        return Notification.permission;
      }
    },
    loadNotifyLevels,
    saveNotifyLevels,
    loadNotifyPromptDismissed,
    saveNotifyPromptDismissed,
    notify: ({ title, body, conv }) => {
      if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
      try {
        const notification = new Notification(title, { body, tag: conv });
        notification.onclick = () => {
          window.focus();
          for (const listener of openListeners) listener(conv);
          notification.close();
        };
      } catch {
        // Some mobile browsers only notify from a service worker: skip quietly.
      }
    },
    onOpenConversation: (listener) => {
      openListeners.add(listener);
      return () => openListeners.delete(listener);
    },
    setBadge: (count) => {
      document.title = count > 0 ? `(${count}) ${BASE_TITLE}` : BASE_TITLE;
    },
    opensLinksItself: false,
    openExternal: (url) => {
      window.open(url, '_blank', 'noopener,noreferrer');
    },
  };
}
