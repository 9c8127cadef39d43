// While a hand-over is under way (handover-coordinator.ts) the old host takes
// no writes: its snapshot must be the whole session, so nothing may commit
// after it. Requests that would write are held here, per connection, in
// order, instead of being refused:
// - the hand-over completes: the connections close with `moved` and the held
//   requests are dropped unanswered. Clients send what they had not had
//   acknowledged again at the new host (the outbox; a message keeps its client
//   id, so the successor stores it once).
// - the hand-over fails: the held requests run, in order, as if they had just
//   arrived — nobody notices more than a pause.
// Reads (history, search, lists, pings, download tickets) are answered as usual.
import { HANDOVER_HELD_FRAMES_MAX } from '../../../src-shared/limits.js';
import type { RequestType } from '../../../src-shared/protocol/frames.js';
import type { HostConnection } from '../host-connection.js';

/** Requests that change nothing in the database: answered during a hand-over. The successor's own handover.ready/abort must get through too. */
const PASSES_FREEZE: ReadonlySet<RequestType> = new Set<RequestType>([
  'ping',
  'history',
  'search',
  'channel.list',
  'channel.members',
  'users.list',
  'typing',
  'file.ticket',
  'file.direct',
  'devices.list',
  'handover.ready',
  'handover.abort',
]);

export class WriteFreeze {
  private readonly held = new Map<HostConnection, Array<() => void>>();
  private frozen = false;

  get isFrozen(): boolean {
    return this.frozen;
  }

  freeze(): void {
    this.frozen = true;
  }

  /**
   * While frozen, keeps `run` (the request of `type` on `conn`) for later and
   * returns true; a connection past HANDOVER_HELD_FRAMES_MAX has the request
   * dropped (the client's request times out and its outbox tries again).
   * Returns false when the request may run now.
   */
  hold(conn: HostConnection, type: RequestType, run: () => void): boolean {
    if (!this.frozen || PASSES_FREEZE.has(type)) return false;
    let queue = this.held.get(conn);
    if (!queue) this.held.set(conn, (queue = []));
    if (queue.length < HANDOVER_HELD_FRAMES_MAX) queue.push(run);
    return true;
  }

  /** The hand-over failed: writes are taken again, the held ones first, in the order they came. */
  thaw(): void {
    this.frozen = false;
    const held = [...this.held.entries()];
    this.held.clear();
    for (const [conn, queue] of held) {
      if (conn.closed) continue;
      for (const run of queue) run();
    }
  }

  /** The session moved: the held requests are dropped (their clients send them again at the new host). Stays frozen. */
  dropHeld(): void {
    this.held.clear();
  }

  forget(conn: HostConnection): void {
    this.held.delete(conn);
  }
}
