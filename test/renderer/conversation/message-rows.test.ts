import { describe, expect, it } from 'vitest';
import { buildRows, GROUP_GAP_MS } from '../../../src-renderer/conversation/message-rows.js';
import { dayLabel } from '../../../src-renderer/conversation/time-format.js';
import { ALICE, BOB, message } from '../helpers/fixtures.js';

const NOW = new Date(2026, 2, 14, 15, 0).getTime(); // Saturday 14 March 2026, 15:00 local
const at = (day: number, hour: number, minute = 0) => new Date(2026, 2, day, hour, minute).getTime();

describe('buildRows', () => {
  it('puts a separator before each day: Today, Yesterday, or the date', () => {
    const rows = buildRows(
      [message({ seq: 1, ts: at(10, 9) }), message({ seq: 2, ts: at(13, 18) }), message({ seq: 3, ts: at(14, 9) }), message({ seq: 4, ts: at(14, 10) })],
      [],
      ALICE,
      { now: NOW },
    );
    expect(rows.filter((r) => r.kind === 'day').map((r) => (r.kind === 'day' ? r.label : ''))).toEqual([dayLabel(at(10, 9), NOW), 'Yesterday', 'Today']);
    expect(rows.map((r) => r.kind)).toEqual(['day', 'message', 'day', 'message', 'day', 'message', 'message']);
  });

  it('groups consecutive messages by sender within a few minutes', () => {
    const rows = buildRows(
      [
        message({ seq: 1, from: BOB.id, ts: at(14, 9, 0) }),
        message({ seq: 2, from: BOB.id, ts: at(14, 9, 2) }),
        message({ seq: 3, from: ALICE.id, fromName: 'Alice', ts: at(14, 9, 3) }),
        message({ seq: 4, from: ALICE.id, fromName: 'Alice', ts: at(14, 9, 3) + GROUP_GAP_MS + 1 }),
      ],
      [],
      ALICE,
      { now: NOW },
    );
    expect(rows.flatMap((r) => (r.kind === 'message' ? [r.startsGroup] : []))).toEqual([true, false, true, true]);
  });

  it('shows join/leave notices as their own lines, breaking groups', () => {
    const rows = buildRows(
      [message({ seq: 1, ts: at(14, 9) }), message({ seq: 2, kind: 'join', text: '', from: 3, fromName: 'Carol', ts: at(14, 9) }), message({ seq: 3, ts: at(14, 9) })],
      [],
      ALICE,
      { now: NOW },
    );
    expect(rows.map((r) => r.kind)).toEqual(['day', 'message', 'notice', 'message']);
    expect(rows[3]).toMatchObject({ startsGroup: true });
  });

  it('adds my pending messages after the stored ones, in my group', () => {
    const rows = buildRows([message({ seq: 1, from: ALICE.id, fromName: 'Alice', ts: at(14, 9) })], [{ clientMsgId: 'p', conv: 'ch:1', text: 'hi', ts: at(14, 9, 1), status: 'sending', error: null }], ALICE, { now: NOW });
    expect(rows.at(-1)).toMatchObject({ kind: 'pending', startsGroup: false });
  });

  it('marks messages that mention me, and starts with the introduction when at the start', () => {
    const rows = buildRows([message({ seq: 1, text: 'hi @alice', ts: at(14, 9) })], [], ALICE, { now: NOW, atStart: true });
    expect(rows[0]).toEqual({ kind: 'start', key: 'start' });
    expect(rows.at(-1)).toMatchObject({ kind: 'message', mentionsMe: true });
  });
});
