import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ChatLayout } from '../../../src-renderer/chat/ChatLayout.js';
import { renderWithServices, signedInServices } from '../helpers/render-app.js';
import { ALICE, BOB, message, snapshot } from '../helpers/fixtures.js';

const ts = Date.UTC(2026, 0, 5, 9, 0);

describe('read markers in the message list', () => {
  it('shows "New messages" above the first unread message of a conversation opened with unread messages', async () => {
    const services = await signedInServices({
      configure: (client) => {
        client.resumeResult = snapshot({ convStates: [{ conv: 'ch:1', readSeq: 11, unread: 2, mentions: 0, muted: false }] });
        client.handlers.history = ({ conv }) => ({
          conv,
          messages: [10, 11, 12, 13].map((seq) => message({ seq, conv, ts: ts + seq * 1000, text: `text ${seq}` })),
          hasMore: false,
          hasNewer: false,
        });
      },
    });
    renderWithServices(<ChatLayout />, services);
    const line = await screen.findByRole('separator', { name: 'New messages' });
    const log = screen.getByRole('log');
    const order = [...log.querySelectorAll('[data-seq], [role="separator"]')].map((el) => el.getAttribute('data-seq') ?? 'line');
    expect(order).toEqual(['10', '11', 'line', '12', '13']);
    expect(line).toBeInTheDocument();
  });

  it('shows "Seen" under the last of my DM messages the other person read, moving with their read frames', async () => {
    const services = await signedInServices({
      configure: (client) => {
        client.resumeResult = snapshot({ convStates: [{ conv: 'dm:1:2', readSeq: 30, unread: 0, mentions: 0, muted: false, peerReadSeq: 21 }] });
        client.handlers.history = ({ conv }) => ({
          conv,
          messages: [20, 21, 22].map((seq) => message({ seq, conv, from: ALICE.id, fromName: 'Alice', ts: ts + seq * 1000, text: `mine ${seq}` })),
          hasMore: false,
          hasNewer: false,
        });
      },
    });
    renderWithServices(<ChatLayout />, services);
    act(() => services.session.openConversation('dm:1:2'));
    await screen.findByText('Seen');
    const order = () => [...screen.getByRole('log', { name: 'Messages in Bob' }).querySelectorAll('[data-seq], .seen-marker')].map((el) => el.getAttribute('data-seq') ?? 'seen');
    expect(order()).toEqual(['20', '21', 'seen', '22']);
    act(() => services.client.fire('read', { conv: 'dm:1:2', user: BOB.id, seq: 22 }));
    expect(order()).toEqual(['20', '21', '22', 'seen']);
  });
});
