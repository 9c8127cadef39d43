// The client seam of the session: what ChatSession needs of a ChatClient,
// and how it makes one (tests pass a fake).
import type { ChatClient, ChatClientEvents, WebSocketConstructor } from '../../src-shared/chat-client.js';
import type { Message, ReplyData, RequestParams, RequestType, SessionInfo, SignedIn } from '../../src-shared/protocol/frames.js';

/** The part of ChatClient the session uses (tests pass a fake). */
export interface ChatClientLike {
  readonly state: ChatClient['state'];
  readonly session: SessionInfo | null;
  /** The resume token once signed in: `Authorization: Bearer` for the host's HTTP API. */
  readonly token?: string | null;
  connect(): Promise<SessionInfo>;
  signIn(params: RequestParams<'signin'>): Promise<SignedIn>;
  resume(token: string): Promise<SignedIn>;
  send(conv: string, text: string, clientMsgId?: string, options?: { replyTo?: number }): { clientMsgId: string; done: Promise<Message> };
  request<T extends RequestType>(type: T, params: RequestParams<T>): Promise<ReplyData<T>>;
  /** Asks the host to forget this device's token, then closes for good. */
  signOut(): Promise<void>;
  close(): void;
  on<K extends keyof ChatClientEvents>(event: K, listener: (...args: ChatClientEvents[K]) => void): () => void;
}

export type ClientFactory = (url: string, WebSocket: WebSocketConstructor) => ChatClientLike;
