import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ChatError } from '../../../src-shared/chat-client.js';
import { MessageList } from '../../../src-renderer/conversation/MessageList.js';
import { createFakePlatform } from '../helpers/fake-platform.js';
import { ALICE, message, messageEvent } from '../helpers/fixtures.js';
import { renderWithServices, signedInServices, type TestServices } from '../helpers/render-app.js';

async function showMessages(services: TestServices, texts: string[]) {
  services.client.handlers.history = ({ conv }) => ({ conv, messages: texts.map((text, i) => message({ seq: 500 + i, text })), hasMore: false, hasNewer: false });
  await act(() => services.session.history.load('ch:2', false));
}

describe('MessageList', () => {
  it('is a log named for the conversation', async () => {
    const services = await signedInServices();
    await showMessages(services, ['hi']);
    renderWithServices(<MessageList conv="ch:2" title="#design" channelName="#design" />, services);
    expect(screen.getByRole('log', { name: 'Messages in #design' })).toBeInTheDocument();
    expect(await screen.findByText('This is the very beginning of #design.', { exact: false })).toBeInTheDocument();
  });

  it('while the first page is on its way, shows a busy log with message shapes and a status, then the messages', async () => {
    const services = await signedInServices();
    renderWithServices(<MessageList conv="ch:2" title="#design" channelName="#design" />, services);
    const log = screen.getByRole('log', { name: 'Messages in #design' });
    expect(log).toHaveAttribute('aria-busy', 'true');
    expect(within(log).getByRole('status')).toHaveTextContent('Loading messages…');
    expect(within(log).getByTestId('messages-skeleton')).toHaveAttribute('aria-hidden', 'true');
    await showMessages(services, ['hello there']);
    expect(await screen.findByText('hello there')).toBeInTheDocument();
    expect(screen.getByRole('log', { name: 'Messages in #design' })).not.toHaveAttribute('aria-busy', 'true');
    expect(screen.queryByTestId('messages-skeleton')).toBeNull();
  });

  it('shows HTML in a message as text: no img or script element is made', async () => {
    const services = await signedInServices();
    await showMessages(services, ['<img src=x onerror=alert(1)>', '<script>alert("x")</script>', '<b>bold?</b>']);
    const { container } = renderWithServices(<MessageList conv="ch:2" title="#design" channelName="#design" />, services);
    expect(await screen.findByText('<img src=x onerror=alert(1)>')).toBeInTheDocument();
    expect(screen.getByText('<script>alert("x")</script>')).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
  });

  it('keeps newlines in the text (Markdown drops a continuation line\'s indent)', async () => {
    const services = await signedInServices();
    await showMessages(services, ['line one\n  line two']);
    renderWithServices(<MessageList conv="ch:2" title="#design" channelName="#design" />, services);
    const text = await screen.findByText('line one', { exact: false });
    expect(text.closest('.message__text')!.textContent).toBe('line one\nline two');
  });

  it('makes links anchors that open in a new tab without an opener', async () => {
    const services = await signedInServices();
    await showMessages(services, ['docs at https://example.com/guide and www.example.org']);
    renderWithServices(<MessageList conv="ch:2" title="#design" channelName="#design" />, services);
    const link = await screen.findByRole('link', { name: 'https://example.com/guide' });
    expect(link).toHaveAttribute('href', 'https://example.com/guide');
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    expect(screen.getByRole('link', { name: 'www.example.org' })).toHaveAttribute('href', 'http://www.example.org');
  });

  it('on the desktop, sends link clicks to the platform', async () => {
    const services = await signedInServices({ platform: createFakePlatform('desktop', { served: { url: 'ws://192.168.1.20:47800/ws', label: 'x' }, trust: false }) });
    await showMessages(services, ['see https://example.com']);
    const { user } = renderWithServices(<MessageList conv="ch:2" title="#design" channelName="#design" />, services);
    await user.click(await screen.findByRole('link', { name: 'https://example.com' }));
    expect(services.platform.opened).toEqual(['https://example.com']);
  });

  it('separates days and shows join notices as system lines', async () => {
    const services = await signedInServices();
    const yesterday = Date.now() - 24 * 3600_000;
    services.client.handlers.history = ({ conv }) => ({
      conv,
      messages: [message({ seq: 600, ts: yesterday, text: 'old' }), message({ seq: 601, kind: 'join', text: '', from: 3, fromName: 'Carol' }), message({ seq: 602, text: 'new' })],
      hasMore: false,
      hasNewer: false,
    });
    await act(() => services.session.history.load('ch:2', false));
    renderWithServices(<MessageList conv="ch:2" title="#design" channelName="#design" />, services);
    expect(await screen.findByRole('heading', { name: 'Yesterday' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Today' })).toBeInTheDocument();
    expect(screen.getByText('Carol joined #design')).toBeInTheDocument();
  });

  it('shows my message greyed "Sending…" until acknowledged, and Retry when refused', async () => {
    const services = await signedInServices();
    await showMessages(services, []);
    const { user } = renderWithServices(<MessageList conv="ch:2" title="#design" channelName="#design" />, services);
    await screen.findByText('This is the very beginning of #design.', { exact: false });
    act(() => services.session.messages.send('ch:2', 'on its way'));
    expect(await screen.findByText('Sending…')).toBeInTheDocument();
    const sent = services.client.sent[0]!;
    await act(async () => sent.reject(new ChatError('not_a_member', 'Join #design first.', 'conv')));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Not sent: Join #design first.');
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(services.client.sent).toHaveLength(2);
    expect(await screen.findByText('Sending…')).toBeInTheDocument();
    await act(async () => {
      services.client.sent[1]!.resolve(message({ seq: 700, conv: 'ch:2', from: ALICE.id, fromName: 'Alice', clientMsgId: sent.clientMsgId, text: 'on its way' }));
    });
    await waitFor(() => expect(screen.queryByText('Sending…')).toBeNull());
    expect(screen.getByText('on its way')).toBeInTheDocument();
  });

  it('shows my message once when its acknowledgement and its echoed event both arrive, in either order', async () => {
    const services = await signedInServices();
    await showMessages(services, []);
    renderWithServices(<MessageList conv="ch:2" title="#design" channelName="#design" />, services);
    await screen.findByText('This is the very beginning of #design.', { exact: false });
    const mine = (seq: number, index: number, text: string) =>
      message({ seq, conv: 'ch:2', from: ALICE.id, fromName: 'Alice', clientMsgId: services.client.sent[index]!.clientMsgId, text });

    // The usual order: the reply, then the event.
    act(() => services.session.messages.send('ch:2', 'reply first'));
    const first = mine(710, 0, 'reply first');
    await act(async () => services.client.sent[0]!.resolve(first));
    act(() => services.client.fire('event', messageEvent(first), { replay: false }));
    // After a lost reply: the event replayed on resume, then the re-sent message's reply.
    act(() => services.session.messages.send('ch:2', 'event first'));
    const second = mine(711, 1, 'event first');
    act(() => services.client.fire('event', messageEvent(second), { replay: true }));
    await act(async () => services.client.sent[1]!.resolve(second));

    await waitFor(() => expect(screen.queryByText('Sending…')).toBeNull());
    expect(screen.getAllByText('reply first')).toHaveLength(1);
    expect(screen.getAllByText('event first')).toHaveLength(1);
  });

  it('shows live messages as they arrive', async () => {
    const services = await signedInServices();
    await showMessages(services, ['first']);
    renderWithServices(<MessageList conv="ch:2" title="#design" channelName="#design" />, services);
    await screen.findByText('first');
    act(() => services.client.fire('event', messageEvent(message({ seq: 800, conv: 'ch:2', text: 'second' })), { replay: false }));
    expect(await screen.findByText('second')).toBeInTheDocument();
  });
});
