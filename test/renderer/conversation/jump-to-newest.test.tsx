// The "N new messages" pill and "Jump to newest" (issue 12, scrolling). jsdom
// does no layout: the scroller's geometry is set by hand and a scroll event
// tells Virtuoso where the reader is (the E2E test scrolls for real).
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { VirtuosoMockContext } from 'react-virtuoso';
import { describe, expect, it } from 'vitest';
import { MessageList } from '../../../src-renderer/conversation/MessageList.js';
import { ALICE, message, messageEvent } from '../helpers/fixtures.js';
import { renderWithServices, signedInServices, type TestServices } from '../helpers/render-app.js';

const CONV = 'ch:2';

async function openList(services: TestServices) {
  services.client.handlers.history = ({ conv }) => ({ conv, messages: Array.from({ length: 20 }, (_, i) => message({ seq: 100 + i, conv, text: `old ${i}` })), hasMore: false, hasNewer: false });
  await act(() => services.session.history.load(CONV, false));
  // A 400 px window over 40 px rows: the 20 messages do not all fit.
  const view = renderWithServices(
    <VirtuosoMockContext.Provider value={{ viewportHeight: 400, itemHeight: 40 }}>
      <MessageList conv={CONV} title="#design" channelName="#design" />
    </VirtuosoMockContext.Provider>,
    services,
  );
  // The scroller as a browser leaves it after opening: at the end, with a
  // 400 px window (jsdom has no layout).
  const scroller = scrollerOf(view.container);
  Object.defineProperty(scroller, 'offsetHeight', { configurable: true, get: () => 400 });
  scrollTo(scroller, END, false);
  await screen.findByText('old 19');
  // Virtuoso's opening scroll (initialScrollTop, a frame after the rows) puts
  // its own position at the end: let it happen before the reader scrolls.
  await act(() => new Promise<void>((resolve) => setTimeout(resolve, 100)));
  return view;
}

/**
 * Puts the reader at `top` px in the scroller (well past any list of these
 * tests' length = the end). Returns where the reader is now.
 */
const END = 2000;
function scrollTo(scroller: HTMLElement, at: number, up = true) {
  let top = at;
  Object.defineProperty(scroller, 'scrollHeight', { configurable: true, get: () => END + 400 });
  Object.defineProperty(scroller, 'scrollTop', { configurable: true, get: () => top, set: (v: number) => (top = Math.min(v, END)) });
  if (!up) return { top: () => top };
  fireEvent.wheel(scroller, { deltaY: -100 }); // a reader scrolling up (which unpins the list from the end)
  fireEvent.scroll(scroller);
  return { top: () => top };
}

const scrollerOf = (container: HTMLElement) => container.querySelector<HTMLElement>('.message-list__scroller')!;
const arrive = (services: TestServices, seq: number, from = 2) =>
  act(() => services.client.fire('event', messageEvent(message({ seq, conv: CONV, from, fromName: from === ALICE.id ? 'Alice' : 'Bob', text: `news ${seq}` })), { replay: false }));

describe('Jump to newest and the "N new messages" pill', () => {
  it('is not there while the newest message is on screen', async () => {
    const services = await signedInServices();
    await openList(services);
    await arrive(services, 200);
    await screen.findByText('news 200');
    expect(screen.queryByRole('button', { name: /jump to newest/i })).toBeNull();
  });

  it('offers "Jump to newest" once scrolled up, counts messages from others that arrive, and goes back down', async () => {
    const services = await signedInServices();
    const { container, user } = await openList(services);
    const scroller = scrollerOf(container);
    const position = scrollTo(scroller, 0);
    const jump = await screen.findByRole('button', { name: 'Jump to newest' });
    expect(jump).toHaveTextContent('Jump to newest');

    await arrive(services, 200);
    expect(await screen.findByRole('button', { name: '1 new message — jump to newest' })).toBeInTheDocument();
    await arrive(services, 201);
    await arrive(services, 202, ALICE.id); // my own, from another device: not news
    await arrive(services, 203);
    const pill = await screen.findByRole('button', { name: '3 new messages — jump to newest' });
    expect(pill).toHaveTextContent('3 new messages');
    expect(position.top()).toBe(0); // the reader was not moved

    await user.click(pill);
    expect(position.top()).toBe(END); // at the end
    fireEvent.scroll(scroller);
    await waitFor(() => expect(screen.queryByRole('button', { name: /new message|jump to newest/i })).toBeNull());

    // Scrolled up again later: the count starts over.
    scrollTo(scroller, 40);
    expect(await screen.findByRole('button', { name: 'Jump to newest' })).toBeInTheDocument();
    await arrive(services, 204);
    expect(await screen.findByRole('button', { name: '1 new message — jump to newest' })).toBeInTheDocument();
  });
});
