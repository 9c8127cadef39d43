// A ChatClient stand-in: the same events and methods, driven by the test.
import { ChatError, type ChatClientEvents, type ConnectionState } from '../../../src-shared/chat-client.js';
import type { Message, ReplyData, RequestParams, RequestType, SessionInfo, SignedIn } from '../../../src-shared/protocol/frames.js';
import type { OutboxChange } from '../../../src-shared/outbox-store.js';
import { TypedEmitter } from '../../../src-shared/typed-emitter.js';
import type { ChatClientLike } from '../../../src-renderer/session/session-context.js';
import { snapshot } from './fixtures.js';

interface SentEntry {
  conv: string;
  text: string;
  clientMsgId: string;
  replyTo?: number;
  /** An encrypted DM's envelope (text is then ""). */
  e2e?: string;
  /** A reply in this root's thread (and also shown in the conversation). */
  threadRoot?: number;
  alsoToChannel?: boolean;
  resolve: (message: Message) => void;
  reject: (error: ChatError) => void;
}

export class FakeChatClient extends TypedEmitter<ChatClientEvents> implements ChatClientLike {
  state: ConnectionState = 'idle';
  session: SessionInfo | null = null;
  welcome: SessionInfo = { id: 'session-1', name: 'Office LAN', passcodeRequired: false, protocol: 1 };
  connectError: ChatError | null = null;
  /** What signIn / resume answer with (an error rejects). */
  signInResult: SignedIn | ChatError = snapshot();
  resumeResult: SignedIn | ChatError = snapshot();
  signInCalls: RequestParams<'signin'>[] = [];
  resumeCalls: string[] = [];
  requests: Array<{ type: RequestType; params: unknown }> = [];
  /** Answers per request type; the default answers are empty but valid. */
  handlers: Partial<{ [T in RequestType]: (params: RequestParams<T>) => ReplyData<T> | Promise<ReplyData<T>> }> = {};
  sent: SentEntry[] = [];
  private nextId = 1;

  /** The resume token once signed in, as the real client. */
  token: string | null = null;
  /** Every moveTo, in order. */
  moves: string[][] = [];

  constructor(public url = 'ws://fake/ws') {
    super();
  }

  moveTo(urls: string | readonly string[]): void {
    const list = typeof urls === 'string' ? [urls] : [...urls];
    this.moves.push(list);
    if (list[0] !== undefined) this.url = list[0];
  }

  /** Emits a client event, as the real client does when a frame arrives. */
  fire<K extends keyof ChatClientEvents>(event: K, ...args: ChatClientEvents[K]): void {
    this.emit(event, ...args);
  }

  setState(state: ConnectionState): void {
    this.state = state;
    this.emit('state', state);
  }

  async connect(): Promise<SessionInfo> {
    this.setState('connecting');
    if (this.connectError) {
      this.setState('idle');
      throw this.connectError;
    }
    this.session = this.welcome;
    this.setState('connected');
    return this.welcome;
  }

  async signIn(params: RequestParams<'signin'>): Promise<SignedIn> {
    this.signInCalls.push(params);
    return this.finishSignIn(this.signInResult);
  }

  async resume(token: string): Promise<SignedIn> {
    this.resumeCalls.push(token);
    return this.finishSignIn(this.resumeResult);
  }

  private finishSignIn(result: SignedIn | ChatError): SignedIn {
    if (result instanceof ChatError) throw result;
    this.token = result.token;
    this.setState('online');
    this.emit('signedIn', result);
    return result;
  }

  send(conv: string, text: string, clientMsgId = `client-${this.nextId++}`, options: { replyTo?: number; e2e?: string; threadRoot?: number; alsoToChannel?: boolean } = {}): { clientMsgId: string; done: Promise<Message> } {
    let entry!: SentEntry;
    const done = new Promise<Message>((resolve, reject) => {
      // As the real client: the promise resolves and 'sent' is emitted with the same message.
      const acknowledge = (message: Message) => {
        resolve(message);
        this.emit('sent', message);
      };
      entry = { conv, text, clientMsgId, resolve: acknowledge, reject, ...(options.replyTo !== undefined && { replyTo: options.replyTo }), ...(options.e2e !== undefined && { e2e: options.e2e }), ...(options.threadRoot !== undefined && { threadRoot: options.threadRoot }), ...(options.alsoToChannel !== undefined && { alsoToChannel: options.alsoToChannel }) };
    });
    this.sent.push(entry);
    return { clientMsgId, done };
  }

  /** As the real client, over `request` (so `handlers` answer it). */
  change(change: OutboxChange): { id: string; done: Promise<Message> } {
    const id = `change-${this.nextId++}`;
    const run = async () => {
      switch (change.kind) {
        case 'edit':
          return (await this.request('message.edit', { seq: change.seq, text: change.text, ...(change.e2e !== undefined && { e2e: change.e2e }) })).message;
        case 'delete':
          return (await this.request('message.delete', { seq: change.seq })).message;
        case 'react':
          return (await this.request('react', { seq: change.seq, emoji: change.emoji, on: change.on })).message;
      }
    };
    return { id, done: run() };
  }

  async request<T extends RequestType>(type: T, params: RequestParams<T>): Promise<ReplyData<T>> {
    this.requests.push({ type, params });
    const handler = this.handlers[type] as ((p: RequestParams<T>) => ReplyData<T> | Promise<ReplyData<T>>) | undefined;
    if (handler) return handler(params);
    const defaults: { [K in RequestType]?: unknown } = {
      history: { conv: (params as { conv?: string }).conv ?? 'ch:1', messages: [], hasMore: false },
      typing: {},
      'channel.list': { channels: [] },
      ping: { now: Date.now() },
    };
    if (type in defaults) return defaults[type] as ReplyData<T>;
    throw new ChatError('server_error', `FakeChatClient has no answer for ${type}`);
  }

  signOutCalls = 0;

  async signOut(): Promise<void> {
    this.signOutCalls++;
    this.close();
  }

  close(): void {
    this.setState('closed');
  }
}
