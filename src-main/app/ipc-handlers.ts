// What each invoke channel of the contract does in the main process. Every
// channel is registered through IpcRouter.handle (sender check, payload schema,
// { ok, value | error }); the table below must name every channel of the
// contract — TypeScript refuses it otherwise. The handlers only call plain
// services (host-controller, settings-store, token-store, …) that the Electron
// glue (desktop-app.ts) builds and that the tests can build with fakes.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { sanitizeFileName } from '../../src-shared/file-names.js';
import type { DiscoveryStatus, InvokeChannel } from '../../src-shared/ipc/ipc-contract.js';
import type { TransferManager } from '../transfer/file-transfers.js';
import type { OpenedFiles } from '../transfer/opened-files.js';
import type { PastedFiles } from '../transfer/pasted-files.js';
import type { TrustService } from '../trust/trust-service.js';
import type { HostController } from './host-controller.js';
import type { LoginHosting } from './login-hosting.js';
import type { SessionTakeOver } from './session-take-over.js';
import type { DesktopE2e } from './desktop-e2e.js';
import type { AvatarFetcher } from './avatar-fetcher.js';
import type { AvatarUploader } from './avatar-uploader.js';
import type { DmState } from '../../src-shared/e2e/dm-state.js';
import { E2eError } from '../../src-shared/e2e/e2e-error.js';
import { IpcError } from '../../src-shared/ipc/ipc-errors.js';
import type { InvokeHandler, IpcRouter } from './ipc-router.js';
import { safeExternalUrl, type OpenExternal } from './safe-open-url.js';
import type { SettingsStore } from './settings-store.js';
import type { TokenStore } from './token-store.js';

export interface DesktopServices {
  discoveryStatus(): DiscoveryStatus;
  host: Pick<HostController, 'start' | 'stop' | 'status' | 'hostedSession' | 'handOverCandidates' | 'offerHandOver'>;
  /** Accepting a hand-over offer, or an admin's take-over (session-take-over.ts). */
  takeOver: Pick<SessionTakeOver, 'takeOver'>;
  /** "Start Parley at login and host this session" (login-hosting.ts). */
  loginHosting: Pick<LoginHosting, 'sessionName' | 'enable' | 'disable'>;
  settings: Pick<SettingsStore, 'getLastSession' | 'setLastSession' | 'getAutoSaveDownloads' | 'setAutoSaveDownloads'>;
  tokens: Pick<TokenStore, 'save' | 'load' | 'forget'>;
  notify(notice: { title: string; body: string; conv: string }): void;
  setBadge(count: number): void;
  openExternal: OpenExternal;
  files: FileServices;
  /** Which session is at an address (src-main/trust/trust-service.ts). */
  trust: Pick<TrustService, 'check' | 'accept' | 'forget' | 'follow'>;
  /** This device's end-to-end DM keys and state (desktop-e2e.ts). */
  e2e: Pick<DesktopE2e, 'device' | 'sign' | 'openKey' | 'loadState' | 'saveState' | 'protection'>;
  /** Avatar pictures fetched over main's pinned TLS (avatar-fetcher.ts). */
  avatars: Pick<AvatarFetcher, 'get'>;
  /** My own avatar put to the host over main's pinned TLS (avatar-uploader.ts). */
  myAvatar: Pick<AvatarUploader, 'set'>;
}

/** What files:* needs beyond the TransferManager: the Electron parts (dialogs, folders, shell). */
export interface FileServices {
  transfers: TransferManager;
  /** Pasted files' private temporary copies (files:upload `pasted`). */
  pasted: Pick<PastedFiles, 'upload'>;
  /** Open on a card: downloads into a private cache and opens (files:download `open`). */
  opened: Pick<OpenedFiles, 'open'>;
  /** Native open dialog, multi-select; the chosen paths ([] when cancelled). */
  showOpenDialog(): Promise<string[]>;
  /** Native save dialog starting at `defaultPath`; the chosen path or null when cancelled. */
  showSaveDialog(defaultPath: string): Promise<string | null>;
  /** The downloads folder. */
  downloadsDir(): string;
  /** shell.openPath: resolves with '' on success or an error message. */
  openPath(file: string): Promise<string>;
}

async function dialog<T>(task: () => Promise<T>): Promise<T> {
  try {
    return await task();
  } catch (error) {
    throw new IpcError('dialog_failed', `Could not show the file dialog: ${error instanceof Error ? error.message : String(error)}`);
  }
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

/** e2e:*: an E2eError crosses with its own code and message (which never carry key material). */
async function e2e<T>(task: () => Promise<T>): Promise<T> {
  try {
    return await task();
  } catch (error) {
    if (error instanceof E2eError) throw new IpcError(error.code, error.message);
    throw error;
  }
}

export function ipcHandlers(services: DesktopServices): { [C in InvokeChannel]: InvokeHandler<C> } {
  return {
    'discovery:status': () => services.discoveryStatus(),
    'host:start': (payload) => services.host.start(payload),
    'host:stop': () => services.host.stop(),
    'host:status': () => services.host.status(),
    'host:handover-candidates': () => services.host.handOverCandidates(),
    'host:offer-handover': ({ userId }) => {
      services.host.offerHandOver(userId);
      return null;
    },
    'host:take-over': (request) => services.takeOver.takeOver(request),
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
    'files:pick': async () => {
      const chosen = await dialog(() => services.files.showOpenDialog());
      return services.files.transfers.registerPicks(chosen);
    },
    'files:upload': async ({ pickToken, droppedPath, pasted, conv, clientMsgId, hostHttpBase, token, thumbnail, caption, e2e }) => {
      const { transfers } = services.files;
      const request = { conv, clientMsgId, hostHttpBase, token, ...(thumbnail !== undefined && { thumbnail }), ...(caption && { caption }), ...(e2e && { e2e }) };
      if (pasted !== undefined) return { transferId: await services.files.pasted.upload(transfers, pasted, request) };
      const file = pickToken !== undefined ? transfers.takePick(pickToken) : await transfers.checkDroppedPath(droppedPath ?? '');
      return { transferId: transfers.upload({ ...request, path: file }) };
    },
    'files:download': async ({ file, hostHttpBase, token, saveAs, open, e2e }) => {
      if (open) {
        const transferId = await services.files.opened.open({ file, hostHttpBase, token, ...(e2e && { e2e }) });
        return transferId === null ? null : { transferId };
      }
      const downloads = services.files.downloadsDir();
      // An encrypted file's real name is in its message, not in the host's record ("encrypted file").
      const name = sanitizeFileName(e2e?.name ?? file.name);
      let target = path.join(downloads, name);
      if (saveAs || !services.settings.getAutoSaveDownloads()) {
        const chosen = await dialog(() => services.files.showSaveDialog(target));
        if (chosen === null) return null;
        target = path.resolve(chosen);
      } else {
        // A fresh profile may not have its downloads folder yet.
        await fsp.mkdir(downloads, { recursive: true });
      }
      // An existing file at the chosen name is never replaced: it becomes "name (1).ext".
      const transferId = services.files.transfers.download({
        file,
        hostHttpBase,
        token,
        dir: path.dirname(target),
        name: path.basename(target),
        ...(e2e && { e2e: { key: e2e.key, bindingId: e2e.bindingId } }),
      });
      return { transferId };
    },
    'files:pause': async ({ transferId }) => {
      await services.files.transfers.pause(transferId);
      return null;
    },
    'files:resume': ({ transferId }) => {
      services.files.transfers.resume(transferId);
      return null;
    },
    'files:cancel': async ({ transferId }) => {
      await services.files.transfers.cancel(transferId);
      return null;
    },
    'files:open': async ({ transferId }) => {
      const saved = services.files.transfers.savedPath(transferId);
      const problem = await services.files.openPath(saved);
      if (problem) throw new IpcError('not_allowed', `Could not open ${path.basename(saved)}: ${problem}`);
      return null;
    },
    'files:signed-in': (payload) => {
      services.files.transfers.signedIn(payload);
      return null;
    },
    'settings:get-auto-save': () => services.settings.getAutoSaveDownloads(),
    'settings:set-auto-save': ({ enabled }) => {
      storing('the download setting', () => services.settings.setAutoSaveDownloads(enabled));
      return null;
    },
    'settings:get-host-at-login': () => ({ sessionName: services.loginHosting.sessionName() }),
    'settings:set-host-at-login': ({ enabled }) => {
      if (!enabled) {
        storing('the login setting', () => services.loginHosting.disable());
      } else {
        const hosted = services.host.hostedSession();
        if (!hosted) throw new IpcError('not_hosting', 'Host a session first: Parley starts at login to host the session you host now.');
        // At login Parley hosts a session by its name's folder; a session taken over lives in a folder of its own (session-take-over.ts).
        if (hosted.takenOver) throw new IpcError('not_allowed', 'Parley cannot yet start at login with a session taken over from another computer. Keep Parley open while you host it.');
        storing('the login setting', () => services.loginHosting.enable(hosted));
      }
      return { sessionName: services.loginHosting.sessionName() };
    },
    'trust:check': (payload) => services.trust.check(payload),
    'trust:accept': ({ url, fingerprint }) => {
      services.trust.accept(url, fingerprint);
      return null;
    },
    'trust:forget': ({ url }) => {
      services.trust.forget(url);
      return null;
    },
    'trust:follow': (payload) => services.trust.follow(payload),
    'e2e:device': ({ account }) => e2e(() => services.e2e.device(account)),
    'e2e:sign': ({ account, bytes }) => e2e(() => services.e2e.sign(account, bytes)),
    'e2e:open-key': ({ account, enc, key, info }) => e2e(() => services.e2e.openKey(account, { enc, key, info })),
    'e2e:load-state': ({ account }) => e2e(() => services.e2e.loadState(account)),
    'e2e:save-state': async ({ account, state }) => {
      await e2e(() => services.e2e.saveState(account, state as DmState));
      return null;
    },
    'e2e:protection': () => services.e2e.protection(),
    'avatar:get': (request) => services.avatars.get(request),
    'avatar:set': (change) => services.myAvatar.set(change),
  };
}

/** Registers every channel of the contract on `router`. */
export function registerIpcHandlers(router: IpcRouter, services: DesktopServices): void {
  const handlers = ipcHandlers(services);
  for (const channel of Object.keys(handlers) as InvokeChannel[]) {
    router.handle(channel, handlers[channel] as InvokeHandler<typeof channel>);
  }
}
