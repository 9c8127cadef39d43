// Opening a conversation with more unread messages than the newest page holds:
// the list opens at the first unread message, under the "New messages" line,
// not at the top of the newest page (issue 12, scrolling).
import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ChatLayout } from '../../../src-renderer/chat/ChatLayout.js';
import { message, snapshot } from '../helpers/fixtures.js';
import { renderWithServices, signedInServices } from '../helpers/render-app.js';

const ts = Date.UTC(2026, 0, 5, 9, 0);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Alice with 80 unread in #general after seq 100 (a newest page of 131–180); `asked` collects the history requests. */
function firstUnreadServices(asked: Array<{ after?: number; before?: number }>) {
  return signedInServices({
    configure: (client) => {
      client.resumeResult = snapshot({ convStates: [{ conv: 'ch:1', readSeq: 100, unread: 80, mentions: 0, muted: false }] });
      client.handlers.read = ({ conv, seq }) => ({ conv, seq });
      client.handlers.history = ({ conv, after, before }) => {
        asked.push({ ...(after !== undefined && { after }), ...(before !== undefined && { before }) });
        const seqs = after !== undefined ? range(after + 1, after + 50) : range(131, 180);
        return { conv, messages: seqs.map((seq) => message({ seq, conv, ts: ts + seq * 1000, text: `text ${seq}` })), hasMore: true, hasNewer: after !== undefined };
      };
    },
  });
}

describe('opening at the first unread message', () => {
  it('with 80 unread after seq 100 and a newest page of 131–180, opens the page after 100 with the line above 101', async () => {
    const asked: Array<{ after?: number; before?: number }> = [];
    const services = await firstUnreadServices(asked);
    renderWithServices(<ChatLayout />, services);
    const line = await screen.findByRole('separator', { name: 'New messages' });
    await waitFor(() => expect(asked).toContainEqual({ after: 100 }));
    await waitFor(() => {
      const order = [...screen.getByRole('log').querySelectorAll('[data-seq], [role="separator"][aria-label="New messages"]')].map((el) => el.getAttribute('data-seq') ?? 'line');
      expect(order.slice(0, 2)).toEqual(['line', '101']);
    });
    expect(line).toBeDefined();
    // Not at the newest: the way there is offered, and nothing was reported read.
    expect(screen.getByRole('button', { name: 'Jump to newest' })).toBeInTheDocument();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(services.client.requests.filter((r) => r.type === 'read')).toEqual([]);
  });

  it('opens at the first unread again after leaving the session and coming back (what was opened is forgotten with the session)', async () => {
    const asked: Array<{ after?: number; before?: number }> = [];
    const services = await firstUnreadServices(asked);
    const first = renderWithServices(<ChatLayout />, services);
    await waitFor(() => expect(asked).toContainEqual({ after: 100 }));
    first.unmount();

    // Leave for "Find or host" and come back (the saved sign-in resumes): the same 80 unread after 100.
    await act(() => services.session.leaveSession());
    asked.length = 0;
    await act(() => services.session.start());
    renderWithServices(<ChatLayout />, services);
    await waitFor(() => expect(asked).toContainEqual({ after: 100 }));
    expect(await screen.findByRole('separator', { name: 'New messages' })).toBeInTheDocument();
  });
});
