// The thread panel and the sidebar's "Threads" list as a person uses them:
// the root and its replies, replying (also to the channel), Back and Escape,
// the unread threads to open; a reply in a DM thread goes encrypted and
// arrives decrypted; a reply in a thread I follow notifies; signing out
// forgets the threads.
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ChatError } from '../../../src-shared/chat-client-types.js';
import type { Message, ThreadState } from '../../../src-shared/protocol/frames.js';
import type { DmServiceFactory } from '../../../src-renderer/session/encrypted-dms.js';
import { ThreadPanel } from '../../../src-renderer/threads/ThreadPanel.js';
import { ThreadsList } from '../../../src-renderer/threads/ThreadsList.js';
import { ALICE, BOB, message } from '../helpers/fixtures.js';
import { renderWithServices, signedInServices, type TestServices } from '../helpers/render-app.js';
import { FakeDmService } from '../e2e-dms/fake-dm-service.js';

const ROOT = message({ seq: 500, conv: 'ch:1', from: ALICE.id, fromName: 'Alice', text: 'Who takes the demo?', thread: { replies: 2, lastReplyAt: 1, participants: [BOB.id] } });
const replies = [
  message({ seq: 501, conv: 'ch:1', threadRoot: 500, text: 'I can do Friday' }),
  message({ seq: 502, conv: 'ch:1', threadRoot: 500, text: 'After lunch though' }),
];
const state = (partial: Partial<ThreadState> = {}): ThreadState => ({ conv: 'ch:1', root: 500, readSeq: 0, unread: 2, lastReplyAt: 2, ...partial });

async function setUp(options: { root?: Message; replies?: Message[]; createDms?: DmServiceFactory } = {}) {
  const services = await signedInServices({
    configure: (client) => {
      client.handlers['thread.history'] = ({ conv }) => ({ conv, root: options.root ?? ROOT, messages: options.replies ?? replies, hasMore: false });
      client.handlers['thread.read'] = ({ conv, root, seq }) => state({ conv, root, readSeq: seq, unread: 0 });
    },
    ...(options.createDms && { createDms: options.createDms }),
  });
  const view = renderWithServices(
    <>
      <ThreadsList onNavigate={() => {}} />
      <ThreadPanel />
    </>,
    services,
  );
  return { services, ...view };
}

const panel = () => screen.getByRole('complementary', { name: /^Thread in/ });
const open = (services: TestServices, conv = 'ch:1', root = 500) => act(() => services.session.threads.open(conv, root));

describe('the thread panel', () => {
  it('shows the root, "2 replies" and the replies, and reads the thread (the host is told the newest reply)', async () => {
    const { services } = await setUp();
    await open(services);
    expect(screen.getByRole('heading', { name: 'Thread in #general' })).toBeInTheDocument();
    const log = within(panel()).getByRole('log', { name: 'Thread replies' });
    expect(within(log).getByText('Who takes the demo?')).toBeInTheDocument();
    expect(within(log).getByText('2 replies')).toBeInTheDocument();
    expect(within(log).getByText('I can do Friday')).toBeInTheDocument();
    expect(within(log).getByText('After lunch though')).toBeInTheDocument();
    // The root is not drawn with its own "open thread" summary inside the thread.
    expect(within(log).queryByRole('button', { name: /open thread/ })).toBeNull();
    await waitFor(() => expect(services.client.requests.find((r) => r.type === 'thread.read')?.params).toEqual({ conv: 'ch:1', root: 500, seq: 502 }));
    // The reply box has focus, ready to type.
    expect(screen.getByRole('textbox', { name: 'Reply in thread' })).toHaveFocus();
  });

  it('sends a reply with the thread root; "Also send to #general" sends it to the channel too', async () => {
    const { services, user } = await setUp();
    await open(services);
    const box = screen.getByRole('textbox', { name: 'Reply in thread' });
    expect(screen.getByRole('button', { name: 'Send reply' })).toBeDisabled();
    await user.type(box, 'Count me in{Enter}');
    await waitFor(() => expect(services.client.sent).toHaveLength(1));
    expect(services.client.sent[0]).toMatchObject({ conv: 'ch:1', text: 'Count me in', threadRoot: 500 });
    expect(services.client.sent[0]!.alsoToChannel).toBeUndefined();
    expect(box).toHaveValue('');
    act(() => services.client.sent[0]!.resolve(message({ seq: 503, conv: 'ch:1', from: ALICE.id, fromName: 'Alice', threadRoot: 500, text: 'Count me in' })));
    // Stored: the reply in place of its "Sending…" row.
    await waitFor(() => expect(within(panel()).getByText('Count me in').closest('.message--pending')).toBeNull());
    expect(services.store.getState().messages['ch:1']?.some((m) => m.seq === 503) ?? false).toBe(false); // only in the thread

    await user.click(screen.getByRole('checkbox', { name: 'Also send to #general' }));
    await user.type(box, 'Everyone: demo at 14:00');
    await user.click(screen.getByRole('button', { name: 'Send reply' }));
    await waitFor(() => expect(services.client.sent).toHaveLength(2));
    expect(services.client.sent[1]).toMatchObject({ text: 'Everyone: demo at 14:00', threadRoot: 500, alsoToChannel: true });
    act(() => services.client.sent[1]!.resolve(message({ seq: 504, conv: 'ch:1', from: ALICE.id, fromName: 'Alice', threadRoot: 500, alsoToChannel: true, text: 'Everyone: demo at 14:00' })));
    await waitFor(() => expect(services.store.getState().messages['ch:1']?.some((m) => m.seq === 504)).toBe(true));
  });

  it('edits my reply in place with the conversation\'s editor', async () => {
    const mine = message({ seq: 505, conv: 'ch:1', from: ALICE.id, fromName: 'Alice', threadRoot: 500, text: 'I cna do it' });
    const { services, user } = await setUp({ replies: [...replies, mine] });
    services.client.handlers['message.edit'] = ({ seq, text }) => ({ message: { ...mine, seq, text, editedAt: 2 } });
    await open(services);
    const row = (await within(panel()).findByText('I cna do it')).closest('.message') as HTMLElement;
    await user.hover(row);
    await user.click(within(row).getByRole('button', { name: 'Edit message' }));
    const editor = within(panel()).getByRole('textbox', { name: /edit/i });
    await user.clear(editor);
    await user.type(editor, 'I can do it{Enter}');
    await waitFor(() => expect(services.client.requests.find((r) => r.type === 'message.edit')?.params).toEqual({ seq: 505, text: 'I can do it' }));
    expect(await within(panel()).findByText('I can do it')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Reply in thread' })).toHaveFocus();
  });

  it("a reply's actions appear when it is pointed at or focus enters it (by its author's name), not before", async () => {
    const { services, user } = await setUp();
    await open(services);
    const bobs = (await within(panel()).findByText('I can do Friday')).closest('.message') as HTMLElement;
    expect(within(bobs).queryByRole('button', { name: 'Reply' })).toBeNull();
    await user.hover(bobs);
    expect(within(bobs).getByRole('button', { name: 'Reply' })).toBeInTheDocument();

    // Keyboard: focus on the next reply's author name (its first control), and its actions are there to Tab to.
    const later = within(panel()).getByText('After lunch though').closest('.message') as HTMLElement;
    expect(within(later).queryByRole('button', { name: 'Reply' })).toBeNull();
    act(() => within(later).getAllByRole('button')[0]!.focus());
    expect(within(later).getByRole('button', { name: 'Reply' })).toBeInTheDocument();
  });

  it('"Reply" on a reply quotes it in my thread reply; Escape drops the quote before it closes the thread', async () => {
    const { services, user } = await setUp();
    await open(services);
    const bobs = (await within(panel()).findByText('I can do Friday')).closest('.message') as HTMLElement;
    await user.hover(bobs);
    await user.click(within(bobs).getByRole('button', { name: 'Reply' }));
    const box = screen.getByRole('textbox', { name: 'Reply in thread' });
    expect(box).toHaveFocus();
    expect(within(panel()).getByText(/Replying to/).textContent).toBe('Replying to Bob');
    // Escape: the quote goes, the thread stays; × does the same.
    await user.keyboard('{Escape}');
    expect(within(panel()).queryByText(/Replying to/)).toBeNull();
    expect(screen.getByRole('complementary', { name: /^Thread in/ })).toBeInTheDocument();
    await user.click(within(bobs).getByRole('button', { name: 'Reply' }));
    await user.click(within(panel()).getByRole('button', { name: 'Cancel reply' }));
    expect(within(panel()).queryByText(/Replying to/)).toBeNull();
    expect(box).toHaveFocus();

    await user.click(within(bobs).getByRole('button', { name: 'Reply' }));
    await user.type(box, 'Friday works{Enter}');
    await waitFor(() => expect(services.client.sent).toHaveLength(1));
    expect(services.client.sent[0]).toMatchObject({ text: 'Friday works', threadRoot: 500, replyTo: 501 });
    expect(within(panel()).queryByText(/Replying to/)).toBeNull();
    act(() =>
      services.client.sent[0]!.resolve(
        message({ seq: 506, conv: 'ch:1', from: ALICE.id, fromName: 'Alice', threadRoot: 500, text: 'Friday works', replyTo: { seq: 501, from: BOB.id, fromName: 'Bob', kind: 'text', text: 'I can do Friday', deleted: false } }),
      ),
    );
    await waitFor(() => expect(within(panel()).getByText('Friday works').closest('.message--pending')).toBeNull());
    const mine = within(panel()).getByText('Friday works').closest('.message') as HTMLElement;
    expect(within(mine).getByRole('button', { name: "Show Bob's message: I can do Friday" })).toBeInTheDocument();
  });

  it('quotes go by the display name ("Replying to Bobby Tables"), and clicking one flashes the original in the thread', async () => {
    const quoted = message({ seq: 503, conv: 'ch:1', from: ALICE.id, fromName: 'Alice', threadRoot: 500, text: 'Then Friday it is', replyTo: { seq: 501, from: BOB.id, fromName: 'Bob', kind: 'text', text: 'I can do Friday', deleted: false } });
    const { services, user } = await setUp({ replies: [...replies, quoted] });
    act(() => services.client.fire('user', { ...BOB, online: true, displayName: 'Bobby Tables' }));
    await open(services);
    const bobs = (await within(panel()).findByText('I can do Friday', { selector: 'p' })).closest('.message') as HTMLElement;
    await user.hover(bobs);
    await user.click(within(bobs).getByRole('button', { name: 'Reply' }));
    expect(within(panel()).getByText(/Replying to/).textContent).toBe('Replying to Bobby Tables');

    expect(bobs).not.toHaveClass('message--highlight');
    await user.click(within(panel()).getByRole('button', { name: "Show Bobby Tables's message: I can do Friday" }));
    expect(bobs).toHaveClass('message--highlight');
  });

  it('my reply shows "Sending…" until the host has it; refused, "Not sent" with Retry sends it again (the same id), Discard drops it', async () => {
    const { services, user } = await setUp();
    await open(services);
    const box = screen.getByRole('textbox', { name: 'Reply in thread' });
    await user.type(box, 'On my way{Enter}');
    await waitFor(() => expect(services.client.sent).toHaveLength(1));
    const row = () => within(panel()).getByText('On my way').closest('.message') as HTMLElement;
    expect(within(row()).getByText('Sending…')).toBeInTheDocument();
    expect(box).toHaveValue('');

    await act(async () => services.client.sent[0]!.reject(new ChatError('rate_limited', 'Slow down a little.')));
    expect(await within(row()).findByRole('alert')).toHaveTextContent(/Not sent/);
    await user.click(within(row()).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(services.client.sent).toHaveLength(2));
    expect(services.client.sent[1]).toMatchObject({ text: 'On my way', threadRoot: 500, clientMsgId: services.client.sent[0]!.clientMsgId });
    expect(within(row()).getByText('Sending…')).toBeInTheDocument();
    act(() => services.client.sent[1]!.resolve(message({ seq: 507, conv: 'ch:1', from: ALICE.id, fromName: 'Alice', threadRoot: 500, text: 'On my way' })));
    await waitFor(() => expect(within(panel()).queryByText('Sending…')).toBeNull());
    expect(within(panel()).getAllByText('On my way')).toHaveLength(1);

    await user.type(box, 'Never mind{Enter}');
    await waitFor(() => expect(services.client.sent).toHaveLength(3));
    await act(async () => services.client.sent[2]!.reject(new ChatError('rate_limited', 'Slow down a little.')));
    const failed = (await within(panel()).findByText('Never mind')).closest('.message') as HTMLElement;
    await within(failed).findByRole('alert');
    await user.click(within(failed).getByRole('button', { name: 'Discard' }));
    expect(within(panel()).queryByText('Never mind')).toBeNull();
  });

  it('Back (the narrow screen\'s way out) and Escape close it', async () => {
    const { services, user } = await setUp();
    await open(services);
    await user.click(screen.getByRole('button', { name: 'Back to the conversation' }));
    expect(screen.queryByRole('complementary')).toBeNull();
    await open(services);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('complementary')).toBeNull();
    expect(services.store.getState().openThread).toBeNull();
  });
});

describe('the Threads list', () => {
  it('lists followed threads with unread replies, newest first, and opens one; reading it empties the list', async () => {
    const { services, user } = await setUp();
    expect(screen.queryByRole('heading', { name: 'Threads' })).toBeNull(); // nothing unread: not shown
    act(() => services.store.getState().setThreadStates([state({ conv: 'ch:2', root: 400, unread: 1, lastReplyAt: 1 }), state({ lastReplyAt: 5 })]));
    const list = screen.getByRole('list', { name: 'Threads' });
    const entries = within(list).getAllByRole('button');
    expect(entries.map((b) => b.textContent)).toEqual([expect.stringContaining('Thread in #general'), expect.stringContaining('Thread in #design')]);
    expect(entries[0]).toHaveTextContent('2');
    await user.click(entries[0]!);
    expect(await within(panel()).findByText('I can do Friday')).toBeInTheDocument();
    // Read on the host: only #design's thread is left.
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Threads' })).getAllByRole('button')).toHaveLength(1));
  });
});

describe('threads in an encrypted DM', () => {
  const DM = 'dm:1:2';
  const envelope = (text: string) => JSON.stringify({ t: text });

  it('a reply goes encrypted (the client never gets the text); replies arriving are decrypted', async () => {
    const dmRoot = message({ seq: 700, conv: DM, from: ALICE.id, fromName: 'Alice', text: '', e2e: envelope('the plan') });
    const { services, user } = await setUp({
      root: dmRoot,
      replies: [message({ seq: 701, conv: DM, threadRoot: 700, text: '', e2e: envelope('page reply, decrypted') })],
      createDms: (client) => new FakeDmService(client),
    });
    await open(services, DM, 700);
    expect(await within(panel()).findByText('the plan')).toBeInTheDocument();
    expect(within(panel()).getByText('page reply, decrypted')).toBeInTheDocument();

    act(() => services.client.fire('event', { seq: 702, type: 'thread.reply', message: message({ seq: 702, conv: DM, threadRoot: 700, text: '', e2e: envelope('live reply, decrypted') }) }, { replay: false }));
    expect(await within(panel()).findByText('live reply, decrypted')).toBeInTheDocument();

    await user.type(screen.getByRole('textbox', { name: 'Reply in thread' }), 'secret answer{Enter}');
    await waitFor(() => expect(services.client.sent).toHaveLength(1));
    expect(services.client.sent[0]).toMatchObject({ conv: DM, text: '', threadRoot: 700 });
    expect(JSON.parse(services.client.sent[0]!.e2e!)).toEqual({ t: 'secret answer' });
  });

  it('editing my reply in a DM thread goes encrypted too', async () => {
    const mine = message({ seq: 710, conv: DM, from: ALICE.id, fromName: 'Alice', threadRoot: 700, text: '', e2e: envelope('typo herre') });
    const { services, user } = await setUp({
      root: message({ seq: 700, conv: DM, from: BOB.id, text: '', e2e: envelope('the plan') }),
      replies: [mine],
      createDms: (client) => new FakeDmService(client),
    });
    services.client.handlers['message.edit'] = ({ seq, text }) => ({ message: { ...mine, seq, text, e2e: envelope('typo here'), editedAt: 2 } });
    await open(services, DM, 700);
    const row = (await within(panel()).findByText('typo herre')).closest('.message') as HTMLElement;
    await user.hover(row);
    await user.click(within(row).getByRole('button', { name: 'Edit message' }));
    const editor = within(panel()).getByRole('textbox', { name: /edit/i });
    await user.clear(editor);
    await user.type(editor, 'typo here{Enter}');
    await waitFor(() => expect(services.client.requests.find((r) => r.type === 'message.edit')).toBeDefined());
    // The host gets no text: the new words ride only in the (fake) envelope.
    expect(services.client.requests.find((r) => r.type === 'message.edit')!.params).toEqual({ seq: 710, text: '', e2e: JSON.stringify({ t: 'typo here' }) });
    expect(await within(panel()).findByText('typo here')).toBeInTheDocument();
  });
});

describe('thread notifications and signing out', () => {
  const reply = (seq: number, root: number, text: string, extra: Partial<Message> = {}) =>
    ({ seq, type: 'thread.reply' as const, message: message({ seq, conv: 'ch:1', threadRoot: root, text, ...extra }) });

  it('a reply in a thread I follow notifies ("Bob replied in a thread in #general"); one in a thread I am not in does not', async () => {
    const { services } = await setUp();
    services.focus.set(false);
    act(() => services.store.getState().applyThreadState(state({ root: 500 })));
    act(() => services.client.fire('event', reply(601, 500, 'Friday works'), { replay: false }));
    act(() => services.client.fire('event', reply(602, 999, 'not my thread'), { replay: false }));
    act(() => services.client.fire('event', reply(603, 500, 'replayed'), { replay: true }));
    await waitFor(() => expect(services.platform.notifications).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(services.platform.notifications).toEqual([{ title: 'Bob replied in a thread in #general', body: 'Friday works', conv: 'ch:1' }]);
    // Mentioned in a thread I did not follow: notifies too.
    act(() => services.client.fire('event', reply(604, 998, '@Alice a look?', { mentions: [ALICE.id] }), { replay: false }));
    await waitFor(() => expect(services.platform.notifications).toHaveLength(2));
  });

  it('not while I am reading that thread', async () => {
    const { services } = await setUp();
    await open(services);
    act(() => services.client.fire('event', reply(605, 500, 'seen it live'), { replay: false }));
    expect(await within(panel()).findByText('seen it live')).toBeInTheDocument();
    expect(services.platform.notifications).toEqual([]);
  });

  it('signing out forgets the open thread, its replies and the unread threads', async () => {
    const { services } = await setUp();
    await open(services);
    act(() => services.store.getState().setThreadStates([state()]));
    act(() => services.store.getState().resetSession());
    const s = services.store.getState();
    expect([s.openThread, s.threadReplies, s.threadStates]).toEqual([null, {}, {}]);
    expect(screen.queryByRole('complementary')).toBeNull();
  });
});
