// What each invoke channel of the contract does in the main process. Every
// channel is registered through IpcRouter.handle (sender check, payload schema,
// { ok, value | error }); the table below must name every channel of the
// contract — TypeScript refuses it otherwise. The handlers only call plain
// services (host-controller, settings-store, token-store, …) that the Electron
// glue (desktop-app.ts) builds and that the tests can build with fakes.
import type { DiscoveryStatus, InvokeChannel } from '../../src-shared/ipc/ipc-contract.js';
import type { HostController } from './host-controller.js';
import { IpcError } from './ipc-errors.js';
import type { InvokeHandler, IpcRouter } from './ipc-router.js';
import { safeExternalUrl, type OpenExternal } from './safe-open-url.js';
import type { SettingsStore } from './settings-store.js';
import type { TokenStore } from './token-store.js';

export interface DesktopServices {
  discoveryStatus(): DiscoveryStatus;
  host: Pick<HostController, 'start' | 'stop' | 'status'>;
  settings: Pick<SettingsStore, 'getLastSession' | 'setLastSession'>;
  tokens: Pick<TokenStore, 'save' | 'load' | 'forget'>;
  notify(notice: { title: string; body: string; conv: string }): void;
  setBadge(count: number): void;
  openExternal: OpenExternal;
}

/** Disk trouble in settings or tokens: say what failed, keep the app running. */
function storing<T>(what: string, task: () => T): T {
  try {
    return task();
  } catch (error) {
    if (error instanceof IpcError) throw error;
    throw new IpcError('storage_failed', `Could not save ${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function ipcHandlers(services: DesktopServices): { [C in InvokeChannel]: InvokeHandler<C> } {
  return {
    'discovery:status': () => services.discoveryStatus(),
    'host:start': (payload) => services.host.start(payload),
    'host:stop': () => services.host.stop(),
    'host:status': () => services.host.status(),
    'settings:get-last-session': () => services.settings.getLastSession(),
    'settings:set-last-session': (payload) => {
      storing('the last session', () => services.settings.setLastSession(payload));
      return null;
    },
    'auth:save-token': ({ sessionKey, token }) => {
      storing('the sign-in token', () => services.tokens.save(sessionKey, token));
      return null;
    },
    'auth:load-token': ({ sessionKey }) => services.tokens.load(sessionKey),
    'auth:forget-token': ({ sessionKey }) => {
      storing('the sign-in tokens', () => services.tokens.forget(sessionKey));
      return null;
    },
    'app:notify': (payload) => {
      services.notify(payload);
      return null;
    },
    'app:set-badge': ({ count }) => {
      services.setBadge(count);
      return null;
    },
    'shell:open-external': async ({ url }) => {
      const safe = safeExternalUrl(url);
      if (safe === null) {
        throw new IpcError('url_not_allowed', 'Only web (http, https) and mailto links can be opened from Parley.');
      }
      await services.openExternal(safe);
      return null;
    },
  };
}

/** Registers every channel of the contract on `router`. */
export function registerIpcHandlers(router: IpcRouter, services: DesktopServices): void {
  const handlers = ipcHandlers(services);
  for (const channel of Object.keys(handlers) as InvokeChannel[]) {
    router.handle(channel, handlers[channel] as InvokeHandler<typeof channel>);
  }
}
