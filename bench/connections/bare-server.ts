// The baseline: a bare `ws` WebSocketServer configured like the host's
// (same maxPayload, no permessage-deflate) that keeps every socket and does
// nothing with what arrives: no welcome, no echo, no state per connection
// beyond what `ws` itself keeps. It counts sockets and frames only so the
// bench can check that every connection arrived.
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { HARD_MAX_FRAME_BYTES } from '../../src-shared/limits.js';

export class BareIdleServer {
  private wss: WebSocketServer | null = null;
  frames = 0;

  get connections(): number {
    return this.wss?.clients.size ?? 0;
  }

  async start(): Promise<{ port: number }> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: HARD_MAX_FRAME_BYTES, perMessageDeflate: false, clientTracking: true });
    this.wss = wss;
    wss.on('connection', (ws) => {
      ws.on('message', () => {
        this.frames++;
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
