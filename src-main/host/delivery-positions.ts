// Durable delivery positions (PROTOCOL.md, "Resume and replay"): a sign-in
// without `after` replays from the last event sent to any of that person's
// devices. The position moves with every event in memory (FanOut), and is
// written to the database only when it can be known without a write per
// event:
//  - when a person's first device signs in, they are marked online (a write
//    that sign-in makes anyway, beside its token);
//  - when their last device leaves, or the host stops, the position is saved
//    and the mark cleared;
//  - after a crash (`kill -9`, power cut) every person still marked online had
//    been sent every committed event they may see — events go out as soon as
//    the commit that made them is on disk (wal-sync.ts) — so their position
//    becomes the last committed seq.
// What is left: a kill in the few milliseconds between a commit and its
// fsync's end (plus the socket write after it) counts those events as sent; and a device cut off
// for reading too slowly counts what was queued for it. Both are caught up by
// clients that resume with `after` (every ChatClient does on reconnect).
import type { SessionDatabase } from './database/session-database.js';
import type { UserState } from './session-state.js';

export class DeliveryPositions {
  constructor(
    private readonly db: SessionDatabase,
    private readonly log: (line: string) => void,
  ) {}

  /** At start, before people are loaded: moves everyone still marked online up to `lastCommittedSeq`. */
  recoverAfterCrash(lastCommittedSeq: number): number {
    return this.db.users.settleOnlineDeliveries(lastCommittedSeq);
  }

  /** `user`'s first device signed in. */
  cameOnline(user: UserState): void {
    this.save(() => this.db.users.markOnline(user.id), user);
  }

  /** `user`'s last device left (or the host is stopping): their position is saved. */
  wentOffline(user: UserState): void {
    this.save(() => this.db.users.saveDelivered(user.id, user.deliveredSeq), user);
  }

  private save(write: () => void, user: UserState): void {
    try {
      write();
    } catch (error) {
      this.log(`could not save the delivery position of user ${user.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
