// Small per-window settings kept in the renderer's localStorage, on the web
// and on the desktop alike (the renderer's origin is stable in both): which
// conversation was open last, per session and person. Anything that must
// survive a profile reset or be read by main goes through IPC instead.

const LAST_CONVERSATION_PREFIX = 'parley.lastConversation.';

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

export function saveLastConversation(sessionId: string, userId: number, conv: string): void {
  try {
    storage()?.setItem(`${LAST_CONVERSATION_PREFIX}${sessionId}.${userId}`, conv);
  } catch {
    // quota or disabled storage: not remembered
  }
}
