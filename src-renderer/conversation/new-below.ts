// How many messages arrived below while the reader was scrolled up: the count
// on the "N new messages" pill. Counted like the unread badge (text and file
// messages from others, not deleted — countsAsUnread), from the newest message
// held when the reader left the bottom. Back at the bottom, it starts over.
import { useEffect, useRef } from 'react';
import type { Message } from '../../src-shared/protocol/frames.js';
import { capCount, countsAsUnread } from '../store/read-state-slice.js';

export function countNewBelow(messages: readonly Message[], afterSeq: number, meId: number | undefined): number {
  let count = 0;
  for (let i = messages.length - 1; i >= 0 && messages[i]!.seq > afterSeq; i--) {
    if (countsAsUnread(messages[i]!, meId)) count++;
  }
  return capCount(count);
}

/** The pill's count: messages after the newest one held while the reader was last at the bottom. */
export function useNewBelow(messages: readonly Message[], meId: number | undefined, atBottom: boolean): number {
  const newestSeq = messages[messages.length - 1]?.seq ?? 0;
  // The newest message held when the reader was last at the bottom, or when the list opened (opened at
  // the "New messages" line, what was already below is the line's news; the pill counts what comes after).
  const seenUpTo = useRef<number>(newestSeq);
  useEffect(() => {
    if (atBottom) seenUpTo.current = newestSeq;
  }, [atBottom, newestSeq]);
  if (atBottom) return 0;
  return countNewBelow(messages, seenUpTo.current, meId);
}
