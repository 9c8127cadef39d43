import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Message } from '../../../src-shared/protocol/frames.js';
import { buildRows } from '../../../src-renderer/conversation/message-rows.js';
import { MessageRowView } from '../../../src-renderer/conversation/MessageRowView.js';
import { ALICE, message } from '../helpers/fixtures.js';
import { renderWithServices, signedInServices } from '../helpers/render-app.js';

const T = new Date(2026, 2, 14, 9, 0).getTime();
let n = 0;
const notice = (kind: 'join' | 'leave', from: number, fromName: string): Message => message({ seq: 100 + ++n, kind, from, fromName, text: '', ts: T + n * 1000 });

describe('join/leave notices', () => {
  it('collapses three or more in a row into one line: "Ann, Bob and 3 others joined · Carol left"', async () => {
    const messages = [
      message({ seq: 1, ts: T }),
      notice('join', 10, 'Ann'),
      notice('join', 11, 'Bob'),
      notice('join', 12, 'Dan'),
      notice('join', 13, 'Eve'),
      notice('leave', 14, 'Carol'),
      notice('join', 15, 'Fay'),
      message({ seq: 200, ts: T + 60_000 }),
      notice('join', 16, 'Gil'),
      notice('leave', 16, 'Gil'),
    ];
    const rows = buildRows(messages, [], ALICE, { now: T });
    // Two notices in a row stay as they are.
    expect(rows.map((r) => r.kind)).toEqual(['day', 'message', 'notice-run', 'message', 'notice', 'notice']);
    const run = rows[2]!;
    renderWithServices(<MessageRowView row={run} myName="Alice" channelName="#general" title="#general" onRetry={() => {}} onDiscard={() => {}} />, await signedInServices());
    expect(screen.getByText('Ann, Bob and 3 others joined · Carol left')).toBeInTheDocument();
  });

  it('opens to show every notice and closes again', async () => {
    const rows = buildRows([notice('join', 10, 'Ann'), notice('join', 11, 'Bob'), notice('leave', 12, 'Carol')], [], ALICE, { now: T });
    const run = rows.find((r) => r.kind === 'notice-run')!;
    const { user } = renderWithServices(<MessageRowView row={run} myName="Alice" channelName="#general" title="#general" onRetry={() => {}} onDiscard={() => {}} />, await signedInServices());
    expect(screen.getByText('Ann and Bob joined · Carol left')).toBeInTheDocument();
    const toggle = screen.getByRole('button', { name: 'Show all 3 join and leave notices' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByText('Carol left #general')).toBeNull();
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const list = screen.getByRole('list');
    expect(within(list).getAllByRole('listitem').map((li) => li.querySelector('.notice-line__text')!.textContent)).toEqual([
      'Ann joined #general',
      'Bob joined #general',
      'Carol left #general',
    ]);
    await user.click(screen.getByRole('button', { name: 'Hide the 3 join and leave notices' }));
    expect(screen.queryByText('Carol left #general')).toBeNull();
  });
});
