// The baseline: a bare `ws` server that, for every incoming message, loops
// over all clients and sends it to each one at once — the naive broadcast. No
// validation, no storage, no batching.
import { WebSocket } from 'ws';
import { BareWsServer } from '../common/bare-ws-server.js';

export class BareBroadcastServer extends BareWsServer {
  constructor() {
    super((data, isBinary, clients) => {
      for (const client of clients) {
        if (client.readyState === WebSocket.OPEN) client.send(data, { binary: isBinary });
      }
    });
  }
}
