// The baseline: a bare `ws` server that, for every incoming message, loops
// over all clients and sends it to each one at once — the naive broadcast. No
// validation, no storage, no batching.
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

export class BareBroadcastServer {
  private wss: WebSocketServer | null = null;

  async start(): Promise<{ port: number }> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, clientTracking: true });
    this.wss = wss;
    wss.on('connection', (ws) => {
      ws.on('message', (data, isBinary) => {
        for (const client of wss.clients) {
          if (client.readyState === WebSocket.OPEN) client.send(data, { binary: isBinary });
        }
      });
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
