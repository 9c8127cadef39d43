// Read state shown in the message list: the "New messages" line above the
// first message from someone else after where I had read when I opened the
// conversation, and in a DM "Seen" under the last of my messages the other
// person has read. Added to the rows buildRows made.
import type { MessageRow } from './message-rows.js';
import './read-markers.css';

export interface ReadMarkers {
  /** The "New messages" line goes above the first message from someone else after this seq; null = no line. */
  newAfterSeq: number | null;
  /** DMs: the other person's read position; null = not a DM or unknown. */
  seenSeq: number | null;
  meId: number | null;
}

const messageOf = (row: MessageRow) => (row.kind === 'message' || row.kind === 'file' ? row.message : null);

export function withReadMarkers(rows: MessageRow[], { newAfterSeq, seenSeq, meId }: ReadMarkers): MessageRow[] {
  if (newAfterSeq === null && (seenSeq === null || seenSeq <= 0)) return rows;
  let lineAt = -1;
  let seenAfter = -1;
  rows.forEach((row, i) => {
    const message = messageOf(row);
    if (!message) return;
    if (lineAt < 0 && newAfterSeq !== null && message.seq > newAfterSeq && message.from !== meId) lineAt = i;
    if (seenSeq !== null && message.from === meId && message.seq <= seenSeq) seenAfter = i;
  });
  if (lineAt < 0 && seenAfter < 0) return rows;
  const out: MessageRow[] = [];
  rows.forEach((row, i) => {
    if (i === lineAt) {
      out.push({ kind: 'new-line', key: 'new-line' });
      // The first new message shows who wrote it, even when it continues a group.
      out.push(row.kind === 'message' || row.kind === 'file' ? { ...row, startsGroup: true } : row);
    } else {
      out.push(row);
    }
    if (i === seenAfter) out.push({ kind: 'seen', key: 'seen' });
  });
  return out;
}
