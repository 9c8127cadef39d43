// What a reload left in the saved outbox: shown as pending after sign-in and
// followed to the end; changes made offline apply later or say why not.
import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ChatError } from '../../../src-shared/chat-client.js';
import type { RestoredEntry } from '../../../src-shared/outbox.js';
import type { Message } from '../../../src-shared/protocol/frames.js';
import { MessageList } from '../../../src-renderer/conversation/MessageList.js';
import { ALICE, message } from '../helpers/fixtures.js';
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
