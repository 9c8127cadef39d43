// Runs of join/leave notices, collapsed as Slack does: three or more in a row
// (nothing else between them, same day) become one line — "Ann, Bob and 3
// others joined · Carol left" — that a toggle opens to show each notice.
import type { Message } from '../../src-shared/protocol/frames.js';
import type { MessageRow } from './message-rows.js';

/** This many join/leave notices in a row or more are collapsed into one line. */
export const NOTICE_RUN_MIN = 3;
/** Names written out before "and N others". */
const NAMES_SHOWN = 2;

type NoticeRow = Extract<MessageRow, { kind: 'notice' }>;

const isJoinLeave = (row: MessageRow): row is NoticeRow => row.kind === 'notice' && (row.message.kind === 'join' || row.message.kind === 'leave');

/** `rows` with each run of NOTICE_RUN_MIN+ join/leave notices replaced by one 'notice-run' row. */
export function collapseNoticeRuns(rows: readonly MessageRow[]): MessageRow[] {
  const out: MessageRow[] = [];
  let run: NoticeRow[] = [];
  const flush = () => {
    if (run.length >= NOTICE_RUN_MIN) out.push({ kind: 'notice-run', key: `run-${run[0]!.message.seq}`, messages: run.map((r) => r.message) });
    else out.push(...run);
    run = [];
  };
  for (const row of rows) {
    if (isJoinLeave(row)) {
      run.push(row);
      continue;
    }
    flush();
    out.push(row);
  }
  flush();
  return out;
}

/** "Ann", "Ann and Bob", "Ann, Bob and Carol", "Ann, Bob and 3 others". */
export function nameList(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length <= NAMES_SHOWN + 1) return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  const others = names.length - NAMES_SHOWN;
  return `${names.slice(0, NAMES_SHOWN).join(', ')} and ${others} others`;
}

/** "Ann, Bob and 3 others joined · Carol left": each person once, under what they did last. */
export function noticeRunSummary(messages: readonly Message[], nameOf: (message: Message) => string = (m) => m.fromName): string {
  const last = new Map<number, Message>();
  for (const message of messages) {
    last.delete(message.from); // re-insert: ordered by when they last did something
    last.set(message.from, message);
  }
  const joined = [...last.values()].filter((m) => m.kind === 'join').map(nameOf);
  const left = [...last.values()].filter((m) => m.kind === 'leave').map(nameOf);
  return [joined.length ? `${nameList(joined)} joined` : '', left.length ? `${nameList(left)} left` : ''].filter(Boolean).join(' · ');
}
