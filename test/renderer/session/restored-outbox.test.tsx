// What a reload left in the saved outbox: shown as pending after sign-in and
// followed to the end (a thread reply in its thread); changes made offline
// apply later or say why not.
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ChatError } from '../../../src-shared/chat-client.js';
import type { RestoredEntry } from '../../../src-shared/outbox.js';
import type { Message } from '../../../src-shared/protocol/frames.js';
import { MessageList } from '../../../src-renderer/conversation/MessageList.js';
import { ThreadPanel } from '../../../src-renderer/threads/ThreadPanel.js';
import { ALICE, BOB, message } from '../helpers/fixtures.js';
import { renderWithServices, signedInServices } from '../helpers/render-app.js';

function deferred() {
  let resolve!: (m: Message) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<Message>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('the restored outbox', () => {
  it('shows a message saved before the reload as "Sending…" after sign-in, then as sent', async () => {
    const services = await signedInServices();
    services.client.handlers.history = ({ conv }) => ({ conv, messages: [], hasMore: false, hasNewer: false });
    await act(() => services.session.history.load('ch:2', false));
    renderWithServices(<MessageList conv="ch:2" title="#design" channelName="#design" />, services);
    await screen.findByText('This is the very beginning of #design.', { exact: false });

    const ack = deferred();
    const restored: RestoredEntry[] = [{ item: { kind: 'send', id: 'typed-before-reload', ts: Date.now() - 60_000, conv: 'ch:2', text: 'typed on the train' }, done: ack.promise }];
    act(() => services.client.fire('restored', restored));
    expect(await screen.findByText('Sending…')).toBeInTheDocument();
    expect(screen.getByText('typed on the train')).toBeInTheDocument();

    await act(async () => ack.resolve(message({ seq: 700, conv: 'ch:2', from: ALICE.id, fromName: 'Alice', clientMsgId: 'typed-before-reload', text: 'typed on the train' })));
    await waitFor(() => expect(screen.queryByText('Sending…')).toBeNull());
    expect(screen.getAllByText('typed on the train')).toHaveLength(1);
  });

  it('shows a thread reply saved before the reload under its thread, not in the channel — and in the channel once stored only when also sent there', async () => {
    const root = message({ seq: 500, conv: 'ch:2', from: BOB.id, fromName: 'Bob', text: 'Who takes the demo?', thread: { replies: 0, lastReplyAt: 1, participants: [] } });
    const services = await signedInServices({
      configure: (client) => {
        client.handlers['thread.history'] = ({ conv }) => ({ conv, root, messages: [], hasMore: false });
        client.handlers['thread.read'] = ({ conv, root: r, seq }) => ({ conv, root: r, readSeq: seq, unread: 0, lastReplyAt: 1 });
      },
    });
    services.client.handlers.history = ({ conv }) => ({ conv, messages: [root], hasMore: false, hasNewer: false });
    await act(() => services.session.history.load('ch:2', false));
    renderWithServices(
      <>
        <MessageList conv="ch:2" title="#design" channelName="#design" />
        <ThreadPanel />
      </>,
      services,
    );
    await act(() => services.session.threads.open('ch:2', 500));
    const panel = screen.getByRole('complementary', { name: /^Thread in/ });
    const channel = screen.getByRole('log', { name: /#design/ });

    const onlyThread = deferred();
    const alsoChannel = deferred();
    const ts = Date.now() - 60_000;
    const restored: RestoredEntry[] = [
      { item: { kind: 'send', id: 'reply-before-reload', ts, conv: 'ch:2', text: 'I can do Friday', threadRoot: 500 }, done: onlyThread.promise },
      { item: { kind: 'send', id: 'also-before-reload', ts, conv: 'ch:2', text: 'Demo at 14:00', threadRoot: 500, alsoToChannel: true }, done: alsoChannel.promise },
    ];
    act(() => services.client.fire('restored', restored));
    expect(await within(panel).findByText('I can do Friday')).toBeInTheDocument();
    expect(within(panel).getAllByText('Sending…')).toHaveLength(2);
    // Not in the channel: neither its pending rows (drawn under the list) nor its messages.
    expect(within(channel).queryByText('I can do Friday')).toBeNull();
    expect(within(channel).queryByText('Demo at 14:00')).toBeNull();
    expect(services.store.getState().pending['ch:2'] ?? []).toEqual([]);

    const stored = { conv: 'ch:2', from: ALICE.id, fromName: 'Alice', threadRoot: 500 };
    await act(async () => onlyThread.resolve(message({ ...stored, seq: 501, clientMsgId: 'reply-before-reload', text: 'I can do Friday' })));
    await act(async () => alsoChannel.resolve(message({ ...stored, seq: 502, clientMsgId: 'also-before-reload', text: 'Demo at 14:00', alsoToChannel: true })));
    await waitFor(() => expect(within(panel).queryByText('Sending…')).toBeNull());
    expect(within(panel).getAllByText('I can do Friday')).toHaveLength(1);
    expect(within(panel).getAllByText('Demo at 14:00')).toHaveLength(1);
    // The channel's list holds the one also sent to it, and not the thread-only one.
    expect(services.store.getState().messages['ch:2']?.map((m) => m.seq)).toEqual([500, 502]);
    expect(services.store.getState().pending['ch:2'] ?? []).toEqual([]);
  });

  it('queues an edit made offline (the editor is not kept waiting) and shows the host’s refusal when it comes', async () => {
    const services = await signedInServices();
    const answer = deferred();
    services.client.handlers['message.edit'] = () => answer.promise.then((m) => ({ message: m }));
    services.client.setState('reconnecting');
    await services.session.messages.edit(42, 'fixed'); // returns at once, queued
    expect(services.store.getState().banner).toBeNull();
    await act(async () => answer.reject(new ChatError('message_deleted', 'That message was deleted; there is nothing to edit.', 'seq')));
    await waitFor(() => expect(services.store.getState().banner).toMatchObject({ code: 'message_deleted', text: expect.stringContaining('That message was deleted') }));
  });

  it('waits for the host online, so the editor can show a refusal', async () => {
    const services = await signedInServices();
    services.client.handlers['message.edit'] = () => {
      throw new ChatError('message_deleted', 'That message was deleted; there is nothing to edit.', 'seq');
    };
    await expect(services.session.messages.edit(42, 'fixed')).rejects.toMatchObject({ code: 'message_deleted' });
  });
});
