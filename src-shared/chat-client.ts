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
//
// Its parts: the public types (chat-client-types.ts, re-exported here), the
// table of requests awaiting an answer (pending-requests.ts), the reconnect,
// keepalive and retry timers (connection-timers.ts), the outbox (outbox.ts),
// its paced sending (outbox-sender.ts) and the request each entry is sent
// with (outbox-requests.ts), the parsing of incoming frames
// (host-frame-parser.ts) and the pushes that only become events (host-pushes.ts).
import { nanoid } from 'nanoid';
import { PROTOCOL_VERSION, RECONNECT_MAX_DELAY_MS, RECONNECT_MIN_DELAY_MS, REQUEST_TIMEOUT_MS } from './limits.js';
import { CLOSE_CODES } from './protocol/error-codes.js';
import type { Message, ReplyData, RequestParams, RequestType, SessionInfo, SignedIn } from './protocol/frames.js';
import { Outbox } from './outbox.js';
import type { OutboxChange, OutboxItem } from './outbox-store.js';
import { TypedEmitter } from './typed-emitter.js';
import { ChatError, type ChatClientEvents, type ChatClientOptions, type ConnectionState, type SendOptions, type WebSocketLike } from './chat-client-types.js';
import { PendingRequests } from './pending-requests.js';
import { ConnectionTimers } from './connection-timers.js';
import { OutboxSender } from './outbox-sender.js';
import { parseHostFrame } from './host-frame-parser.js';
import { deliverPush } from './host-pushes.js';

export { ChatError } from './chat-client-types.js';
export type { ChatClientEvents, ChatClientOptions, ClientErrorCode, ConnectionState, SendOptions, WebSocketConstructor, WebSocketLike } from './chat-client-types.js';

type Credentials = { kind: 'token'; token: string };

const FATAL_CLOSE = new Set<number>([CLOSE_CODES.unsupportedVersion, CLOSE_CODES.tooManyAttempts, CLOSE_CODES.accountRemoved, CLOSE_CODES.signedOut]);

export class ChatClient extends TypedEmitter<ChatClientEvents> {
  private ws: WebSocketLike | null = null;
  private _state: ConnectionState = 'idle';
  private readonly pending = new PendingRequests();
  private readonly outbox: Outbox;
  private readonly timers: ConnectionTimers;
  private readonly sender: OutboxSender;
  private credentials: Credentials | null = null;
  private welcome: { resolve: (s: SessionInfo) => void; reject: (e: ChatError) => void } | null = null;
  private readonly opts: Required<Omit<ChatClientOptions, 'outboxStorage'>>;

  /** Other addresses of the session (moveTo with several): the next reconnect attempt tries the next one. */
  private alternates: string[] = [];
  /** Set when a `moved` frame made a listener call moveTo: the close that follows reconnects at once. */
  private followMove = false;

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
      canHost: false,
      ...options,
    };
    this.outbox = new Outbox(options.outboxStorage ?? null);
    this.timers = new ConnectionTimers(this.opts);
    this.sender = new OutboxSender(this.outbox, {
      requester: this,
      isOnline: () => this._state === 'online',
      retrySoon: (retry) => this.timers.retrySoon(retry),
      sent: (message) => this.emit('sent', message),
    });
  }

  get state(): ConnectionState {
    return this._state;
  }

  /** The address the client connects to (moveTo changes it). */
  get url(): string {
    return this.opts.url;
  }

  /**
   * Points the client at another address (or several, tried in turn) of the same session: the host handed
   * the session over, or discovery found it again at a new address. The caller
   * has checked it is the same session (its identity) — the client resumes
   * there with its token, without asking anyone. Takes effect at the next
   * connection; a client waiting to reconnect tries the new address at once.
   */
  moveTo(urls: string | readonly string[]): void {
    const list = typeof urls === 'string' ? [urls] : [...urls];
    const url = list[0];
    if (url === undefined) return;
    // The others are tried in turn while the first cannot be reached.
    this.alternates = list.slice(1);
    if (this.opts.url !== url) this.followMove = true;
    this.opts.url = url;
    if (this._state !== 'reconnecting') return;
    if (!this.ws) {
      this.timers.clear();
      this.timers.resetBackoff();
      void this.reconnect();
    } else if (this.ws.readyState !== 1) {
      // An attempt at the old address is under way (and may hang until its
      // timeout): give it up; the close goes straight to the new address.
      this.followMove = true;
      this.dropConnection();
    }
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
    const canHost = this.opts.canHost && params.canHost === undefined && { canHost: true };
    return this.sendRequest('signin', { ...params, ...after, ...canHost }, (result) => this.afterSignIn(result));
  }

  /** Signs in with a token from an earlier sign-in. */
  resume(token: string): Promise<SignedIn> {
    // canHost on every resume: a reconnect (or a move) must not make this app look like one that cannot host.
    return this.sendRequest('resume', { token, ...(this.lastSeq > 0 && { after: this.lastSeq }), ...(this.opts.canHost && { canHost: true }) }, (result) => this.afterSignIn(result));
  }

  private afterSignIn(result: SignedIn): SignedIn {
    this.credentials = { kind: 'token', token: result.token };
    this.token = result.token;
    this.alternates = [];
    this.me = result.user;
    this.session = result.session;
    this.timers.resetBackoff();
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
    this.timers.startKeepalive(
      () => (this._state === 'online' ? this.request('ping', {}) : null),
      () => this.dropConnection(),
    );
    this.sender.flush();
    return result;
  }

  /** Closes for good: no reconnect; unsent messages are failed here (a saved copy stays on the device for the next start). */
  close(): void {
    this.setState('closed');
    this.timers.clear();
    const ws = this.ws;
    this.ws = null;
    ws?.close(CLOSE_CODES.normal, 'client closed');
    this.pending.failAll(new ChatError('closed', 'The client was closed.'));
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
    this.timers.clear();
    this.pending.failAll(new ChatError('disconnected', `The connection to the host was lost (${code}${reason ? ` ${reason}` : ''}).`));
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
    if (this.followMove) {
      // Sent to the session's new address (a `moved` frame, or moveTo during an attempt): go now, not after a backoff.
      this.followMove = false;
      this.timers.resetBackoff();
      this.timers.reconnectNow(() => void this.reconnect());
      return;
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    this.timers.scheduleReconnect(() => void this.reconnect());
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
      if (this.alternates.length > 0) {
        this.alternates.push(this.opts.url);
        this.opts.url = this.alternates.shift()!;
      }
      // The socket's close handler schedules the next attempt; if the socket is
      // still open (e.g. a timed-out resume), drop it to get there.
      if (this.ws) this.dropConnection();
      else if (this._state === 'reconnecting' && !this.timers.reconnectScheduled) this.scheduleReconnect();
    }
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
    const send = (id: string) => ws.send(JSON.stringify({ v: PROTOCOL_VERSION, type, id, ...params }));
    return this.pending.open<ReplyData<T>>(type, this.opts.requestTimeoutMs, send, onReply);
  }

  /**
   * Sends a message. It waits in the outbox until the host acknowledges it
   * (surviving reconnects, and with an outboxStorage reloads and restarts);
   * the promise resolves with the stored message. An encrypted DM passes its
   * envelope as `e2e` (text "", clientMsgId = the envelope's message id; the
   * e2e DM service in src-shared/e2e/ makes it): retries resend it unchanged.
   */
  send(conv: string, text: string, clientMsgId: string = nanoid(), options: SendOptions = {}): { clientMsgId: string; done: Promise<Message> } {
    const { replyTo, e2e, threadRoot, alsoToChannel } = options;
    const done = this.enqueue({
      kind: 'send',
      id: clientMsgId,
      ts: Date.now(),
      conv,
      text,
      ...(replyTo !== undefined && { replyTo }),
      ...(e2e !== undefined && { e2e }),
      ...(threadRoot !== undefined && { threadRoot, ...(alsoToChannel === true && { alsoToChannel }) }),
    });
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
    this.sender.flush();
    return queued.done;
  }

  // ------------------------------------------------------------------ incoming

  private handleData(data: unknown): void {
    const frame = parseHostFrame(data);
    if (!frame) return; // not a frame, or a newer host's frame we do not know: ignore it
    switch (frame.type) {
      case 'welcome': {
        this.session = frame.session;
        if (this._state === 'connecting') this.setState('connected');
        const welcome = this.welcome;
        this.welcome = null;
        welcome?.resolve(frame.session);
        return;
      }
      case 'reply':
        this.pending.reply(frame.re, frame.data);
        return;
      case 'error':
        if (!this.pending.error(frame)) this.emit('notice', frame);
        return;
      case 'events':
        for (const event of frame.events) {
          if (event.seq <= this.lastSeq) continue;
          this.lastSeq = event.seq;
          this.emit('event', event, { replay: frame.replay === true });
        }
        return;
      case 'moved':
        this.followMove = false;
        this.emit('moved', { session: frame.session, to: frame.to, ...(frame.identity !== undefined && { identity: frame.identity }) });
        return;
      default:
        deliverPush(frame, (event, ...args) => this.emit(event, ...args));
        return;
    }
  }
}
