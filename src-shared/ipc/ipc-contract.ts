// The one IPC contract between Electron's main process and the renderer
// (CONVENTIONS.md #2–#4): every channel name, in `domain:verb` style, with the
// zod schema of its payload and the type of its result. Main registers each
// invoke channel through one wrapper that checks the sender and parses the
// payload with these schemas; the preload exposes one named function per
// channel as `window.parley` (type ParleyApi below), never ipcRenderer itself.
//
// The shapes the channels carry live beside it, one file per domain, and are
// re-exported from here, so this file stays the one place to import from.
import { z } from 'zod';
import { E2E_MAX_ENVELOPE_BYTES, PASSCODE_MAX_CHARS, SESSION_NAME_MAX_CHARS } from '../limits.js';
import { deviceBundleSchema } from '../e2e/device-bundle-format.js';
import { fileInfo, userInfo } from '../protocol/frames.js';
import { discoveryStatus, handOverCandidate, hostAtLogin, hostStatus, lastSession } from './ipc-session-shapes.js';
import { dmFileDownload, fileProgress, fileUploadRequest, hostHttpBase, pickedFile, transferId } from './ipc-file-shapes.js';
import { fingerprint, trustCheck, trustCheckRequest, trustFollow, trustFollowRequest } from './ipc-trust-shapes.js';
import { bytesResult, bytesUpTo, e2eAccount, e2eProtection, savedDmState } from './ipc-e2e-shapes.js';
import { avatarChange, avatarImage, avatarRequest } from './ipc-avatar-shapes.js';

export * from './ipc-session-shapes.js';
export * from './ipc-file-shapes.js';
export * from './ipc-trust-shapes.js';
export * from './ipc-e2e-shapes.js';
export * from './ipc-avatar-shapes.js';

// ---------------------------------------------------------------- invoke channels (renderer → main)

export const invokeChannels = {
  'discovery:status': { payload: z.undefined(), result: discoveryStatus },
  'host:start': {
    payload: z.object({
      sessionName: z.string().trim().min(1).max(SESSION_NAME_MAX_CHARS),
      passcode: z.string().min(1).max(PASSCODE_MAX_CHARS).optional(),
    }),
    result: hostStatus,
  },
  'host:stop': { payload: z.undefined(), result: hostStatus },
  'host:status': { payload: z.undefined(), result: hostStatus },
  /** Who the hosted session can be handed over to now ([] when not hosting). */
  'host:handover-candidates': { payload: z.undefined(), result: z.array(handOverCandidate) },
  /**
   * Offers the hosted session to that person; their app asks them. Returns at
   * once: host:status-changed says "handed over" once they accepted.
   */
  'host:offer-handover': { payload: z.object({ userId: z.number().int().min(1) }), result: z.null() },
  /**
   * This app takes over the session its window is signed in to: main opens its
   * own pinned connection to `url` resumed with `token`, fetches the session
   * and hosts it (issue 11). `offer`: the host's hand-over offer being
   * accepted; absent: an admin's take-over. Resolves once everyone moved here.
   */
  'host:take-over': {
    payload: z.object({
      url: trustCheckRequest.shape.url,
      token: z.string().min(1).max(512),
      offer: z.string().min(1).max(64).optional(),
    }),
    result: hostStatus,
  },
  'settings:get-last-session': { payload: z.undefined(), result: lastSession.nullable() },
  'settings:set-last-session': { payload: lastSession.nullable(), result: z.null() },
  /** Resume tokens are kept encrypted with Electron safeStorage where available. */
  'auth:save-token': { payload: z.object({ sessionKey: z.string().min(1).max(512), token: z.string().min(1).max(512) }), result: z.null() },
  'auth:load-token': { payload: z.object({ sessionKey: z.string().min(1).max(512) }), result: z.string().nullable() },
  'auth:forget-token': { payload: z.object({ sessionKey: z.string().min(1).max(512) }), result: z.null() },
  'app:notify': {
    payload: z.object({ title: z.string().max(200), body: z.string().max(500), conv: z.string().max(64) }),
    result: z.null(),
  },
  'app:set-badge': { payload: z.object({ count: z.number().int().min(0).max(99_999) }), result: z.null() },
  /** Opens http(s)/mailto links in the system browser; anything else is refused. */
  'shell:open-external': { payload: z.object({ url: z.string().max(4096) }), result: z.null() },
  /** Native open dialog (multi-select); [] when the person cancels. */
  'files:pick': { payload: z.undefined(), result: z.array(pickedFile) },
  /** Starts sending a picked, dropped or pasted file; returns at once, progress comes as files:progress. */
  'files:upload': { payload: fileUploadRequest, result: z.object({ transferId }) },
  /**
   * Saves a file from the host: a native save dialog, unless auto-save to the
   * downloads folder is on. null when the person cancelled the dialog.
   * `open`: Open instead of Save — no dialog; main downloads into its private
   * cache and opens the file with the system's app when done (`saveAs` is
   * ignored). null then means it was in the cache already and opened at once.
   */
  'files:download': {
    payload: z.object({ file: fileInfo, hostHttpBase, token: z.string().min(1).max(512), saveAs: z.boolean(), open: z.boolean().optional(), e2e: dmFileDownload.optional() }),
    result: z.object({ transferId }).nullable(),
  },
  'files:pause': { payload: z.object({ transferId }), result: z.null() },
  'files:resume': { payload: z.object({ transferId }), result: z.null() },
  'files:cancel': { payload: z.object({ transferId }), result: z.null() },
  /** Opens a download main itself finished writing; anything else is refused. */
  'files:open': { payload: z.object({ transferId }), result: z.null() },
  /**
   * The renderer signed in (every sign-in and resume): who, in which session,
   * at which address, with which token. Main journals the transfers started
   * with that token, and resumes the ones an earlier run of the app left
   * unfinished for this session and person (their files:progress follow).
   */
  'files:signed-in': {
    payload: z.object({ sessionId: z.string().min(1).max(512), userId: z.number().int().positive(), hostHttpBase, token: z.string().min(1).max(512) }),
    result: z.null(),
  },
  'settings:get-auto-save': { payload: z.undefined(), result: z.boolean() },
  'settings:set-auto-save': { payload: z.object({ enabled: z.boolean() }), result: z.null() },
  /**
   * "Start Parley at login and host this session": which session is hosted at
   * login (null: off). Set turns it on for the session hosted now (refused,
   * 'not_hosting', when nothing is) or off; a passcode stays in main, encrypted
   * (refused, 'no_keyring', where it could not be).
   */
  'settings:get-host-at-login': { payload: z.undefined(), result: hostAtLogin },
  'settings:set-host-at-login': { payload: z.object({ enabled: z.boolean() }), result: hostAtLogin },
  /**
   * Reads the certificate the host at `url` presents (a TLS handshake that
   * sends nothing) and decides whether to trust it (src-main/trust/trust-service.ts).
   * Unreachable: the error 'unreachable', whose message says what to check.
   */
  'trust:check': { payload: trustCheckRequest, result: trustCheck },
  /**
   * The person confirmed a first contact: remember the identity the last
   * trust:check saw at that address. Refused ('not_pending') when it is not that one.
   */
  'trust:accept': { payload: z.object({ url: trustCheckRequest.shape.url, fingerprint }), result: z.null() },
  /** Forgets what was trusted at that address (a deliberate step after an identity changed). */
  'trust:forget': { payload: z.object({ url: trustCheckRequest.shape.url }), result: z.null() },
  /**
   * The session joined at `from` came back at `to` (discovery): trust `to`
   * for it when the host there presents the same identity — no question
   * asked, the key proves it (src-main/trust/session-move.ts). 'not_followed'
   * or 'unreachable' otherwise.
   */
  'trust:follow': { payload: trustFollowRequest, result: trustFollow },
  /**
   * This device for an end-to-end account (src-main/app/desktop-e2e.ts): main
   * loads its keys, making them on first use, and answers with the public,
   * self-signed bundle only. The secret keys never cross (device-keyring.ts).
   */
  'e2e:device': { payload: z.object({ account: e2eAccount }), result: z.object({ bundle: deviceBundleSchema }) },
  /** Ed25519 signature of an envelope this device sends (only envelope-signature bytes are signed; 'malformed' otherwise). */
  'e2e:sign': {
    payload: z.object({ account: e2eAccount, bytes: bytesUpTo(E2E_MAX_ENVELOPE_BYTES, 'what is signed') }),
    result: bytesResult,
  },
  /** The content key of an envelope, opened with this device's key (HPKE; 'decrypt_failed' when not sealed to it). */
  'e2e:open-key': {
    payload: z.object({
      account: e2eAccount,
      enc: bytesUpTo(32, 'enc'),
      key: bytesUpTo(72, 'the sealed key'),
      info: bytesUpTo(E2E_MAX_ENVELOPE_BYTES, 'info'),
    }),
    result: bytesResult,
  },
  /** The DM crypto service's saved state of the account (undefined: none yet); the service checks it. */
  'e2e:load-state': { payload: z.object({ account: e2eAccount }), result: z.unknown() },
  'e2e:save-state': { payload: z.object({ account: e2eAccount, state: savedDmState }), result: z.null() },
  /** 'os-keychain': the keys are sealed with safeStorage; 'file': no keychain here, a file only this user can read. */
  'e2e:protection': { payload: z.undefined(), result: e2eProtection },
  /**
   * A person's avatar picture (src-main/app/avatar-fetcher.ts): main fetches
   * `/api/avatars/<hash>` from the host over its pinned TLS, checks it and
   * keeps it in memory by hash. null: the host has no such avatar (its owner
   * changed it). 'avatar_invalid' or 'avatar_unavailable' otherwise; the
   * window shows initials either way.
   */
  'avatar:get': { payload: avatarRequest, result: avatarImage.nullable() },
  /**
   * Sets (or with image null removes) my own avatar (src-main/app/avatar-uploader.ts):
   * main checks the picture by the avatar rules and puts it to `/api/avatar`
   * over its pinned TLS. My UserInfo as the host now has it; 'avatar_invalid'
   * with the sentence to show, or 'avatar_unavailable' when the host could not be reached.
   */
  'avatar:set': { payload: avatarChange, result: userInfo },
} as const;

export type InvokeChannel = keyof typeof invokeChannels;
export type InvokePayload<C extends InvokeChannel> = z.input<(typeof invokeChannels)[C]['payload']>;
export type InvokeResult<C extends InvokeChannel> = z.infer<(typeof invokeChannels)[C]['result']>;

/** What every invoke returns across the bridge (Signal's wrapResult). */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

// ---------------------------------------------------------------- event channels (main → renderer)

export const eventChannels = {
  'discovery:sessions-changed': discoveryStatus,
  'host:status-changed': hostStatus,
  /** The person clicked a notification: open this conversation. */
  'app:open-conversation': z.object({ conv: z.string() }),
  /** Progress and state changes of uploads and downloads main runs. */
  'files:progress': fileProgress,
} as const;

export type EventChannel = keyof typeof eventChannels;
export type EventPayload<C extends EventChannel> = z.infer<(typeof eventChannels)[C]>;

// ---------------------------------------------------------------- window.parley

type Invoker<C extends InvokeChannel> = InvokePayload<C> extends undefined
  ? () => Promise<IpcResult<InvokeResult<C>>>
  : (payload: InvokePayload<C>) => Promise<IpcResult<InvokeResult<C>>>;

/**
 * What the preload exposes as `window.parley`. In a browser it is absent and
 * the renderer's web platform provides the same features where it can.
 */
export interface ParleyApi {
  readonly kind: 'desktop';
  readonly platform: string;
  invoke: { [C in InvokeChannel]: Invoker<C> };
  /** Subscribes to a main → renderer event; returns the unsubscribe function. */
  on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void;
  /**
   * The path of a File the person dropped (Electron's webUtils.getPathForFile);
   * '' when it has none. Only used to pass a dropped file to files:upload.
   */
  pathForFile(file: object): string;
}

