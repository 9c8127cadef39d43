// The page's end of the desktop chat socket, under Node: a WebSocket-like
// for ChatClient that asks the (fake-electron) main process for a socket on
// CHAT_SOCKET_CHANNEL and speaks chat-socket-port.ts over a worker_threads
// MessagePort. The renderer's own class (src-renderer/platform/
// message-port-websocket.ts) needs the DOM's types; its behaviour is tested in
// test/renderer. This one is only as much of it as ChatClient needs.
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { WebSocketConstructor, WebSocketLike } from '../../src-shared/chat-client.js';
import { CHAT_SOCKET_CHANNEL, socketPortFromMain, type SocketPortFromMain } from '../../src-shared/ipc/chat-socket-port.js';

export interface PortChatSockets {
  WebSocket: WebSocketConstructor;
  /** Every message main sent, per socket opened, in order. */
  received: SocketPortFromMain[][];
  /** The page's end of each socket's port (close one: the page went away). */
  ports: MessagePort[];
}

/** `request(message, port)`: what the preload's ipcRenderer.postMessage(CHAT_SOCKET_CHANNEL, message, [port]) reaches in main. */
export function portChatSockets(request: (channel: string, message: { url: string }, port: MessagePort) => void): PortChatSockets {
  const received: SocketPortFromMain[][] = [];
  const ports: MessagePort[] = [];
  class PortChatSocket implements WebSocketLike {
    readyState = 0;
    onopen: ((event: unknown) => void) | null = null;
    onmessage: ((event: { data: unknown }) => void) | null = null;
    onclose: ((event: { code: number; reason: string }) => void) | null = null;
    onerror: ((event: unknown) => void) | null = null;
    private readonly port: MessagePort;

    constructor(url: string) {
      const { port1, port2 } = new MessageChannel();
      this.port = port1;
      ports.push(port1);
      const log: SocketPortFromMain[] = [];
      received.push(log);
      port1.on('message', (data: unknown) => {
        const message = socketPortFromMain.parse(data);
        log.push(message);
        if (message.type === 'open') {
          this.readyState = 1;
          this.onopen?.({});
        } else if (message.type === 'message') this.onmessage?.({ data: message.data });
        else if (message.type === 'error' || message.type === 'refused') this.onerror?.(message);
        else if (this.readyState !== 3) {
          this.readyState = 3;
          port1.close();
          this.onclose?.({ code: message.code, reason: message.reason });
        }
      });
      request(CHAT_SOCKET_CHANNEL, { url }, port2);
    }

    send(data: string): void {
      if (this.readyState === 0) throw new Error('still connecting');
      if (this.readyState === 1) this.port.postMessage({ type: 'send', data });
    }

    close(code?: number, reason?: string): void {
      if (this.readyState >= 2) return;
      this.readyState = 2;
      this.port.postMessage({ type: 'close', ...(code !== undefined && { code }), ...(reason !== undefined && { reason }) });
    }
  }
  return { WebSocket: PortChatSocket, received, ports };
}
