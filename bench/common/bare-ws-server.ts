// A bare `ws` WebSocketServer on 127.0.0.1, port 0, without permessage-deflate,
// as a baseline to compare the real ChatHost with: no validation, no storage,
// no state per connection beyond what `ws` keeps. What it does with an
// incoming message is up to the benchmark (broadcast it, count it, …).
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type ServerOptions, type WebSocket } from 'ws';

/** Called for every incoming message, with every connected client. */
export type OnMessage = (data: RawData, isBinary: boolean, clients: Set<WebSocket>) => void;

export class BareWsServer {
  private wss: WebSocketServer | null = null;

  /** `options` are added to (or override) the defaults above, e.g. maxPayload. */
  constructor(
    private readonly onMessage: OnMessage,
    private readonly options: ServerOptions = {},
  ) {}

  get connections(): number {
    return this.wss?.clients.size ?? 0;
  }

  async start(): Promise<{ port: number }> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, clientTracking: true, ...this.options });
    this.wss = wss;
    const { onMessage } = this;
    wss.on('connection', (ws) => {
      ws.on('message', (data, isBinary) => onMessage(data, isBinary, wss.clients));
      ws.on('error', () => {});
    });
    await new Promise<void>((resolve, reject) => {
      wss.once('listening', resolve);
      wss.once('error', reject);
    });
    return { port: (wss.address() as AddressInfo).port };
  }

  async stop(): Promise<void> {
    const wss = this.wss;
    if (!wss) return;
    this.wss = null;
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  }
}
