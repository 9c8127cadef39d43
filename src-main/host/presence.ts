// Who is online: a person is online while at least one of their devices is
// signed in. Everyone else signed in is told when that changes, and
// listeners (the mDNS TXT record's online count) are called.
import type { FanOut } from './fan-out.js';
import type { SessionState, UserState } from './session-state.js';

export class Presence {
  private readonly listeners = new Set<(count: number) => void>();

  constructor(
    private readonly state: SessionState,
    private readonly fanOut: FanOut,
    private readonly log: (line: string) => void,
  ) {}

  /** `user`'s first device signed in (online) or their last one left (offline). */
  changed(user: UserState, online: boolean): void {
    this.fanOut.toEveryone({ type: 'presence', user: this.state.userInfo(user), online }, user.id);
    if (this.listeners.size === 0) return;
    const count = this.state.onlineCount();
    for (const listener of [...this.listeners]) {
      try {
        listener(count);
      } catch (error) {
        this.log(`online-count listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  /** Calls `listener` with the online count whenever it changes; returns the function that unsubscribes. */
  onOnlineCountChange(listener: (count: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
