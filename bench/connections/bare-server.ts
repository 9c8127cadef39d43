// The baseline: a bare `ws` WebSocketServer configured like the host's
// (same maxPayload, no permessage-deflate) that keeps every socket and does
// nothing with what arrives: no welcome, no echo, no state per connection
// beyond what `ws` itself keeps. It counts sockets and frames only so the
// bench can check that every connection arrived.
import { HARD_MAX_FRAME_BYTES } from '../../src-shared/limits.js';
import { BareWsServer } from '../common/bare-ws-server.js';

export class BareIdleServer {
  frames = 0;
  private readonly server = new BareWsServer(
    () => {
      this.frames++;
    },
    { maxPayload: HARD_MAX_FRAME_BYTES },
  );

  get connections(): number {
    return this.server.connections;
  }

  start(): Promise<{ port: number }> {
    return this.server.start();
  }

  stop(): Promise<void> {
    return this.server.stop();
  }
}
