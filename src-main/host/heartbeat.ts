// The heartbeat that drops dead peers: every interval the host pings each
// socket, and a socket that has shown no sign of life (a frame or a pong)
// since the previous beat is cut.
//
// The host judges a peer only by time the host itself was running. Two ways a
// healthy peer could otherwise be cut for the host's own hold-up (a long
// synchronous step, a starved process, a laptop waking from sleep):
// - A timer that comes due while the event loop is busy runs, once the loop is
//   free, *before* the loop reads the sockets, so a pong already waiting in the
//   kernel's buffer would not have been seen yet. The verdict is therefore
//   given in a setImmediate, after the loop has read what is waiting.
// - A beat that comes more than half an interval late means the host was held
//   up for most of the peer's time to answer, and the answer may not even have
//   been sent yet. That beat judges no one; it pings everyone afresh.
// A peer that really is gone is still cut at the next beat that is on time.

/** What the heartbeat needs of a connection. */
export interface HeartbeatPeer {
  /** Set by the gateway on every frame and pong; cleared by each beat. */
  isAlive: boolean;
  ping(): void;
  cut(): void;
}

export class Heartbeat {
  private readonly timer: NodeJS.Timeout;
  private lastBeatAt = Date.now();
  private stopped = false;

  constructor(
    private readonly intervalMs: number,
    private readonly peers: () => Iterable<HeartbeatPeer>,
  ) {
    this.timer = setInterval(() => this.beat(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  private beat(): void {
    const now = Date.now();
    const late = now - this.lastBeatAt > this.intervalMs * 1.5;
    this.lastBeatAt = now;
    setImmediate(() => this.judge(late));
  }

  private judge(late: boolean): void {
    if (this.stopped) return;
    for (const peer of this.peers()) {
      if (!peer.isAlive && !late) {
        peer.cut();
        continue;
      }
      peer.isAlive = false;
      peer.ping();
    }
  }
}
