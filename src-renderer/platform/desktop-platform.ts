// The desktop app: everything desktop-ish goes through window.parley, typed by
// the IPC contract. Each invoke answers { ok, value } | { ok, error }; a
// refusal becomes a thrown Error carrying the main process's message.
// The chat socket is a MessagePort to main (message-port-websocket.ts), which
// holds the real connection, pinned to the identity `trust` settled.
import type { IpcResult, ParleyApi } from '../../src-shared/ipc/ipc-contract.js';
import { messagePortWebSocket, type MessagePortWebSocketOptions } from './message-port-websocket.js';
import type { IdentityRefusal, Platform } from './platform.js';
import { loadNotifyLevels, loadNotifyPromptDismissed, saveNotifyLevels, saveNotifyPromptDismissed } from '../notifications/notify-settings-storage.js';
import { loadLastConversation, localOutboxStorage, saveLastConversation } from './local-settings.js';
import { desktopE2eFeature } from './desktop-e2e.js';
import { desktopAvatars } from './desktop-avatars.js';

async function unwrap<T>(result: Promise<IpcResult<T>>): Promise<T> {
  const answer = await result;
  if (answer.ok) return answer.value;
  throw new Error(answer.error.message);
}

/** Fire-and-forget calls (notify, badge) log a refusal instead of throwing into the UI. */
function quietly(what: string, result: Promise<IpcResult<unknown>>): void {
  unwrap(result).catch((error: unknown) => console.warn(`parley: ${what} failed:`, error));
}

/** `handOver`: where a chat socket's port goes (default: the preload, through window.postMessage); tests stand in for main. */
export function createDesktopPlatform(api: ParleyApi, handOver?: MessagePortWebSocketOptions['handOver']): Platform {
  const { invoke } = api;
  const refusalListeners = new Set<(refusal: IdentityRefusal) => void>();
  const WebSocket = messagePortWebSocket({
    ...(handOver && { handOver }),
    onRefused: (refusal) => {
      for (const listener of [...refusalListeners]) listener(refusal);
    },
  });
  return {
    kind: 'desktop',
    WebSocket,
    trust: {
      check: (request) => unwrap(invoke['trust:check'](request)),
      accept: async (url, fingerprint) => {
        await unwrap(invoke['trust:accept']({ url, fingerprint }));
      },
      forget: async (url) => {
        await unwrap(invoke['trust:forget']({ url }));
      },
      follow: (request) => unwrap(invoke['trust:follow'](request)),
      onRefused: (listener) => {
        refusalListeners.add(listener);
        return () => {
          refusalListeners.delete(listener);
        };
      },
    },
    discovery: {
      status: () => unwrap(invoke['discovery:status']()),
      subscribe: (listener) => api.on('discovery:sessions-changed', listener),
    },
    hosting: {
      status: () => unwrap(invoke['host:status']()),
      start: (options) => unwrap(invoke['host:start'](options)),
      stop: () => unwrap(invoke['host:stop']()),
      subscribe: (listener) => api.on('host:status-changed', listener),
      getHostAtLogin: async () => (await unwrap(invoke['settings:get-host-at-login']())).sessionName,
      setHostAtLogin: async (enabled) => (await unwrap(invoke['settings:set-host-at-login']({ enabled }))).sessionName,
      handOverCandidates: () => unwrap(invoke['host:handover-candidates']()),
      offerHandOver: async (userId) => {
        await unwrap(invoke['host:offer-handover']({ userId }));
      },
      takeOver: (request) => unwrap(invoke['host:take-over'](request)),
    },
    files: {
      pick: () => unwrap(invoke['files:pick']()),
      pathForFile: (file) => api.pathForFile(file),
      upload: async (request) => (await unwrap(invoke['files:upload'](request))).transferId,
      download: async (request) => (await unwrap(invoke['files:download'](request)))?.transferId ?? null,
      pause: async (transferId) => {
        await unwrap(invoke['files:pause']({ transferId }));
      },
      resume: async (transferId) => {
        await unwrap(invoke['files:resume']({ transferId }));
      },
      cancel: async (transferId) => {
        await unwrap(invoke['files:cancel']({ transferId }));
      },
      open: async (transferId) => {
        await unwrap(invoke['files:open']({ transferId }));
      },
      getAutoSave: () => unwrap(invoke['settings:get-auto-save']()),
      setAutoSave: async (enabled) => {
        await unwrap(invoke['settings:set-auto-save']({ enabled }));
      },
      onProgress: (listener) => api.on('files:progress', listener),
      signedIn: async (session) => {
        await unwrap(invoke['files:signed-in'](session));
      },
    },
    // End-to-end DM keys: main holds them and signs/opens on request (desktop-e2e.ts).
    e2e: desktopE2eFeature(invoke),
    // Avatars: main fetches them over its pinned TLS; shown as blob: URLs (desktop-avatars.ts).
    avatars: desktopAvatars(invoke),
    servedSession: () => null,
    getLastSession: () => unwrap(invoke['settings:get-last-session']()),
    setLastSession: async (session) => {
      await unwrap(invoke['settings:set-last-session'](session));
    },
    saveToken: async (sessionKey, token) => {
      await unwrap(invoke['auth:save-token']({ sessionKey, token }));
    },
    loadToken: (sessionKey) => unwrap(invoke['auth:load-token']({ sessionKey })),
    forgetToken: async (sessionKey) => {
      await unwrap(invoke['auth:forget-token']({ sessionKey }));
    },
    loadLastConversation,
    saveLastConversation,
    outboxStorage: localOutboxStorage,
    // The OS decides whether Parley may notify; there is nothing to ask from here.
    notificationAccess: () => 'system',
    requestNotificationAccess: async () => 'system',
    loadNotifyLevels,
    saveNotifyLevels,
    loadNotifyPromptDismissed,
    saveNotifyPromptDismissed,
    notify: ({ title, body, conv }) => quietly('app:notify', invoke['app:notify']({ title: title.slice(0, 200), body: body.slice(0, 500), conv })),
    onOpenConversation: (listener) => api.on('app:open-conversation', ({ conv }) => listener(conv)),
    setBadge: (count) => quietly('app:set-badge', invoke['app:set-badge']({ count: Math.min(Math.max(0, Math.floor(count)), 99_999) })),
    opensLinksItself: true,
    openExternal: (url) => quietly('shell:open-external', invoke['shell:open-external']({ url })),
  };
}
