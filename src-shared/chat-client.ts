// ChatClient: the one protocol client every front end uses (renderer, browser
// build, terminal client, tests). It takes a WebSocket constructor, so it runs
// wherever one exists.
//
// - connect → welcome; signIn / resume → snapshot, then replayed and live events
// - events are delivered once each, in seq order (anything at or below the last
//   seq seen is dropped)
// - on a dropped connection it reconnects with exponential backoff and jitter,
//   resumes with its token and the last seq it saw, and gets exactly what it missed
// - send() and change() (edit, delete, react) go through an outbox (outbox.ts):
//   what was typed while offline, or whose acknowledgement was lost, is sent
//   again on reconnect — a message with the same client id, so the host stores
//   it once. Given an `outboxStorage`, the outbox is also saved on the device
//   per session and person, and after the next sign-in as the same person
//   (a page reload, an app restart) it is put back and sent ('restored').
import { nanoid } from 'nanoid';
import {
  OUTBOX_MAX_IN_FLIGHT,
  PROTOCOL_VERSION,
  RECONNECT_MAX_DELAY_MS,
  RECONNECT_MIN_DELAY_MS,
  REQUEST_TIMEOUT_MS,
} from './limits.js';
import { CLOSE_CODES, type ErrorCode } from './protocol/error-codes.js';
import {
  hostFrame,
  replySchemas,
  type ChatEvent,
  type ErrorFrame,
  type Message,
  type ReplyData,
  type RequestParams,
  type RequestType,
  type SessionInfo,
  type SignedIn,
  type UserInfo,
} from './protocol/frames.js';
import { Outbox, type RestoredEntry } from './outbox.js';
import type { OutboxChange, OutboxItem, OutboxStorage } from './outbox-store.js';
import { TypedEmitter } from './typed-emitter.js';

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
  /** Someone's admin or removed flag changed. */
  user: [UserInfo];
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
}

interface PendingRequest {
  type: RequestType;
  resolve: (value: unknown) => void;
  reject: (error: ChatError) => void;
  timer: unknown;
}

type Credentials = { kind: 'token'; token: string };

const FATAL_CLOSE = new Set<number>([
  CLOSE_CODES.unsupportedVersion,
  CLOSE_CODES.tooManyAttempts,
  CLOSE_CODES.accountRemoved,
  CLOSE_CODES.signedOut,
]);

export class ChatClient extends TypedEmitter<ChatClientEvents> {
  private ws: WebSocketLike | null = null;
  private _state: ConnectionState = 'idle';
  private pending = new Map<string, PendingRequest>();
  private readonly outbox: Outbox;
  private nextId = 1;
  private attempt = 0;
  private reconnectTimer: unknown = null;
  private keepaliveTimer: unknown = null;
  private outboxRetryTimer: unknown = null;
  private credentials: Credentials | null = null;
  private welcome: { resolve: (s: SessionInfo) => void; reject: (e: ChatError) => void } | null = null;
  private readonly opts: Required<Omit<ChatClientOptions, 'outboxStorage'>>;

  /** Highest seq seen; sent on resume so the host replays what came after. */
  lastSeq = 0;
  session: SessionInfo | null = null;
  me: SignedIn['user'] | null = null;
  token: string | null = null;

  constructor(options: ChatClientOptions) {
    super();
    this.opts = {
      reconnect: true,
      minDelayMs: RECONNECT_MIN_DELAY_MS,
      maxDelayMs: RECONNECT_MAX_DELAY_MS,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      keepaliveMs: 20_000,
      ...options,
    };
    this.outbox = new Outbox(options.outboxStorage ?? null);
  }

  get state(): ConnectionState {
    return this._state;
  }

  /** Messages not yet acknowledged by the host, oldest first. */
  get unsent(): ReadonlyArray<{ conv: string; text: string; clientMsgId: string }> {
    return this.outbox.entries.flatMap(({ item }) => (item.kind === 'send' ? [{ conv: item.conv, text: item.text, clientMsgId: item.id }] : []));
  }

  /** Edits, deletions and reactions not yet acknowledged by the host, oldest first. */
  get unsentChanges(): ReadonlyArray<OutboxChange> {
    return this.outbox.entries.flatMap(({ item }) => (item.kind === 'send' ? [] : [item]));
  }

  private setState(state: ConnectionState): void {
    if (this._state === state) return;
    this._state = state;
    this.emit('state', state);
  }

  // ------------------------------------------------------------------ connection

  /** Opens the socket and waits for the host's welcome. */
  connect(): Promise<SessionInfo> {
    if (this._state === 'closed') return Promise.reject(new ChatError('closed', 'This client was closed; make a new one.'));
    this.setState(this._state === 'reconnecting' ? 'reconnecting' : 'connecting');
    return new Promise<SessionInfo>((resolve, reject) => {
      // A blackholed address would otherwise wait for the OS's TCP timeout.
      const timer = setTimeout(() => {
        if (this.welcome?.reject !== fail) return;
        this.welcome = null;
        reject(new ChatError('timeout', `No answer from ${this.opts.url} within ${Math.round(this.opts.requestTimeoutMs / 1000)} s. Check the address and that the host is running.`));
        if (this.ws === ws) this.dropConnection();
      }, this.opts.requestTimeoutMs);
      const fail = (error: ChatError) => {
        clearTimeout(timer);
        reject(error);
      };
      this.welcome = {
        resolve: (session) => {
          clearTimeout(timer);
          resolve(session);
        },
        reject: fail,
      };
      let ws: WebSocketLike;
      try {
        ws = new this.opts.WebSocket(this.opts.url);
      } catch (error) {
        this.welcome = null;
        fail(new ChatError('disconnected', `Could not open ${this.opts.url}: ${String(error)}`));
        return;
      }
      this.ws = ws;
      ws.onmessage = (event) => {
        if (this.ws === ws) this.handleData(event.data);
      };
      ws.onclose = (event) => {
        if (this.ws === ws) this.handleClose(event.code, event.reason);
      };
      ws.onerror = () => {
        // onclose follows and does the work
      };
    });
  }

  // Sign-in replies are handled the moment they arrive (onReply), not when the
  // promise settles: the replayed events come in the very next frames, often
  // in the same network read, and must find the client signed in (me, state
  // 'online', 'signedIn' emitted) — no event before its snapshot.

  /** Signs in with name and password (claims the name if it is free). */
  signIn(params: RequestParams<'signin'>): Promise<SignedIn> {
    const after = this.lastSeq > 0 && params.after === undefined && { after: this.lastSeq };
    return this.sendRequest('signin', { ...params, ...after }, (result) => this.afterSignIn(result));
  }

  /** Signs in with a token from an earlier sign-in. */
  resume(token: string): Promise<SignedIn> {
    return this.sendRequest('resume', { token, ...(this.lastSeq > 0 && { after: this.lastSeq }) }, (result) => this.afterSignIn(result));
  }

  private afterSignIn(result: SignedIn): SignedIn {
    this.credentials = { kind: 'token', token: result.token };
    this.token = result.token;
    this.me = result.user;
    this.session = result.session;
    this.attempt = 0;
    if (result.resync) this.lastSeq = result.lastSeq;
    // Replayed events arrive in the frames right after this reply; the
    // snapshot's lastSeq only moves lastSeq forward when nothing is replayed.
    if (result.replayCount === 0 && result.lastSeq > this.lastSeq) this.lastSeq = result.lastSeq;
    this.setState('online');
    this.emit('signedIn', result);
    const restored = this.outbox.bind(
      { sessionId: result.session.id, userId: result.user.id },
      () => new ChatError('closed', 'Signed in as someone else; this stays saved on this device for its author.'),
    );
    if (restored.length > 0) this.emit('restored', restored);
    this.startKeepalive();
    this.flushOutbox();
    return result;
  }

  /** Closes for good: no reconnect; unsent messages are failed here (a saved copy stays on the device for the next start). */
  close(): void {
    this.setState('closed');
    this.clearTimers();
    const ws = this.ws;
    this.ws = null;
    ws?.close(CLOSE_CODES.normal, 'client closed');
    this.failPending(new ChatError('closed', 'The client was closed.'));
    const welcome = this.welcome;
    this.welcome = null;
    welcome?.reject(new ChatError('closed', 'The client was closed while connecting.'));
    this.outbox.failAll(new ChatError('closed', 'The client was closed before this was sent.'));
  }

  /**
   * Signs this device out: the host forgets the resume token and closes the
   * connection; the client then stays closed (no reconnect). Other devices of
   * the same person stay signed in.
   */
  async signOut(): Promise<void> {
    try {
      if (this._state === 'online') await this.request('signout', {});
    } finally {
      this.credentials = null;
      this.token = null;
      this.close();
    }
  }

  /** Drops the current socket as if the network had failed (tests, "reconnect now"). */
  dropConnection(): void {
    const ws = this.ws;
    if (!ws) return;
    this.handleClose(CLOSE_CODES.goingAway, 'dropped');
    ws.close();
  }

  private handleClose(code: number, reason: string): void {
    this.ws = null;
    this.clearTimers();
    this.failPending(new ChatError('disconnected', `The connection to the host was lost (${code}${reason ? ` ${reason}` : ''}).`));
    this.outbox.resetInFlight();
    if (this.welcome) {
      const welcome = this.welcome;
      this.welcome = null;
      welcome.reject(new ChatError('disconnected', `Could not reach the host at ${this.opts.url}. Check the address and that the host is running.`));
    }
    if (this._state === 'closed') return;
    if (code === CLOSE_CODES.accountRemoved) {
      this.credentials = null;
      this.token = null;
      this.setState('closed');
      this.emit('authRequired', new ChatError('account_removed', 'An admin removed you from this session. Ask them to let you back in.'));
      return;
    }
    if (FATAL_CLOSE.has(code) || !this.opts.reconnect) {
      this.setState('closed');
      return;
    }
    if (!this.credentials) {
      // Never signed in: nothing to resume. The caller's connect/signIn was rejected.
      this.setState('idle');
      return;
    }
    this.setState('reconnecting');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const base = Math.min(this.opts.maxDelayMs, this.opts.minDelayMs * 2 ** this.attempt);
    const delay = base / 2 + Math.random() * (base / 2);
    this.attempt++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.reconnect();
    }, delay);
  }

  private async reconnect(): Promise<void> {
    if (this._state !== 'reconnecting' || !this.credentials) return;
    try {
      await this.connect();
      await this.resume(this.credentials.token);
    } catch (error) {
      const chatError = error instanceof ChatError ? error : new ChatError('disconnected', String(error));
      if (chatError.code === 'token_invalid') {
        this.credentials = null;
        this.token = null;
        this.setState('connected');
        this.emit('authRequired', chatError);
        return;
      }
      // The socket's close handler schedules the next attempt; if the socket is
      // still open (e.g. a timed-out resume), drop it to get there.
      if (this.ws) this.dropConnection();
      else if (this._state === 'reconnecting' && this.reconnectTimer === null) this.scheduleReconnect();
    }
  }

  private startKeepalive(): void {
    if (this.opts.keepaliveMs <= 0) return;
    const tick = () => {
      this.keepaliveTimer = setTimeout(() => {
        if (this._state !== 'online') return;
        this.request('ping', {}).then(tick, () => this.dropConnection());
      }, this.opts.keepaliveMs);
    };
    tick();
  }

  private clearTimers(): void {
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    if (this.keepaliveTimer !== null) clearTimeout(this.keepaliveTimer);
    if (this.outboxRetryTimer !== null) clearTimeout(this.outboxRetryTimer);
    this.outboxRetryTimer = null;
    this.reconnectTimer = null;
    this.keepaliveTimer = null;
  }

  private failPending(error: ChatError): void {
    for (const [, request] of this.pending) {
      clearTimeout(request.timer);
      request.reject(error);
    }
    this.pending.clear();
  }

  // ------------------------------------------------------------------ requests

  /** Sends a request and resolves with the host's reply data, validated. */
  request<T extends RequestType>(type: T, params: RequestParams<T>): Promise<ReplyData<T>> {
    return this.sendRequest(type, params);
  }

  /** `onReply` runs synchronously when the reply is handled, before any later frame. */
  private sendRequest<T extends RequestType>(type: T, params: RequestParams<T>, onReply?: (data: ReplyData<T>) => void): Promise<ReplyData<T>> {
    const ws = this.ws;
    if (!ws || ws.readyState !== 1) {
      return Promise.reject(new ChatError('disconnected', 'Not connected to the host right now; try again when the connection is back.'));
    }
    const id = String(this.nextId++);
    return new Promise<ReplyData<T>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new ChatError('timeout', `The host did not answer ${type} within ${Math.round(this.opts.requestTimeoutMs / 1000)} s.`));
      }, this.opts.requestTimeoutMs);
      const settle = (value: unknown) => {
        onReply?.(value as ReplyData<T>);
        resolve(value as ReplyData<T>);
      };
      this.pending.set(id, { type, resolve: settle, reject, timer });
      ws.send(JSON.stringify({ v: PROTOCOL_VERSION, type, id, ...params }));
    });
  }

  /**
   * Sends a message. It waits in the outbox until the host acknowledges it
   * (surviving reconnects, and with an outboxStorage reloads and restarts);
   * the promise resolves with the stored message.
   */
  send(conv: string, text: string, clientMsgId: string = nanoid(), options: { replyTo?: number } = {}): { clientMsgId: string; done: Promise<Message> } {
    const done = this.enqueue({ kind: 'send', id: clientMsgId, ts: Date.now(), conv, text, ...(options.replyTo !== undefined && { replyTo: options.replyTo }) });
    return { clientMsgId, done };
  }

  /**
   * Edits, deletes or reacts to a message, through the same ordered outbox as
   * sends: made while offline, it is applied after the reconnect (or the next
   * sign-in after a restart). The promise resolves with the message's new
   * state, or rejects with the host's error — e.g. an edit of a message
   * deleted meanwhile is refused with `message_deleted` and dropped.
   */
  change(change: OutboxChange): { id: string; done: Promise<Message> } {
    const id = nanoid();
    return { id, done: this.enqueue({ ...change, id, ts: Date.now() }) };
  }

  private enqueue(item: OutboxItem): Promise<Message> {
    if (this._state === 'closed') return Promise.reject(new ChatError('closed', 'The client was closed.'));
    const queued = this.outbox.add(item);
    if ('refused' in queued) return Promise.reject(new ChatError('rate_limited', queued.refused));
    this.flushOutbox();
    return queued.done;
  }

  /**
   * Sends outbox entries in order, at most OUTBOX_MAX_IN_FLIGHT unacknowledged
   * at once (below the host's burst), so a long outbox after a reconnect is
   * paced by acknowledgements instead of tripping the host's flood guard.
   */
  private flushOutbox(): void {
    if (this._state !== 'online') return;
    for (const entry of this.outbox.takeSendable(OUTBOX_MAX_IN_FLIGHT)) {
      this.requestFor(entry.item).then(
        (message) => {
          this.outbox.remove(entry);
          entry.resolve(message);
          if (entry.item.kind === 'send') this.emit('sent', message);
          this.flushOutbox();
        },
        (error: ChatError) => {
          entry.inFlight = false;
          // Lost connection: it goes again after the reconnect.
          if (error.code === 'disconnected' || error.code === 'closed') return;
          // The host could not store it, or did not answer: try again shortly
          // (the same clientMsgId makes a retry safe; changes are idempotent).
          if (error.code === 'timeout' || error.code === 'server_error') {
            if (this.outboxRetryTimer === null) {
              this.outboxRetryTimer = setTimeout(() => {
                this.outboxRetryTimer = null;
                this.flushOutbox();
              }, this.opts.minDelayMs * 4);
            }
            return;
          }
          // The host refused it for good (too long, not a member, the message
          // was deleted meanwhile…): drop it and tell the caller.
          this.outbox.remove(entry);
          entry.reject(error);
          this.flushOutbox();
        },
      );
    }
  }

  private async requestFor(item: OutboxItem): Promise<Message> {
    switch (item.kind) {
      case 'send':
        return (await this.request('send', { conv: item.conv, clientMsgId: item.id, text: item.text, ...(item.replyTo !== undefined && { replyTo: item.replyTo }) })).message;
      case 'edit':
        return (await this.request('message.edit', { seq: item.seq, text: item.text })).message;
      case 'delete':
        return (await this.request('message.delete', { seq: item.seq })).message;
      case 'react':
        return (await this.request('react', { seq: item.seq, emoji: item.emoji, on: item.on })).message;
    }
  }

  // ------------------------------------------------------------------ incoming

  private handleData(data: unknown): void {
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return;
    }
    const parsed = hostFrame.safeParse(json);
    if (!parsed.success) return; // a newer host's frame we do not know: ignore it
    const frame = parsed.data;
    switch (frame.type) {
      case 'welcome': {
        this.session = frame.session;
        if (this._state === 'connecting') this.setState('connected');
        const welcome = this.welcome;
        this.welcome = null;
        welcome?.resolve(frame.session);
        return;
      }
      case 'reply': {
        const request = this.pending.get(frame.re);
        if (!request) return;
        this.pending.delete(frame.re);
        clearTimeout(request.timer);
        const data = replySchemas[request.type].safeParse(frame.data);
        if (data.success) request.resolve(data.data);
        else request.reject(new ChatError('bad_reply', `The host's answer to ${request.type} was not understood (${data.error.issues[0]?.message}).`));
        return;
      }
      case 'error': {
        const request = frame.re === undefined ? undefined : this.pending.get(frame.re);
        if (request && frame.re !== undefined) {
          this.pending.delete(frame.re);
          clearTimeout(request.timer);
          request.reject(new ChatError(frame.code, frame.message, frame.field, frame.retryAfterMs));
        } else {
          this.emit('notice', frame);
        }
        return;
      }
      case 'events':
        for (const event of frame.events) {
          if (event.seq <= this.lastSeq) continue;
          this.lastSeq = event.seq;
          this.emit('event', event, { replay: frame.replay === true });
        }
        return;
      case 'presence':
        this.emit('presence', frame.user, frame.online);
        return;
      case 'typing':
        this.emit('typing', { conv: frame.conv, user: frame.user });
        return;
      case 'read':
        this.emit('read', { conv: frame.conv, user: frame.user, seq: frame.seq });
        return;
      case 'mute':
        this.emit('mute', { conv: frame.conv, muted: frame.muted });
        return;
      case 'user':
        this.emit('user', frame.user);
        return;
    }
  }
}
