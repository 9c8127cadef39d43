// ChatClient's outbox: everything I asked the host to do with messages (send,
// edit, delete, react) that it has not acknowledged yet, in the order I did
// it. It enforces the caps (OUTBOX_MAX_MESSAGES entries; OUTBOX_MAX_STORED_BYTES
// as saved, when it is saved), decides what may go out now, and mirrors itself into the device's
// storage (outbox-store.ts) once it knows whose outbox it is (after sign-in).
//
// Order: sends are pipelined (up to OUTBOX_MAX_IN_FLIGHT unacknowledged), but
// an edit, deletion or reaction waits for everything before it to be
// acknowledged, and nothing after it goes until it is: an edit queued before
// a deletion of the same message must reach the host first.
import { OUTBOX_MAX_MESSAGES, OUTBOX_MAX_STORED_BYTES } from './limits.js';
import type { Message } from './protocol/frames.js';
import { loadItems, saveItems, storedBytes, type OutboxItem, type OutboxKey, type OutboxStorage } from './outbox-store.js';

export interface OutboxEntry {
  readonly item: OutboxItem;
  readonly bytes: number;
  inFlight: boolean;
  resolve: (message: Message) => void;
  reject: (error: Error) => void;
}

/** An entry put back from the device's storage, for the front end to show and follow. */
export interface RestoredEntry {
  item: OutboxItem;
  done: Promise<Message>;
}

export class Outbox {
  private list: OutboxEntry[] = [];
  private key: OutboxKey | null = null;

  constructor(private readonly storage: OutboxStorage | null) {}

  get entries(): readonly OutboxEntry[] {
    return this.list;
  }

  /** Queues an item; returns why it cannot be queued, or the promise of the host's answer. */
  add(item: OutboxItem): { refused: string } | { done: Promise<Message> } {
    if (this.list.length >= OUTBOX_MAX_MESSAGES) {
      return { refused: `${OUTBOX_MAX_MESSAGES} messages and changes are already waiting to be sent; wait for the connection to come back.` };
    }
    const bytes = storedBytes(item);
    // The byte cap is about what is kept on the device (localStorage has a few
    // MB per origin); an outbox only in memory (the terminal client) is bounded
    // by OUTBOX_MAX_MESSAGES alone, as before.
    if (this.storage && this.totalBytes() + bytes > OUTBOX_MAX_STORED_BYTES) {
      return { refused: `What is waiting to be sent already fills the ${Math.round(OUTBOX_MAX_STORED_BYTES / 1024)} KB kept on this device; wait for the connection to come back.` };
    }
    const { entry, done } = makeEntry(item, bytes);
    this.list.push(entry);
    this.persist();
    return { done };
  }

  /** Takes an acknowledged (or refused for good) entry out, here and on the device. */
  remove(entry: OutboxEntry): void {
    const before = this.list.length;
    this.list = this.list.filter((e) => e !== entry);
    if (this.list.length !== before) this.persist();
  }

  /**
   * Says whose outbox this is (after each sign-in). The first time, the
   * entries saved on the device for this person in this session are put back
   * in front of anything queued since (they are older) and returned. Signing
   * in as someone else fails what the previous person queued in memory (it
   * stays saved for them).
   */
  bind(key: OutboxKey, otherPerson: () => Error): RestoredEntry[] {
    if (this.key && this.key.sessionId === key.sessionId && this.key.userId === key.userId) return [];
    if (this.key) this.failAll(otherPerson());
    this.key = key;
    if (!this.storage) return [];
    const queued = new Set(this.list.map((e) => e.item.id));
    const restored: RestoredEntry[] = [];
    const entries: OutboxEntry[] = [];
    for (const item of loadItems(this.storage, key)) {
      if (queued.has(item.id)) continue;
      queued.add(item.id);
      const { entry, done } = makeEntry(item, storedBytes(item));
      // Followed by whoever listens to 'restored'; nobody listening is not an error.
      done.catch(() => {});
      entries.push(entry);
      restored.push({ item, done });
    }
    this.list = [...entries, ...this.list];
    this.persist();
    return restored;
  }

  /** The connection was lost: nothing is in flight any more (all of it goes again). */
  resetInFlight(): void {
    for (const entry of this.list) entry.inFlight = false;
  }

  /** Fails every entry in memory (the client closed). The saved copy stays for the next start. */
  failAll(error: Error): void {
    for (const entry of this.list.splice(0)) entry.reject(error);
  }

  /** The entries to send now, marked in flight (see Order, above). */
  takeSendable(maxInFlight: number): OutboxEntry[] {
    let inFlight = this.list.reduce((n, e) => n + (e.inFlight ? 1 : 0), 0);
    const out: OutboxEntry[] = [];
    for (const entry of this.list) {
      const change = entry.item.kind !== 'send';
      if (entry.inFlight) {
        if (change) break;
        continue;
      }
      if (inFlight >= maxInFlight) break;
      if (change && inFlight > 0) break;
      entry.inFlight = true;
      inFlight++;
      out.push(entry);
      if (change) break;
    }
    return out;
  }

  private totalBytes(): number {
    return this.list.reduce((n, e) => n + e.bytes, 0);
  }

  private persist(): void {
    if (this.storage && this.key) saveItems(this.storage, this.key, this.list.map((e) => e.item));
  }
}

function makeEntry(item: OutboxItem, bytes: number): { entry: OutboxEntry; done: Promise<Message> } {
  let entry!: OutboxEntry;
  const done = new Promise<Message>((resolve, reject) => {
    entry = { item, bytes, inFlight: false, resolve, reject };
  });
  return { entry, done };
}
