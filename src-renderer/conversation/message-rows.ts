// Turns a conversation's messages (ordered by seq) and my pending ones into
// the rows the list shows: a separator for each day, and messages grouped by
// sender — a new group when the sender changes, after a notice, or after a
// pause of more than GROUP_GAP_MS. Runs of join/leave notices are collapsed
// into one line (notice-runs.ts).
import type { Message } from '../../src-shared/protocol/frames.js';
import { mentionsName } from '../../src-shared/mentions.js';
import type { Me } from '../store/connection-slice.js';
import type { PendingMessage } from '../store/conversations-slice.js';
import type { DmNotice } from '../store/dm-e2e-slice.js';
import type { Transfer } from '../store/transfers-slice.js';
import { collapseNoticeRuns } from './notice-runs.js';
import { dayKey, dayLabel } from './time-format.js';

export const GROUP_GAP_MS = 5 * 60_000;

export type MessageRow =
  | { kind: 'start'; key: string }
  | { kind: 'day'; key: string; label: string }
  | { kind: 'message'; key: string; message: Message; startsGroup: boolean; mentionsMe: boolean }
  | { kind: 'notice'; key: string; message: Message }
  /** A DM's system line about the other person's devices ("Bob has a new device"), placed by its time. */
  | { kind: 'dm-notice'; key: string; notice: DmNotice }
  /** Three or more join/leave notices in a row, shown as one line that opens (notice-runs.ts). */
  | { kind: 'notice-run'; key: string; messages: Message[] }
  | { kind: 'pending'; key: string; pending: PendingMessage; startsGroup: boolean }
  | { kind: 'file'; key: string; message: Message; startsGroup: boolean }
  | { kind: 'upload'; key: string; transfer: Transfer; startsGroup: boolean }
  /** "New messages": above the first unread message (read-markers.ts). */
  | { kind: 'new-line'; key: string }
  /** DMs: "Seen" under the last of my messages the other person has read (read-markers.ts). */
  | { kind: 'seen'; key: string };

export interface BuildRowsOptions {
  /** The host has nothing older: begin with the conversation's introduction. */
  atStart?: boolean;
  now?: number;
  /** A DM's device notices, oldest first. */
  notices?: readonly DmNotice[];
}

export function buildRows(
  messages: readonly Message[],
  pending: readonly PendingMessage[],
  me: Pick<Me, 'id' | 'name'> | null,
  options: BuildRowsOptions = {},
  uploads: readonly Transfer[] = [],
): MessageRow[] {
  const now = options.now ?? Date.now();
  const rows: MessageRow[] = options.atStart ? [{ kind: 'start', key: 'start' }] : [];
  let lastDay: string | null = null;
  let previous: { from: number; ts: number } | null = null;

  const dayOf = (ts: number) => {
    const key = dayKey(ts);
    if (key === lastDay) return;
    lastDay = key;
    previous = null;
    rows.push({ kind: 'day', key: `day-${key}`, label: dayLabel(ts, now) });
  };
  const startsGroup = (from: number, ts: number) => {
    const p = previous as { from: number; ts: number } | null;
    return !p || p.from !== from || ts - p.ts > GROUP_GAP_MS;
  };

  let next = 0;
  const notices = options.notices ?? [];
  /** Notices from before `ts` (all of them: Infinity). */
  const noticesUntil = (ts: number) => {
    while (next < notices.length && notices[next]!.ts <= ts) {
      const notice = notices[next++]!;
      dayOf(notice.ts);
      rows.push({ kind: 'dm-notice', key: `n${notice.id}`, notice });
      previous = null;
    }
  };

  for (const message of messages) {
    noticesUntil(message.ts);
    dayOf(message.ts);
    if (message.kind === 'file') {
      rows.push({ kind: 'file', key: `m${message.seq}`, message, startsGroup: startsGroup(message.from, message.ts) });
      previous = { from: message.from, ts: message.ts };
      continue;
    }
    if (message.kind !== 'text') {
      rows.push({ kind: 'notice', key: `m${message.seq}`, message });
      previous = null;
      continue;
    }
    rows.push({
      kind: 'message',
      key: `m${message.seq}`,
      message,
      startsGroup: startsGroup(message.from, message.ts),
      // The host's list when it sent one (it knows who @here reached); else the name rule.
      mentionsMe: me !== null && message.from !== me.id && !message.deleted && (message.mentions ? message.mentions.includes(me.id) : mentionsName(message.text, me.name)),
    });
    previous = { from: message.from, ts: message.ts };
  }
  noticesUntil(Infinity);
  for (const item of pending) {
    dayOf(item.ts);
    const from = me?.id ?? 0;
    rows.push({ kind: 'pending', key: `p${item.clientMsgId}`, pending: item, startsGroup: startsGroup(from, item.ts) });
    previous = { from, ts: item.ts };
  }
  // My uploads still on their way, oldest first (the file message replaces each when the host announces it).
  for (const transfer of [...uploads].sort((a, b) => a.ts - b.ts)) {
    dayOf(transfer.ts);
    const from = me?.id ?? 0;
    rows.push({ kind: 'upload', key: `u${transfer.clientMsgId}`, transfer, startsGroup: startsGroup(from, transfer.ts) });
    previous = { from, ts: transfer.ts };
  }
  return collapseNoticeRuns(rows);
}

/**
 * The key of the stored message that took the place of row `key` — my text or
 * upload on its way (`p…` / `u…` + its clientMsgId) once the host has it — or
 * null (another kind of row, or not stored yet).
 */
export function storedKeyOf(key: string, rows: readonly MessageRow[]): string | null {
  if (!key.startsWith('p') && !key.startsWith('u')) return null;
  const clientMsgId = key.slice(1);
  const stored = rows.find((row) => (row.kind === 'message' || row.kind === 'file') && row.message.clientMsgId === clientMsgId);
  return stored?.key ?? null;
}
