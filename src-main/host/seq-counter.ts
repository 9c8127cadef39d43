// The session's one sequence counter (PROTOCOL.md, "Sequence numbers"):
// messages, their changes and channel creations all take the next number.
// It lives in memory and follows the transaction it is used in: the commit
// batcher rolls it back with a write that failed, and with a batch that
// failed to commit, so numbers neither repeat nor skip.
export class SeqCounter {
  constructor(private value: number) {}

  /** The highest number handed out (and, outside a batch, committed). */
  get last(): number {
    return this.value;
  }

  /** Hands out the next number. */
  next(): number {
    return ++this.value;
  }

  /** Undoes every number handed out since `last` was `mark`. */
  rollBackTo(mark: number): void {
    if (mark > this.value) throw new RangeError(`cannot roll the sequence forward (from ${this.value} to ${mark})`);
    this.value = mark;
  }
}
