// The desktop app's chat socket (src-shared/ipc/chat-socket-port.ts): a
// WebSocket-like object for ChatClient whose real connection is held by the
// main process, pinned to the session's trusted identity. It makes a
// MessageChannel, hands one port with the URL to the preload
// (window.postMessage — the only way a port crosses contextIsolation), and
// relays over the other. It behaves like a browser's WebSocket where
// ChatClient could tell: readyState 0→1→2→3, send() while connecting throws,
// send() after close is dropped, close() is idempotent, and 'close' always
// comes last. Main's 'refused' (another identity answered) goes to onRefused.
import type { WebSocketConstructor, WebSocketLike } from '../../src-shared/chat-client.js';
import { CHAT_SOCKET_CLOSE_TIMEOUT_MS } from '../../src-shared/limits.js';
import { CHAT_SOCKET_CHANNEL, socketPortFromMain, type SocketPortFromRenderer } from '../../src-shared/ipc/chat-socket-port.js';
import type { IdentityRefusal } from './platform.js';

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;
/** Close code when the connection ended without main saying how (RFC 6455: abnormal closure). */
const CLOSE_ABNORMAL = 1006;

export interface MessagePortWebSocketOptions {
  /** Hands `port` and the URL to main; default: window.postMessage to the preload. */
  handOver?: (url: string, port: MessagePort) => void;
  /** Main refused the host: it presented another identity than the one trusted. */
  onRefused?: (refusal: IdentityRefusal) => void;
}

/** The preload listens for this on the window (src-main/app/preload.ts). */
function postToPreload(url: string, port: MessagePort): void {
  const origin = window.location.origin;
  window.postMessage({ parley: CHAT_SOCKET_CHANNEL, url }, origin && origin !== 'null' ? origin : '*', [port]);
}

export function messagePortWebSocket(options: MessagePortWebSocketOptions = {}): WebSocketConstructor {
  const handOver = options.handOver ?? postToPreload;
  class MessagePortWebSocket implements WebSocketLike {
    static readonly CONNECTING = CONNECTING;
    static readonly OPEN = OPEN;
    static readonly CLOSING = CLOSING;
    static readonly CLOSED = CLOSED;
    readyState = CONNECTING;
    onopen: ((event: unknown) => void) | null = null;
    onmessage: ((event: { data: unknown }) => void) | null = null;
    onclose: ((event: { code: number; reason: string }) => void) | null = null;
    onerror: ((event: unknown) => void) | null = null;
    private readonly port: MessagePort;
    private closeTimer: ReturnType<typeof setTimeout> | null = null;

    constructor(readonly url: string) {
      const channel = new MessageChannel();
      this.port = channel.port1;
      this.port.onmessage = (event: MessageEvent) => this.receive(event.data);
      handOver(url, channel.port2);
    }

    send(data: string): void {
      if (this.readyState === CONNECTING) throw new DOMException("Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.", 'InvalidStateError');
      // A browser drops what is sent after close() too.
      if (this.readyState !== OPEN) return;
      this.post({ type: 'send', data });
    }

    close(code?: number, reason?: string): void {
      if (this.readyState === CLOSING || this.readyState === CLOSED) return;
      this.readyState = CLOSING;
      this.post({ type: 'close', ...(code !== undefined && { code }), ...(reason !== undefined && { reason }) });
      // Main answers with 'close'; if it never does (it quit), finish anyway.
      this.closeTimer = setTimeout(() => this.finish(code ?? 1000, reason ?? ''), CHAT_SOCKET_CLOSE_TIMEOUT_MS);
    }

    private post(message: SocketPortFromRenderer): void {
      this.port.postMessage(message);
    }

    private receive(data: unknown): void {
      if (this.readyState === CLOSED) return;
      const parsed = socketPortFromMain.safeParse(data);
      if (!parsed.success) {
        this.onerror?.({ type: 'error', message: 'The app sent something that is not a chat socket message.' });
        return this.finish(CLOSE_ABNORMAL, 'malformed message from the app');
      }
      const message = parsed.data;
      switch (message.type) {
        case 'open':
          if (this.readyState !== CONNECTING) return;
          this.readyState = OPEN;
          this.onopen?.({ type: 'open' });
          return;
        case 'message':
          if (this.readyState === OPEN) this.onmessage?.({ data: message.data });
          return;
        case 'error':
          this.onerror?.({ type: 'error', message: message.message });
          return;
        case 'refused': {
          const { address, code, trustedCode, message: text } = message;
          options.onRefused?.({ address, code, trustedCode, message: text });
          this.onerror?.({ type: 'error', message: text });
          return;
        }
        case 'close':
          this.finish(message.code, message.reason);
          return;
      }
    }

    private finish(code: number, reason: string): void {
      if (this.readyState === CLOSED) return;
      this.readyState = CLOSED;
      if (this.closeTimer) clearTimeout(this.closeTimer);
      this.port.onmessage = null;
      this.port.close();
      const event = { code, reason, wasClean: code !== CLOSE_ABNORMAL };
      this.onclose?.(event);
    }
  }
  return MessagePortWebSocket;
}
