// The outbox as saved on the device, so nothing typed is lost to a page
// reload or an app restart. The platform passes a storage (the renderer:
// localStorage; the terminal client passes none and keeps its outbox in
// memory); entries are kept per session and person, because a queued message
// must only ever be sent as the person who typed it, to the session it was
// typed in.
//
// Saved entries are plain data (no promises): what to send and the id the host
// knows it by. A send keeps its clientMsgId, so sending it again after a reload
// is idempotent (the host answers a known clientMsgId with the stored message);
// edits, deletions and reactions are idempotent by themselves.
import { z } from 'zod';
import { CLIENT_ID_MAX_CHARS, E2E_MAX_ENVELOPE_BYTES } from './limits.js';

/** Where the outbox of one person in one session is saved. */
export interface OutboxKey {
  sessionId: string;
  userId: number;
}

/**
 * A synchronous key-value store given by the platform (localStorage fits).
 * `write(key, null)` removes. Writes may throw (quota, storage disabled): the
 * outbox then keeps going in memory.
 */
export interface OutboxStorage {
  read(key: OutboxKey): string | null;
  write(key: OutboxKey, value: string | null): void;
}

const base = { id: z.string().min(1).max(CLIENT_ID_MAX_CHARS), ts: z.number() };
const seq = z.number().int().positive();
/**
 * An end-to-end encrypted DM's envelope (JSON text), made once when the
 * message was queued: every retry sends the very same envelope (same message
 * id, same counter), so the host stores it once and receivers see one message.
 * Optional, so outboxes saved before it existed still load.
 */
const envelope = z.string().max(E2E_MAX_ENVELOPE_BYTES);

/** One queued change, in the order it was made. For a send, `id` is its clientMsgId. */
export const outboxItem = z.discriminatedUnion('kind', [
  // threadRoot / alsoToChannel (threads, 0.9.0) are optional: outboxes saved before them still load.
  z.object({ kind: z.literal('send'), ...base, conv: z.string(), text: z.string(), replyTo: seq.optional(), e2e: envelope.optional(), threadRoot: seq.optional(), alsoToChannel: z.boolean().optional() }),
  z.object({ kind: z.literal('edit'), ...base, seq, text: z.string(), e2e: envelope.optional() }),
  z.object({ kind: z.literal('delete'), ...base, seq }),
  z.object({ kind: z.literal('react'), ...base, seq, emoji: z.string(), on: z.boolean() }),
]);
export type OutboxItem = z.infer<typeof outboxItem>;
/** What a caller asks for: an edit, deletion or reaction (sends go through ChatClient.send). */
export type OutboxChange =
  | { kind: 'edit'; seq: number; text: string; e2e?: string }
  | { kind: 'delete'; seq: number }
  | { kind: 'react'; seq: number; emoji: string; on: boolean };

const encoder = new TextEncoder();

/** UTF-8 bytes of an item as saved (what OUTBOX_MAX_STORED_BYTES counts). */
export function storedBytes(item: OutboxItem): number {
  return encoder.encode(JSON.stringify(item)).length + 1;
}

/** Reads the saved items; anything unreadable (another version, hand-edited) is skipped, not fatal. */
export function loadItems(storage: OutboxStorage, key: OutboxKey): OutboxItem[] {
  let raw: string | null;
  try {
    raw = storage.read(key);
  } catch {
    return [];
  }
  if (!raw) return [];
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(json)) return [];
  return json.flatMap((value) => {
    const parsed = outboxItem.safeParse(value);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Saves the items (removes the record when there are none). A failing storage is ignored: memory still has them. */
export function saveItems(storage: OutboxStorage, key: OutboxKey, items: readonly OutboxItem[]): void {
  try {
    storage.write(key, items.length === 0 ? null : JSON.stringify(items));
  } catch {
    // quota or storage disabled: the outbox still holds them until the app closes
  }
}

/** An in-memory storage (tests; a front end with nowhere to save). */
export function memoryOutboxStorage(): OutboxStorage & { readonly records: Map<string, string> } {
  const records = new Map<string, string>();
  const name = (key: OutboxKey) => `${key.sessionId}.${key.userId}`;
  return {
    records,
    read: (key) => records.get(name(key)) ?? null,
    write: (key, value) => {
      if (value === null) records.delete(name(key));
      else records.set(name(key), value);
    },
  };
}
