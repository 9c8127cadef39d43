// Small per-window settings kept in the renderer's localStorage, on the web
// and on the desktop alike (the renderer's origin is stable in both): which
// conversation was open last, and the outbox of what is not sent yet, per
// session and person. Anything that must survive a profile reset or be read by
// main goes through IPC instead.
import type { OutboxKey, OutboxStorage } from '../../src-shared/outbox-store.js';

const LAST_CONVERSATION_PREFIX = 'parley.lastConversation.';
const OUTBOX_PREFIX = 'parley.outbox.';

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage disabled: nothing is remembered
  }
}

/** The conversation last open in `sessionId` as `userId`, or null. */
export function loadLastConversation(sessionId: string, userId: number): string | null {
  return storage()?.getItem(`${LAST_CONVERSATION_PREFIX}${sessionId}.${userId}`) ?? null;
}

const outboxName = (key: OutboxKey) => `${OUTBOX_PREFIX}${key.sessionId}.${key.userId}`;

/**
 * ChatClient's saved outbox. Writes throw on a full or disabled storage, and
 * the client then keeps the outbox in memory only (see outbox-store.ts).
 */
export const localOutboxStorage: OutboxStorage = {
  read: (key) => storage()?.getItem(outboxName(key)) ?? null,
  write: (key, value) => {
    const store = storage();
    if (!store) return;
    if (value === null) store.removeItem(outboxName(key));
    else store.setItem(outboxName(key), value);
  },
};

export function saveLastConversation(sessionId: string, userId: number, conv: string): void {
  try {
    storage()?.setItem(`${LAST_CONVERSATION_PREFIX}${sessionId}.${userId}`, conv);
  } catch {
    // quota or disabled storage: not remembered
  }
}
