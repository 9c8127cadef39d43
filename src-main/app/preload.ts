// The preload of the app window: puts `window.parley` (ParleyApi, the IPC
// contract's type) into the page through contextBridge (CONVENTIONS.md #4).
//  - One named function per invoke channel (`parley.invoke['host:start'](…)`),
//    each doing exactly one ipcRenderer.invoke on its own channel.
//  - `on(channel, listener)` accepts only the contract's event channels and
//    hands the listener the payload alone — never the IpcRendererEvent, whose
//    `sender` would be ipcRenderer itself.
//  - ipcRenderer is never exposed.
//  - The chat socket's MessagePort (src-shared/ipc/chat-socket-port.ts) cannot
//    cross contextBridge; the page posts it to its own window instead and the
//    preload forwards it to main (Electron's documented pattern for ports
//    under contextIsolation): forwardChatSockets below.
// Runs sandboxed (only `electron`'s renderer modules can be required), so it is
// bundled as CommonJS on its own (dist/main/preload.cjs). It imports the
// contract for types only: the channel lists below are checked against it by
// TypeScript (a missing or extra channel does not compile) and by
// test/main/preload.test.ts, so the preload does not carry zod.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { EventChannel, EventPayload, InvokeChannel, ParleyApi } from '../../src-shared/ipc/ipc-contract.js';
import type { CHAT_SOCKET_CHANNEL as ChatSocketChannel } from '../../src-shared/ipc/chat-socket-port.js';

/** The same string as the contract's (checked by its type), without bundling zod into the preload. */
const CHAT_SOCKET_CHANNEL: typeof ChatSocketChannel = 'chat:open-socket';

const INVOKE_CHANNELS = {
  'discovery:status': true,
  'host:start': true,
  'host:stop': true,
  'host:status': true,
  'host:handover-candidates': true,
  'host:offer-handover': true,
  'host:take-over': true,
  'settings:get-last-session': true,
  'settings:set-last-session': true,
  'auth:save-token': true,
  'auth:load-token': true,
  'auth:forget-token': true,
  'app:notify': true,
  'app:set-badge': true,
  'shell:open-external': true,
  'files:pick': true,
  'files:upload': true,
  'files:download': true,
  'files:pause': true,
  'files:resume': true,
  'files:cancel': true,
  'files:open': true,
  'files:signed-in': true,
  'settings:get-auto-save': true,
  'settings:set-auto-save': true,
  'settings:get-host-at-login': true,
  'settings:set-host-at-login': true,
  'trust:check': true,
  'trust:accept': true,
  'trust:forget': true,
  'trust:follow': true,
  'e2e:device': true,
  'e2e:sign': true,
  'e2e:open-key': true,
  'e2e:load-state': true,
  'e2e:save-state': true,
  'e2e:protection': true,
  'avatar:get': true,
  'avatar:set': true,
} as const satisfies Record<InvokeChannel, true>;

const EVENT_CHANNELS = {
  'discovery:sessions-changed': true,
  'host:status-changed': true,
  'app:open-conversation': true,
  'files:progress': true,
} as const satisfies Record<EventChannel, true>;

export const invokeChannelNames = Object.keys(INVOKE_CHANNELS) as InvokeChannel[];
export const eventChannelNames = Object.keys(EVENT_CHANNELS) as EventChannel[];

/** The parts of ipcRenderer the API is built from (tests pass a fake). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  postMessage(channel: string, message: unknown, transfer?: unknown[]): void;
}

const isEventChannel = (channel: unknown): channel is EventChannel =>
  typeof channel === 'string' && Object.prototype.hasOwnProperty.call(EVENT_CHANNELS, channel);

/** Electron's webUtils.getPathForFile (tests pass a fake). */
export type PathForFile = (file: object) => string;

export function createParleyApi(ipc: IpcRendererLike, platform: string, getPathForFile: PathForFile = () => ''): ParleyApi {
  const invoke: Record<string, (payload?: unknown) => Promise<unknown>> = {};
  for (const channel of invokeChannelNames) {
    // Exactly one argument crosses, whatever the page passes.
    invoke[channel] = (payload?: unknown) => ipc.invoke(channel, payload);
  }
  return {
    kind: 'desktop',
    platform,
    invoke: Object.freeze(invoke) as unknown as ParleyApi['invoke'],
    on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void {
      if (!isEventChannel(channel)) throw new TypeError(`parley.on: ${String(channel)} is not an event channel`);
      if (typeof listener !== 'function') throw new TypeError('parley.on: listener must be a function');
      const wrapped = (_event: unknown, payload: unknown) => listener(payload as EventPayload<C>);
      ipc.on(channel, wrapped);
      return () => {
        ipc.removeListener(channel, wrapped);
      };
    },
    // A dropped File's path, for files:upload's droppedPath; main checks it is a regular file.
    pathForFile(file: object): string {
      try {
        return getPathForFile(file);
      } catch {
        return '';
      }
    },
  };
}

/** The parts of the window the preload listens on (tests pass a fake). */
export interface MessageSourceWindow {
  addEventListener(type: 'message', listener: (event: { source: unknown; data: unknown; ports: readonly unknown[] }) => void): void;
}

/**
 * Forwards `window.postMessage({ parley: CHAT_SOCKET_CHANNEL, url }, origin, [port])`
 * from the page itself to main, with the port. Anything else — another
 * source (a frame), another shape, not exactly one port — is ignored; main
 * checks the URL and the sender frame again.
 */
export function forwardChatSockets(target: MessageSourceWindow, ipc: Pick<IpcRendererLike, 'postMessage'>): void {
  target.addEventListener('message', (event) => {
    if (event.source !== target || event.ports.length !== 1) return;
    const data = event.data as { parley?: unknown; url?: unknown } | null;
    if (typeof data !== 'object' || data === null || data.parley !== CHAT_SOCKET_CHANNEL || typeof data.url !== 'string') return;
    ipc.postMessage(CHAT_SOCKET_CHANNEL, { url: data.url }, [event.ports[0]]);
  });
}

// In the real preload `contextBridge` exists; under the tests' fake electron it
// does too, and the tests read what was exposed.
contextBridge.exposeInMainWorld(
  'parley',
  createParleyApi(ipcRenderer as unknown as IpcRendererLike, process.platform, (file) => webUtils.getPathForFile(file as File)),
);

// The window exists in the real preload; the Node tests call forwardChatSockets with a fake.
// (main's tsconfig has no DOM types: the page's window is reached through globalThis.)
const pageWindow = (globalThis as { window?: MessageSourceWindow }).window;
if (pageWindow) forwardChatSockets(pageWindow, ipcRenderer as unknown as IpcRendererLike);
