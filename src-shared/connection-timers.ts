// The protocol client's timers (chat-client.ts): reconnecting with exponential
// backoff and jitter after a dropped connection, the application-level
// keepalive ping (browsers cannot see WebSocket pings), and the short retry of
// the outbox after the host failed to store something. They are kept together
// because a lost or closed connection cancels all of them at once (clear()),
// and apart from the client so that its file reads as protocol, not timing.

export interface ConnectionTimerOptions {
  minDelayMs: number;
  maxDelayMs: number;
  /** 0 turns the keepalive off. */
  keepaliveMs: number;
}

export class ConnectionTimers {
  private attempt = 0;
  private reconnectTimer: unknown = null;
  private keepaliveTimer: unknown = null;
  private retryTimer: unknown = null;

  constructor(private readonly opts: ConnectionTimerOptions) {}

  /** A reconnect attempt is waiting for its delay. */
  get reconnectScheduled(): boolean {
    return this.reconnectTimer !== null;
  }

  /** After a successful sign-in: the next drop starts again from the shortest delay. */
  resetBackoff(): void {
    this.attempt = 0;
  }

  /** Runs `reconnect` after the next backoff delay: doubling per attempt up to the maximum, with jitter. */
  scheduleReconnect(reconnect: () => void): void {
    const base = Math.min(this.opts.maxDelayMs, this.opts.minDelayMs * 2 ** this.attempt);
    const delay = base / 2 + Math.random() * (base / 2);
    this.attempt++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      reconnect();
    }, delay);
  }

  /** Runs `reconnect` on the next turn, without a backoff delay (the session moved: its new address is known). */
  reconnectNow(reconnect: () => void): void {
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      reconnect();
    }, 0);
  }

  /**
   * Every keepaliveMs, calls `ping` (null: not online, stop); when its answer
   * comes the next one is scheduled, when it fails `onFail` runs.
   */
  startKeepalive(ping: () => Promise<unknown> | null, onFail: () => void): void {
    if (this.opts.keepaliveMs <= 0) return;
    const tick = () => {
      this.keepaliveTimer = setTimeout(() => {
        ping()?.then(tick, onFail);
      }, this.opts.keepaliveMs);
    };
    tick();
  }

  /** Runs `retry` shortly (4 × minDelayMs), unless a retry is already waiting. */
  retrySoon(retry: () => void): void {
    if (this.retryTimer !== null) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      retry();
    }, this.opts.minDelayMs * 4);
  }

  /** Cancels all of them (the connection was lost or closed). */
  clear(): void {
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    if (this.keepaliveTimer !== null) clearTimeout(this.keepaliveTimer);
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.reconnectTimer = null;
    this.keepaliveTimer = null;
  }
}
