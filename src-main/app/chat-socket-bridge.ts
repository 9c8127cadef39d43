// Main's end of the desktop chat socket (src-shared/ipc/chat-socket-port.ts;
// DESIGN.md, "Processes"): the renderer hands over a MessagePort and a
// session URL; main opens the real connection — over TLS pinned to the
// identity it trusts for that address (TrustService.pinForUrl), or plain for
// a ws:// host run with --plain, which the UI warned about — and relays text
// frames both ways. An address with no trusted identity gets no connection at
// all, and a host that presents another identity than the pinned one is
// refused during the TLS handshake, before the upgrade request: nothing,
// least of all a password, reaches it.
//
// Plain class over small interfaces (Electron's ipcMain and MessagePortMain),
// so the tests drive it under Node with worker_threads MessagePorts.
import WebSocket from 'ws';
import { CHAT_SOCKETS_MAX } from '../../src-shared/limits.js';
import {
  CHAT_SOCKET_CHANNEL,
  CLOSE_IDENTITY_REFUSED,
  CLOSE_NOT_TRUSTED,
  openSocketRequest,
  socketPortFromRenderer,
  type SocketPortFromMain,
} from '../../src-shared/ipc/chat-socket-port.js';
import { hostFrame } from '../../src-shared/protocol/frames.js';
import { sessionCode } from '../../src-shared/session-identity.js';
import { identityRefusal, type SessionPin } from '../trust/pinned-tls.js';
import { openPinnedWebSocket } from '../trust/pinned-websocket.js';
import { urlAddress } from '../trust/session-trust.js';

/** The parts of Electron's MessagePortMain the bridge uses. */
export interface BridgePort {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
}

/** The parts of Electron's IpcMainEvent a socket request carries. */
export interface SocketRequestEvent {
  readonly senderFrame: { readonly url: string } | null;
  readonly ports: readonly BridgePort[];
}

/** The parts of Electron's ipcMain the bridge listens with. */
export interface IpcMainOnLike {
  on(channel: string, listener: (event: SocketRequestEvent, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: SocketRequestEvent, ...args: unknown[]) => void): unknown;
}

export interface ChatSocketBridgeOptions {
  /** The identity trusted at a wss:// URL's address, or null (trust-service.ts). */
  pinFor(url: string): SessionPin | null;
  /**
   * A pinned connection relayed the host's `moved` frame (hand-over): the
   * session now lives at `to` (https origins). Called before the frame
   * reaches the page, so the page's next socket there finds the same identity
   * trusted (TrustService.trustMovedSession says why that is safe).
   */
  onMoved?(from: string, pin: SessionPin, moved: { session: string; identity?: string | undefined; to: string[] }): void;
  log?: (line: string) => void;
}

/** Close code when the page sent something that is not a socket message (RFC 6455: policy violation). */
const CLOSE_MALFORMED = 1008;
/** Close code when the window already holds CHAT_SOCKETS_MAX sockets (RFC 6455: try again later). */
const CLOSE_TOO_MANY = 1013;

interface Relay {
  close(code: number, reason: string): void;
}

export class ChatSocketBridge {
  private readonly relays = new Set<Relay>();
  private readonly log: (line: string) => void;
  private detach: (() => void) | null = null;

  constructor(private readonly options: ChatSocketBridgeOptions) {
    this.log = options.log ?? (() => {});
  }

  /** Answers CHAT_SOCKET_CHANNEL requests from frames whose URL `isTrustedSenderUrl` accepts (the app's own page). */
  listen(ipcMain: IpcMainOnLike, isTrustedSenderUrl: (url: string) => boolean): void {
    if (this.detach) throw new TypeError('ChatSocketBridge already listens');
    const listener = (event: SocketRequestEvent, payload: unknown) => this.request(event, payload, isTrustedSenderUrl);
    ipcMain.on(CHAT_SOCKET_CHANNEL, listener);
    this.detach = () => ipcMain.removeListener(CHAT_SOCKET_CHANNEL, listener);
  }

  /** One request: checked (sender, exactly one port, payload) before anything is opened. */
  request(event: SocketRequestEvent, payload: unknown, isTrustedSenderUrl: (url: string) => boolean): void {
    const ports = event?.ports ?? [];
    const senderUrl = event?.senderFrame?.url ?? null;
    const refuse = (why: string) => {
      this.log(`chat socket: refused a request ${why}`);
      for (const port of ports) port.close();
    };
    if (senderUrl === null || !isTrustedSenderUrl(senderUrl)) return refuse(`from ${senderUrl === null ? 'a frame that is gone' : JSON.stringify(senderUrl)}`);
    if (ports.length !== 1) return refuse(`with ${ports.length} ports`);
    const parsed = openSocketRequest.safeParse(payload);
    if (!parsed.success) return refuse('without a wss://host:port/ws URL');
    this.open(parsed.data.url, ports[0]!);
  }

  /** Opens the connection for `url` and relays it over `port`. */
  open(url: string, port: BridgePort): void {
    const post = (message: SocketPortFromMain) => port.postMessage(message);
    port.start();
    if (this.relays.size >= CHAT_SOCKETS_MAX) {
      post({ type: 'close', code: CLOSE_TOO_MANY, reason: `Parley already has ${CHAT_SOCKETS_MAX} connections open for this window.` });
      port.close();
      return;
    }
    const secure = url.startsWith('wss:');
    const pin = secure ? this.options.pinFor(url) : null;
    if (secure && !pin) {
      post({ type: 'close', code: CLOSE_NOT_TRUSTED, reason: `No session is trusted at ${urlAddress(url)?.address ?? url} yet: check it (and confirm its code) before joining.` });
      port.close();
      return;
    }
    this.relays.add(this.relay(url, port, pin));
  }

  /** Closes every socket (the window went away, the app quits). */
  closeAll(reason = 'Parley closed the connection.'): void {
    for (const relay of [...this.relays]) relay.close(1001, reason);
  }

  dispose(): void {
    this.detach?.();
    this.detach = null;
    this.closeAll();
  }

  private noticeMove(url: string, pin: SessionPin, text: string): void {
    const moved = this.options.onMoved ? movedFrame(text) : null;
    if (!moved) return;
    try {
      this.options.onMoved!(url, pin, moved);
    } catch (error) {
      this.log(`chat socket: could not trust the session's new address: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private relay(url: string, port: BridgePort, pin: SessionPin | null): Relay {
    const post = (message: SocketPortFromMain) => port.postMessage(message);
    const ws = pin ? openPinnedWebSocket(url, pin) : new WebSocket(url, { perMessageDeflate: false });
    let finished = false;
    let closedByPage = false;
    const finish = (code: number, reason: string) => {
      if (finished) return;
      finished = true;
      this.relays.delete(relay);
      post({ type: 'close', code, reason });
      port.close();
      if (ws.readyState !== WebSocket.CLOSED) ws.terminate();
    };
    const relay: Relay = {
      close: (code, reason) => {
        closedByPage = true;
        if (ws.readyState === WebSocket.OPEN) closeQuietly(ws, code, reason);
        finish(code, reason);
      },
    };

    port.on('message', ({ data }) => {
      if (finished) return;
      const message = socketPortFromRenderer.safeParse(data);
      if (!message.success) {
        this.log('chat socket: the page sent a malformed message; closing');
        closedByPage = true;
        return finish(CLOSE_MALFORMED, 'The page sent something that is not a chat socket message.');
      }
      if (message.data.type === 'send') {
        // The renderer's socket throws on send before 'open'; after a close the frame has nowhere to go.
        if (ws.readyState === WebSocket.OPEN) ws.send(message.data.data);
        return;
      }
      closedByPage = true;
      if (ws.readyState === WebSocket.OPEN) closeQuietly(ws, message.data.code, message.data.reason);
      else finish(message.data.code ?? 1000, message.data.reason ?? '');
    });
    // The page went away (reload, window closed): the connection goes with it.
    port.on('close', () => {
      closedByPage = true;
      finished = true;
      this.relays.delete(relay);
      ws.terminate();
    });

    ws.on('open', () => post({ type: 'open' }));
    ws.on('message', (data, isBinary) => {
      // The host sends text frames only; anything else is not Parley's protocol.
      if (isBinary) return;
      const text = (data as Buffer).toString('utf8');
      if (pin) this.noticeMove(url, pin, text);
      post({ type: 'message', data: text });
    });
    ws.on('error', (error) => {
      if (finished || closedByPage) return;
      const refusal = pin ? identityRefusal(error, pin) : null;
      if (refusal && pin) {
        const address = urlAddress(url)?.address ?? url;
        this.log(`chat socket: ${address} presented another identity; refused before anything was sent`);
        post({ type: 'refused', address, code: refusal.actual ? sessionCode(refusal.actual) : null, trustedCode: sessionCode(pin.fingerprint), message: refusal.message });
        return finish(CLOSE_IDENTITY_REFUSED, 'The host presented another identity than the session you trusted.');
      }
      post({ type: 'error', message: `Could not talk to ${urlAddress(url)?.address ?? url}: ${error.message}` });
    });
    ws.on('close', (code, reason) => finish(code, reason.toString('utf8')));
    return relay;
  }
}

/** Cheap test first: only a frame that mentions "moved" is parsed a second time. */
function movedFrame(text: string): { session: string; identity?: string | undefined; to: string[] } | null {
  if (!text.includes('"moved"')) return null;
  try {
    const parsed = hostFrame.safeParse(JSON.parse(text));
    return parsed.success && parsed.data.type === 'moved' ? parsed.data : null;
  } catch {
    return null;
  }
}

/** ws.close refuses codes a page may not send (1004–1006, 1015); those close without a code. */
function closeQuietly(ws: WebSocket, code: number | undefined, reason: string | undefined): void {
  try {
    ws.close(code, reason);
  } catch {
    ws.close();
  }
}
