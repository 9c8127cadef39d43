// The one IPC contract between Electron's main process and the renderer
// (CONVENTIONS.md #2–#4): every channel name, in `domain:verb` style, with the
// zod schema of its payload and the type of its result. Main registers each
// invoke channel through one wrapper that checks the sender and parses the
// payload with these schemas; the preload exposes one named function per
// channel as `window.parley` (type ParleyApi below), never ipcRenderer itself.
import { z } from 'zod';
import { E2E_ACCOUNT_SESSION_ID_MAX_CHARS, E2E_MAX_DM_STATE_BYTES, E2E_MAX_ENVELOPE_BYTES, FILE_CAPTION_MAX_UTF16, FILE_TYPE_MAX_CHARS, PASSCODE_MAX_CHARS, PASTED_FILE_MAX_BYTES, SESSION_NAME_MAX_CHARS } from '../limits.js';
import { deviceBundleSchema } from '../e2e/device-bundle-format.js';
import { dmStateSchema } from '../e2e/dm-state.js';
import { conversationKey, fileInfo } from '../protocol/frames.js';

// ---------------------------------------------------------------- shared shapes

/** A session found on the LAN by mDNS (`_parley._tcp`). */
export const discoveredSession = z.object({
  /** Session id from the TXT record (stable across host restarts). */
  id: z.string(),
  name: z.string(),
  /** Host name as advertised (e.g. "alice-laptop.local"). */
  hostName: z.string(),
  /** Addresses the service resolved to, IPv4 first. */
  addresses: z.array(z.string()),
  port: z.number().int(),
  /** People online, from the TXT record (refreshed as it changes). */
  online: z.number().int().min(0),
  protocol: z.number().int(),
  /** Signing in needs the session's passcode (TXT `passcode=1`). */
  passcodeRequired: z.boolean(),
  /** The session identity from TXT `fp` (64 hex digits): what a client pins; absent for a host run with --plain. */
  identity: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  /** wss://ADDRESS:PORT/ws for the first address (ws:// for a --plain host, which announces no identity). */
  url: z.string(),
});
export type DiscoveredSession = z.infer<typeof discoveredSession>;

export const discoveryStatus = z.object({
  /** Browsing is running (false if mDNS could not start: say why in `problem`). */
  browsing: z.boolean(),
  problem: z.string().nullable(),
  /** The network interfaces being browsed on, so the UI can say what it sees. */
  interfaces: z.array(z.object({ name: z.string(), address: z.string() })),
  sessions: z.array(discoveredSession),
});
export type DiscoveryStatus = z.infer<typeof discoveryStatus>;

export const hostStatus = z.object({
  running: z.boolean(),
  sessionName: z.string().nullable(),
  port: z.number().int().nullable(),
  /** https://ADDRESS:PORT/ for every LAN address, for people joining from a browser. */
  urls: z.array(z.string()),
  /** wss://127.0.0.1:PORT/ws — what this app itself connects to. */
  localUrl: z.string().nullable(),
  passcodeRequired: z.boolean(),
  /** The hosted session's identity (64 hex digits): this app trusts its own session by it. */
  identity: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  /**
   * Who this app handed the session over to (issue 11): set from the moment
   * everyone moved to their computer (while this one still passes on the
   * shared files) and kept once hosting stopped, so the card can say so.
   */
  handedOverTo: z.string().nullable().optional(),
  /** The last hand-over offer made from here and how it stands (until the session moved, or hosting stopped). */
  handOverOffer: z.object({ to: z.string(), state: z.enum(['offered', 'declined']) }).nullable().optional(),
});
export type HostStatus = z.infer<typeof hostStatus>;

/** Someone the hosted session can be handed over to: online in an app that can host (admins first). */
export const handOverCandidate = z.object({ id: z.number().int(), name: z.string(), isAdmin: z.boolean() });
export type HandOverCandidate = z.infer<typeof handOverCandidate>;

export const lastSession = z.object({
  url: z.string().max(512),
  sessionId: z.string().max(128).nullable(),
  sessionName: z.string().max(SESSION_NAME_MAX_CHARS),
  userName: z.string().max(64),
});
export type LastSession = z.infer<typeof lastSession>;

/** Which session the app hosts when started at login; null when that is off. */
export const hostAtLogin = z.object({ sessionName: z.string().nullable() });
export type HostAtLoginSetting = z.infer<typeof hostAtLogin>;

// ---------------------------------------------------------------- files (desktop: streamed from/to disk by main)

/** Main's id of one upload or download it runs. */
export const transferId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/**
 * A file the person chose in the native open dialog. `token` is an opaque id
 * main keeps for the chosen path: the renderer never sees or sends the path.
 */
export const pickedFile = z.object({
  token: z.string(),
  name: z.string(),
  size: z.number().int().min(0),
  /** MIME type guessed from the extension; '' when unknown (the host decides). */
  type: z.string(),
});
export type PickedFile = z.infer<typeof pickedFile>;

/** http://ADDRESS:PORT of the session host (no path). */
const hostHttpBase = z
  .string()
  .max(512)
  .regex(/^https?:\/\/[^/?#\s]+\/?$/, 'expected http://host:port');

export const transferState = z.enum(['queued', 'running', 'paused', 'failed', 'done', 'cancelled']);
export type TransferState = z.infer<typeof transferState>;

export const fileProgress = z.object({
  transferId,
  kind: z.enum(['upload', 'download']),
  state: transferState,
  /** Shown on the card. */
  name: z.string(),
  bytes: z.number().min(0),
  total: z.number().min(0),
  bytesPerSecond: z.number().min(0),
  secondsLeft: z.number().min(0).nullable(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  /** Where a finished download was saved (for "Saved to …"; opening goes through files:open). */
  path: z.string().optional(),
  /** Uploads: the conversation and client message id the renderer started it with. */
  conv: z.string().optional(),
  clientMsgId: z.string().optional(),
  /** Downloads: the host's file id. */
  fileId: z.string().optional(),
  /** Downloads: made to be opened (Open), into main's private cache; main opens it when done. */
  open: z.boolean().optional(),
});
export type FileProgress = z.infer<typeof fileProgress>;

const clientMsgIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** What a person reads when a pasted file is over PASTED_FILE_MAX_BYTES (the renderer says it first; main's check says the same). */
export const PASTED_FILE_TOO_BIG = `Pasted files can be at most ${PASTED_FILE_MAX_BYTES / 1024 ** 2} MiB. Save it to disk and drag it into the window instead.`;

/**
 * A pasted file (an image from the clipboard: no place on disk). Its bytes
 * cross whole (structured clone); main writes them to a private temporary
 * file, uploads that like a dropped file and deletes it when the upload is done
 * or cancelled.
 */
export const pastedFile = z.object({
  /** The File's name ('' for some clipboards); main sanitises it. */
  name: z.string().max(1024),
  /** The File's MIME type ('' when unknown): gives a nameless paste its extension. */
  type: z.string().max(FILE_TYPE_MAX_CHARS),
  bytes: z.instanceof(Uint8Array).refine((bytes) => bytes.byteLength <= PASTED_FILE_MAX_BYTES, { message: PASTED_FILE_TOO_BIG }),
});
export type PastedFile = z.infer<typeof pastedFile>;

/** An encrypted DM file's key (32 bytes, base64url), from the renderer's DmSession to main: memory only, never logged. */
const dmFileKey = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'expected base64url of 32 bytes');

export const fileUploadRequest = z
  .object({
    /** From files:pick. */
    pickToken: z.string().max(64).optional(),
    /**
     * A dropped file's path (parley.pathForFile(file) in the preload, Electron's
     * webUtils.getPathForFile); main checks it is an absolute path to a regular file.
     */
    droppedPath: z.string().min(1).max(4096).optional(),
    /** A pasted file's bytes (no path on disk). */
    pasted: pastedFile.optional(),
    conv: conversationKey,
    clientMsgId: clientMsgIdSchema,
    hostHttpBase,
    /** The renderer's resume token: main signs its own short-lived connection in with it. */
    token: z.string().min(1).max(512),
    thumbnail: z.string().max(64 * 1024).optional(),
    /** The message text shown with the file (the composer's text, on the first of its files): file.begin / file.offer `text`. */
    caption: z.string().max(FILE_CAPTION_MAX_UTF16).optional(),
    /**
     * A file in an end-to-end encrypted DM (src-shared/e2e/dm-file.ts): the
     * envelope made by prepareDmFile for this clientMsgId and the file key;
     * main encrypts the file before upload. No thumbnail then (its preview is in the envelope).
     */
    e2e: z.object({ envelope: z.string().min(1).max(E2E_MAX_ENVELOPE_BYTES), key: dmFileKey }).optional(),
  })
  .refine((r) => [r.pickToken, r.droppedPath, r.pasted].filter((source) => source !== undefined).length === 1, {
    message: 'exactly one of pickToken, droppedPath or pasted',
  })
  .refine((r) => r.e2e === undefined || r.thumbnail === undefined, { message: 'an encrypted file has no thumbnail (its preview goes inside the envelope)' })
  .refine((r) => r.e2e === undefined || r.caption === undefined, { message: 'an encrypted file has no caption (send the text as its own encrypted message)' });

/** An encrypted DM file to download: from its decrypted message, the key, the message's clientMsgId and the real name. */
export const dmFileDownload = z.object({ key: dmFileKey, bindingId: clientMsgIdSchema, name: z.string().min(1).max(1024) });

// ---------------------------------------------------------------- trust (desktop: main checks each host's identity)

const fingerprint = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * What main found at a session's address before anything is sent to it
 * (src-main/trust/session-trust.ts). The renderer shows the code and, for a
 * first contact, asks the person to confirm (trust:accept); for a changed
 * identity it shows what happened and connects nowhere.
 */
export const trustCheck = z.discriminatedUnion('status', [
  /** Remembered for this address, or what the person / discovery expected: connect. */
  z.object({ status: z.literal('trusted'), address: z.string(), fingerprint, code: z.string() }),
  /** Never seen and nothing expected: show the code and ask; trust:accept remembers it. */
  z.object({ status: z.literal('first-contact'), address: z.string(), fingerprint, code: z.string() }),
  /**
   * Another identity than the one trusted for this address or session
   * (`why`: remembered at the address, expected by the person, or remembered
   * for the same session id elsewhere — a spoofed announcement). Nothing was sent.
   */
  z.object({
    status: z.literal('changed'),
    address: z.string(),
    fingerprint,
    code: z.string(),
    trustedCode: z.string(),
    why: z.enum(['remembered', 'expected', 'session']),
    message: z.string(),
  }),
  /** A ws:// host (run with --plain): nothing to check, and nothing is encrypted. */
  z.object({ status: z.literal('plain'), address: z.string() }),
]);
export type TrustCheck = z.infer<typeof trustCheck>;

export const trustCheckRequest = z.object({
  url: z.string().max(512).regex(/^wss?:\/\/[^/?#\s]+\/ws$/, 'expected wss://host:port/ws'),
  /** A fingerprint (64 hex) or session code (20 hex digits, any spacing) the session must have. */
  expected: z.string().max(100).optional(),
  /**
   * Where `expected` came from: the person (typed code, share link/QR, their
   * own hosted session) overrides what was remembered for the address;
   * discovery (an unauthenticated mDNS record) must also agree with it.
   */
  expectedFrom: z.enum(['person', 'discovery']).optional(),
  /** The session id from discovery: a different identity remembered for the same id is refused too. */
  sessionId: z.string().max(128).optional(),
  sessionName: z.string().max(SESSION_NAME_MAX_CHARS).optional(),
});
export type TrustCheckRequest = z.infer<typeof trustCheckRequest>;

/** trust:follow: the session joined at `from` was announced at `to` with the same id and identity (src-shared/session-rediscovery.ts). */
export const trustFollowRequest = z.object({
  from: trustCheckRequest.shape.url,
  to: trustCheckRequest.shape.url,
  sessionId: z.string().min(1).max(128),
  sessionName: z.string().max(SESSION_NAME_MAX_CHARS).optional(),
});
export type TrustFollowRequest = z.infer<typeof trustFollowRequest>;
export const trustFollow = z.object({ address: z.string(), code: z.string() });
export type TrustFollow = z.infer<typeof trustFollow>;

// ---------------------------------------------------------------- end-to-end DM keys (desktop: main holds them)

/**
 * An end-to-end account: "<session id>/<user id>" (what DmSession names it).
 * Main refuses anything else before it touches a key file.
 */
export const E2E_ACCOUNT_PATTERN = new RegExp(`^[A-Za-z0-9_.:-]{1,${E2E_ACCOUNT_SESSION_ID_MAX_CHARS}}/[1-9][0-9]{0,14}$`);
export const e2eAccount = z.string().regex(E2E_ACCOUNT_PATTERN, 'expected "<session id>/<user id>"');

const bytesUpTo = (max: number, what: string) =>
  z.custom<Uint8Array>((value) => value instanceof Uint8Array, `${what}: expected bytes`).refine((bytes) => bytes.byteLength <= max, { message: `${what} is at most ${max} bytes` });

/** Bytes main answers with (a signature, a content key). */
const bytesResult = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'expected bytes');

/** How the desktop's device keys are kept at rest (e2e:protection). */
export const e2eProtection = z.enum(['os-keychain', 'file']);
export type E2eProtection = z.infer<typeof e2eProtection>;

/** e2e:save-state: DmState as dm-state.ts checks it, at most E2E_MAX_DM_STATE_BYTES of JSON. */
const savedDmState = dmStateSchema.refine((state) => new TextEncoder().encode(JSON.stringify(state)).length <= E2E_MAX_DM_STATE_BYTES, {
  message: `the saved DM state is over ${E2E_MAX_DM_STATE_BYTES} bytes`,
});

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

