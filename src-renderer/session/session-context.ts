// The client seam of the session — what ChatSession needs of a ChatClient,
// and how it makes one (tests pass a fake) — and what it hands its parts
// (file sharing, read reporting, search, moderation…): the store, and the
// client of the session joined. That is a new client for every join and none
// between sessions, so a part asks for it each time it needs it.
import type { ChatClient, ChatClientEvents, WebSocketConstructor } from '../../src-shared/chat-client.js';
import type { Message, ReplyData, RequestParams, RequestType, SessionInfo, SignedIn } from '../../src-shared/protocol/frames.js';
import type { OutboxChange } from '../../src-shared/outbox-store.js';
import type { AppStore } from '../store/app-store.js';

/** The part of ChatClient the session uses (tests pass a fake). */
export interface ChatClientLike {
  readonly state: ChatClient['state'];
  readonly session: SessionInfo | null;
  /** The address it connects to (moveTo changes it). */
  readonly url: string;
  /** The resume token once signed in: `Authorization: Bearer` for the host's HTTP API. */
  readonly token?: string | null;
  connect(): Promise<SessionInfo>;
  signIn(params: RequestParams<'signin'>): Promise<SignedIn>;
  resume(token: string): Promise<SignedIn>;
  /** `e2e`: an encrypted DM's envelope (made by the DM service, encrypted-dms.ts), with text "". */
  send(conv: string, text: string, clientMsgId?: string, options?: { replyTo?: number; threadRoot?: number; alsoToChannel?: boolean; e2e?: string }): { clientMsgId: string; done: Promise<Message> };
  /** An edit, deletion or reaction through the outbox (queued while offline). */
  change(change: OutboxChange): { id: string; done: Promise<Message> };
  request<T extends RequestType>(type: T, params: RequestParams<T>): Promise<ReplyData<T>>;
  /** Asks the host to forget this device's token, then closes for good. */
  signOut(): Promise<void>;
  close(): void;
  /** Re-points it at the same session at other addresses (the session moved): it resumes there with its token. */
  moveTo(urls: string | readonly string[]): void;
  on<K extends keyof ChatClientEvents>(event: K, listener: (...args: ChatClientEvents[K]) => void): () => void;
}

export type ClientFactory = (url: string, WebSocket: WebSocketConstructor) => ChatClientLike;

export interface SessionContext {
  readonly store: AppStore;
  /** The client of the session joined; null between sessions. */
  client(): ChatClientLike | null;
  /** The client of the session joined, or a ChatError for a person to read when there is none. */
  requireClient(): ChatClientLike;
  /** Opens a conversation, as ChatSession.openConversation (a jump to a message, a channel joined). */
  openConversation(conv: string): void;
  /**
   * Messages as this device shows them: encrypted DMs decrypted (and marked
   * in the store), others unchanged. Every message entering the store passes
   * here. `live`: delivered now (the replay guard checks it).
   */
  reveal(messages: Message[], live: boolean): Promise<Message[]>;
}
