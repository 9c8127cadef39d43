// The one seam between the UI and whatever it runs in (CONVENTIONS.md #4):
// the Electron app (window.parley, desktop-platform.ts) or a plain browser
// that loaded the build from a host (web-platform.ts). Components never touch
// window.parley, localStorage or the Notification API themselves.
import type { OutboxStorage } from '../../src-shared/outbox-store.js';
import type { WebSocketConstructor } from '../../src-shared/chat-client.js';
import type { DiscoveryStatus, FileProgress, HandOverCandidate, HostStatus, LastSession, PastedFile, PickedFile, TrustCheck, TrustCheckRequest, TrustFollow, TrustFollowRequest } from '../../src-shared/ipc/ipc-contract.js';
import type { FileInfo } from '../../src-shared/protocol/frames.js';
import type { DeviceKeyStore } from '../../src-shared/e2e/device-key-store.js';
import type { DmStateStore } from '../../src-shared/e2e/dm-state.js';
import type { KeyringFactory } from '../../src-shared/e2e/device-keyring.js';
import type { MoveFeature } from './web-move.js';
import type { AvatarsFeature } from './desktop-avatars.js';
import type { NotificationAccess, NotifyLevel } from '../notifications/notify-level.js';

export type { DiscoveryStatus, FileProgress, HandOverCandidate, HostStatus, LastSession, PastedFile, PickedFile, TrustCheck, TrustCheckRequest, TrustFollow, TrustFollowRequest };

/** Main refused a host on opening (or re-opening) the chat socket: it presented another identity. */
export interface IdentityRefusal {
  address: string;
  /** The code it presented (null when it presented no usable certificate). */
  code: string | null;
  trustedCode: string;
  message: string;
}

/**
 * Which session a connection reaches (desktop only: main checks each host's
 * certificate; a browser trusts the page's own origin). Every join asks
 * check() first; nothing is sent to a host before it answers 'trusted' (or
 * the person accepted a first contact).
 */
export interface TrustFeature {
  check(request: TrustCheckRequest): Promise<TrustCheck>;
  /** The person confirmed the code of a first contact. */
  accept(url: string, fingerprint: string): Promise<void>;
  /** Forget what was trusted at that address (deliberate, after a changed identity). */
  forget(url: string): Promise<void>;
  /**
   * The session joined at `from` was announced at `to` with the same id and
   * identity: main trusts `to` for it when the host there proves it
   * (rejects with 'not_followed' or 'unreachable' otherwise).
   */
  follow(request: TrustFollowRequest): Promise<TrustFollow>;
  /** The chat socket was refused mid-session (a reconnect reached another host). */
  onRefused(listener: (refusal: IdentityRefusal) => void): () => void;
}

export interface NotificationRequest {
  title: string;
  body: string;
  /** Conversation to open when the notification is clicked. */
  conv: string;
}

/** Finding sessions on the LAN (desktop only: browsers cannot do mDNS). */
export interface DiscoveryFeature {
  status(): Promise<DiscoveryStatus>;
  /** Called with every change; returns the unsubscribe function. */
  subscribe(listener: (status: DiscoveryStatus) => void): () => void;
}

/** Running a session host inside this app (desktop only). */
export interface HostingFeature {
  status(): Promise<HostStatus>;
  start(options: { sessionName: string; passcode?: string }): Promise<HostStatus>;
  stop(): Promise<HostStatus>;
  subscribe(listener: (status: HostStatus) => void): () => void;
  /** "Start Parley at login and host this session": the session it hosts at login, or null (off). */
  getHostAtLogin(): Promise<string | null>;
  /** On: for the session hosted now. Rejects with main's message (nothing hosted, no keyring for a passcode). */
  setHostAtLogin(enabled: boolean): Promise<string | null>;
  /** Who the hosted session can be handed over to now (online in an app that can host, admins first). */
  handOverCandidates(): Promise<HandOverCandidate[]>;
  /** Offers the hosted session to that person; their app asks them (status says "handed over" once they took it). */
  offerHandOver(userId: number): Promise<void>;
  /**
   * This computer takes over the session the window is signed in to (`url`,
   * with the window's `token`): accepting the host's `offer`, or an admin's
   * take-over without one. Resolves with the hosting status once everyone moved here.
   */
  takeOver(request: { url: string; token: string; offer?: string }): Promise<HostStatus>;
}

/**
 * Where a file to send comes from: the native picker's token, a dropped file's
 * path, or a pasted file's bytes (no place on disk; at most PASTED_FILE_MAX_BYTES).
 */
export type FileSource = { pickToken: string } | { droppedPath: string } | { pasted: PastedFile };

/**
 * Files streamed from and to disk by the desktop app's main process (desktop
 * only; the browser uploads with File.slice and saves through its download
 * manager). Transfers are known by main's transferId; progress comes through
 * onProgress.
 */
export interface FilesFeature {
  /** Native open dialog; [] when cancelled. */
  pick(): Promise<PickedFile[]>;
  /** A dropped File's path on disk, '' when it has none (a pasted image). */
  pathForFile(file: File): string;
  /**
   * `e2e`: a file of an encrypted DM — the envelope and file key (base64url) from prepareDmFile; main encrypts it before upload.
   * `caption`: the message text shown with the file (file.begin / file.offer `text`); never with `e2e`.
   */
  upload(request: FileSource & { conv: string; clientMsgId: string; hostHttpBase: string; token: string; thumbnail?: string; caption?: string; e2e?: { envelope: string; key: string } }): Promise<string>;
  /**
   * null when the person cancelled the save dialog. `open`: Open rather than
   * Save — main downloads into its private cache and opens the file with the
   * system's app when done (null: it was cached, and opened at once).
   */
  /** `e2e`: a file of an encrypted DM — its key (base64url), the message's clientMsgId and real name; main decrypts it to disk. */
  download(request: { file: FileInfo; hostHttpBase: string; token: string; saveAs: boolean; open?: boolean; e2e?: { key: string; bindingId: string; name: string } }): Promise<string | null>;
  pause(transferId: string): Promise<void>;
  /** Also "Retry" after a failure: it continues from what already arrived. */
  resume(transferId: string): Promise<void>;
  cancel(transferId: string): Promise<void>;
  /** Opens a finished download with the system's app for it. */
  open(transferId: string): Promise<void>;
  getAutoSave(): Promise<boolean>;
  setAutoSave(enabled: boolean): Promise<void>;
  onProgress(listener: (progress: FileProgress) => void): () => void;
  /** Tells main who is signed in where (files:signed-in): it resumes the transfers a quit or crash interrupted. */
  signedIn?(session: { sessionId: string; userId: number; hostHttpBase: string; token: string }): Promise<void>;
}

/**
 * Where this device keeps its end-to-end DM keys and state (issue 13;
 * docs/SECURITY.md). The renderer's DmSession (src-shared/e2e/dm-session.ts)
 * uses them; accounts are named "<session id>/<user id>". Exactly one of
 * keyStore and keyring is given, and DmSession takes either as it is:
 *   - web: `keyStore`, IndexedDB in this browser profile (src-renderer/e2e/):
 *     the keys are used in the page;
 *   - desktop: `keyring`, the keys stay in main (sealed with safeStorage),
 *     which signs and opens on request over IPC (desktop-e2e.ts): the
 *     renderer never holds them.
 */
export type E2eFeature = E2eKeys & {
  readonly stateStore: DmStateStore;
  /**
   * How the keys are protected at rest, for the session panel:
   * 'os-keychain' (safeStorage encrypts), 'file' (a file only this user can
   * read: no keychain), 'browser' (this browser profile's site data).
   */
  protection(): Promise<'os-keychain' | 'file' | 'browser'>;
};

/** The keys' half of E2eFeature: spread into DmSessionOptions (`new DmSession({ client, ...e2e })`). */
export type E2eKeys = { readonly keyStore: DeviceKeyStore; readonly keyring?: never } | { readonly keyring: KeyringFactory; readonly keyStore?: never };

export interface Platform {
  readonly kind: 'desktop' | 'web';
  /** The WebSocket constructor ChatClient uses. */
  readonly WebSocket: WebSocketConstructor;
  /** null where the platform cannot do it (the browser). */
  readonly discovery: DiscoveryFeature | null;
  readonly hosting: HostingFeature | null;
  /** Present on the desktop: files go through the main process instead of the page. */
  readonly files?: FilesFeature;
  /** Present on the desktop: main checks and remembers each host's identity. */
  readonly trust?: TrustFeature;
  /** End-to-end DM keys and state on this device; absent: DMs are sent as before (not end-to-end encrypted). */
  readonly e2e?: E2eFeature;
  /** Present on the desktop: avatars come from main as bytes (shown as blob: URLs). */
  readonly avatars?: AvatarsFeature;
  /** Present in a browser: the page follows a moved session to its new origin (the desktop's main follows by itself). */
  readonly move?: MoveFeature;
  /**
   * The session this page belongs to, if the platform knows it without asking:
   * a browser talks to the host that served the page. null on the desktop.
   */
  servedSession(): { url: string; label: string } | null;

  getLastSession(): Promise<LastSession | null>;
  setLastSession(session: LastSession | null): Promise<void>;
  /** Resume tokens, keyed by session id (or URL when the id is unknown). */
  saveToken(sessionKey: string, token: string): Promise<void>;
  loadToken(sessionKey: string): Promise<string | null>;
  forgetToken(sessionKey: string): Promise<void>;
  /** The conversation last open in a session as a person (reopened after sign-in), or null. */
  loadLastConversation(sessionId: string, userId: number): string | null;
  saveLastConversation(sessionId: string, userId: number, conv: string): void;
  /** Where ChatClient saves what is not sent yet, per session and person (survives reloads and restarts). */
  readonly outboxStorage: OutboxStorage;

  /** May this device notify: the browser's permission, or 'system' (desktop: the OS decides, nothing to ask). */
  notificationAccess(): NotificationAccess;
  /**
   * Asks the browser for permission to notify; call it only from the click
   * on a visible "Turn on" (never from Send). Resolves with the answer.
   */
  requestNotificationAccess(): Promise<NotificationAccess>;
  /** The notification level chosen per conversation in a session as a person (notify-level.ts). */
  loadNotifyLevels(sessionId: string, userId: number): Record<string, NotifyLevel>;
  saveNotifyLevels(sessionId: string, userId: number, levels: Record<string, NotifyLevel>): void;
  /** The access state in which the person dismissed the notification prompt, or null. */
  loadNotifyPromptDismissed(): NotificationAccess | null;
  saveNotifyPromptDismissed(access: NotificationAccess): void;
  notify(request: NotificationRequest): void;
  /** The person clicked a notification. Returns the unsubscribe function. */
  onOpenConversation(listener: (conv: string) => void): () => void;
  /** Unread DMs + mentions: the dock/taskbar badge, or "(3) Parley" as the page title. */
  setBadge(count: number): void;
  /**
   * True when links must be opened by openExternal (the desktop app denies
   * navigation and new windows); false when a plain target=_blank anchor does it.
   */
  readonly opensLinksItself: boolean;
  openExternal(url: string): void;
}
