// The public types of the protocol client (chat-client.ts): the socket it
// needs (WebSocketLike, met by browsers' WebSocket and npm `ws`), its options,
// its connection states, its events and the error every failure is reported
// as (ChatError). They live apart from the client so that the client file holds
// only behaviour; chat-client.ts re-exports all of them, so importers keep
// importing from chat-client.js.
import type { ErrorCode } from './protocol/error-codes.js';
import type { ChannelInfo, ChatEvent, ErrorFrame, Message, SignedIn, ThreadState, UserDevices, UserInfo } from './protocol/frames.js';
import type { RestoredEntry } from './outbox.js';
import type { OutboxStorage } from './outbox-store.js';

/** The part of the WebSocket API the client uses: met by browsers' WebSocket and npm `ws`. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

export type ClientErrorCode = ErrorCode | 'disconnected' | 'timeout' | 'bad_reply' | 'closed';

export class ChatError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly field?: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ChatError';
  }
}

/** What ChatClient.send takes besides the text: a quote reply, an encrypted DM's envelope, a thread (PROTOCOL.md, "Threads"). */
export interface SendOptions {
  replyTo?: number;
  e2e?: string;
  /** Reply in the thread of this top-level message. */
  threadRoot?: number;
  /** With threadRoot: also show the reply in the conversation. */
  alsoToChannel?: boolean;
}

export type ConnectionState =
  | 'idle' // not connected yet
  | 'connecting' // first connection under way
  | 'connected' // socket open, not signed in
  | 'online' // signed in, events flowing
  | 'reconnecting' // lost the connection, retrying by itself
  | 'closed'; // close() called, or the host refused us for good

export interface ChatClientEvents extends Record<string, unknown[]> {
  state: [ConnectionState];
  /** A seq'd event (message, channel created…), replayed or live, exactly once. */
  event: [ChatEvent, { replay: boolean }];
  presence: [UserInfo, boolean];
  /** Somebody else is typing in a conversation (ephemeral; see TYPING_SHOWN_MS). */
  typing: [{ conv: string; user: { id: number; name: string } }];
  /** `user` read `conv` up to `seq` (this user on another device, or a DM peer: "Seen"). */
  read: [{ conv: string; user: number; seq: number }];
  /** This user muted or unmuted a conversation on another device. */
  mute: [{ conv: string; muted: boolean }];
  /** One of this user's followed threads changed: a new reply (its unread count), or read on another device. */
  thread: [ThreadState];
  /** Someone's admin or removed flag changed. */
  user: [UserInfo];
  /** A channel's name, topic or archived flag changed (0.10.0). */
  channel: [ChannelInfo];
  /** A person's published devices changed (end-to-end encrypted DMs): compare with the device roster. */
  devices: [UserDevices];
  /** After every successful sign-in or resume (also after each reconnect). */
  signedIn: [SignedIn];
  /** The saved token stopped working: ask the person to sign in again. */
  authRequired: [ChatError];
  /** An error frame not tied to a request (rate limiting, shutdown…). */
  notice: [ErrorFrame];
  /** A message left the outbox (acknowledged by the host). */
  sent: [Message];
  /**
   * After the first sign-in: what was saved on this device for this person
   * and session and not acknowledged (a reload or restart came between), in
   * order. Emitted after 'signedIn', before any of it is sent again.
   */
  restored: [RestoredEntry[]];
  /**
   * The session moved to another host with the same identity (a hand-over):
   * `to` are its https origins, in the order to try. A front end that can
   * reach them trusting that identity calls moveTo (movedSocketUrls gives the
   * wss URLs) in this listener; the client then resumes there at once.
   */
  moved: [{ session: string; identity?: string; to: string[] }];
  /** The host offers this person's app the session (answer with handover.start { offer } or handover.decline). */
  handoverOffer: [{ offer: string; from: { id: number; name: string }; makesAdmin: boolean }];
}

export interface ChatClientOptions {
  /** ws://host:port/ws */
  url: string;
  WebSocket: WebSocketConstructor;
  /** Reconnect by itself after a dropped connection. Default true. */
  reconnect?: boolean;
  minDelayMs?: number;
  maxDelayMs?: number;
  requestTimeoutMs?: number;
  /** Application-level ping (browsers cannot see WebSocket pings). 0 turns it off. Default 20 s. */
  keepaliveMs?: number;
  /** Where the outbox is saved on the device (see outbox-store.ts). Default: memory only. */
  outboxStorage?: OutboxStorage | null;
  /**
   * This app can host the session (the desktop app, a headless host): every
   * signin and resume — including the automatic ones after a reconnect or a
   * move — says so (`canHost`), so the host may offer it a hand-over. Default false.
   */
  canHost?: boolean;
}
