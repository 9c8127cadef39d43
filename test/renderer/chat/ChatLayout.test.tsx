import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ChatError } from '../../../src-shared/chat-client.js';
import { ChatLayout } from '../../../src-renderer/chat/ChatLayout.js';
import { BOB, message, messageEvent } from '../helpers/fixtures.js';
import { renderWithServices, signedInServices } from '../helpers/render-app.js';

async function setup() {
  const services = await signedInServices();
  const view = renderWithServices(<ChatLayout />, services);
  return { services, user: view.user };
}

describe('ChatLayout', () => {
  it('lists channels I am in, DMs and online people under their names', async () => {
    await setup();
    const channels = screen.getByRole('list', { name: 'Channels' });
    expect(within(channels).getAllByRole('button').map((b) => b.textContent)).toEqual(['#general', '#design']);
    const dms = screen.getByRole('list', { name: 'Direct messages' });
    expect(within(dms).getByRole('button', { name: /Bob/ })).toBeInTheDocument();
    const online = screen.getByRole('list', { name: 'Online users' });
    // Bob, and (I am admin) his actions menu.
    expect(within(online).getAllByRole('button').map((b) => b.getAttribute('aria-label') ?? b.title)).toEqual(['Message Bob', 'Actions for Bob']);
    expect(within(online).getByRole('button', { name: /^Bob\s?, online$/ })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /general/ })).toHaveAttribute('aria-current', 'page');
  });

  it('shows unread counts and clears them when the conversation is opened', async () => {
    const { services, user } = await setup();
    act(() => {
      services.client.fire('event', messageEvent(message({ seq: 20, conv: 'ch:2' })), { replay: false });
      services.client.fire('event', messageEvent(message({ seq: 21, conv: 'ch:2' })), { replay: false });
    });
    const design = within(screen.getByRole('list', { name: 'Channels' })).getByRole('button', { name: /design/ });
    expect(design).toHaveTextContent('2 unread');
    await user.click(design);
    expect(design).not.toHaveTextContent('unread');
    expect(screen.getByRole('heading', { level: 1, name: 'design' })).toBeInTheDocument();
  });

  it('opens the DM with a person clicked under Online users', async () => {
    const { services, user } = await setup();
    await user.click(within(screen.getByRole('list', { name: 'Online users' })).getByRole('button', { name: /^Bob/ }));
    expect(services.store.getState().active).toBe('dm:1:2');
    expect(screen.getByRole('heading', { level: 1, name: 'Bob' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveAttribute('placeholder', 'Message Bob');
  });

  it('creates a channel, showing the naming rule and the host’s answer next to the name', async () => {
    const { services, user } = await setup();
    await user.click(screen.getByRole('button', { name: 'New channel' }));
    const dialog = screen.getByRole('dialog', { name: 'New channel' });
    const name = within(dialog).getByLabelText('Channel name');
    await user.type(name, 'design!');
    await user.click(within(dialog).getByRole('button', { name: 'Create channel' }));
    expect(name).toHaveAccessibleDescription(/remove “!”/);
    services.client.handlers['channel.create'] = () => {
      throw new ChatError('channel_exists', '#design exists already — join it, or pick another name.', 'name');
    };
    await user.clear(name);
    await user.type(name, 'Design');
    await user.click(within(dialog).getByRole('button', { name: 'Create channel' }));
    expect(name).toHaveAccessibleDescription(/#design exists already/);
    services.client.handlers['channel.create'] = ({ name: created, topic }) => ({ channel: { id: 7, name: created, topic: topic ?? '', createdBy: 1, memberCount: 1, joined: true } });
    await user.clear(name);
    await user.type(name, 'Design Team');
    await user.type(within(dialog).getByLabelText('Topic (optional)'), 'pixels');
    await user.click(within(dialog).getByRole('button', { name: 'Create channel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(services.store.getState().active).toBe('ch:7');
    expect(within(screen.getByRole('list', { name: 'Channels' })).getByRole('button', { name: /design-team/ })).toBeInTheDocument();
  });

  it('closes a dialog with Escape and gives focus back', async () => {
    const { user } = await setup();
    const opener = screen.getByRole('button', { name: 'New channel' });
    await user.click(opener);
    expect(within(screen.getByRole('dialog', { name: 'New channel' })).getByLabelText('Channel name')).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(opener).toHaveFocus();
  });

  it('browses channels and joins one', async () => {
    const { services, user } = await setup();
    services.client.handlers['channel.list'] = () => ({ channels: Object.values(services.store.getState().channels) });
    services.client.handlers['channel.join'] = ({ channel }) => ({ channel: { id: Number(channel), name: 'random', topic: '', createdBy: 2, memberCount: 2, joined: true } });
    await user.click(screen.getByRole('button', { name: 'Browse channels' }));
    const dialog = screen.getByRole('dialog', { name: 'Browse channels' });
    await user.click(within(dialog).getByRole('button', { name: 'Join #random' }));
    expect(services.store.getState().active).toBe('ch:3');
    expect(within(screen.getByRole('list', { name: 'Channels' })).getByRole('button', { name: /random/ })).toBeInTheDocument();
  });

  it('leaves a channel from its header', async () => {
    const { services, user } = await setup();
    services.client.handlers['channel.leave'] = ({ channelId }) => ({ channelId });
    await user.click(within(screen.getByRole('list', { name: 'Channels' })).getByRole('button', { name: /design/ }));
    await user.click(screen.getByRole('button', { name: 'Leave channel' }));
    expect(services.store.getState().active).toBe('ch:1');
    expect(within(screen.getByRole('list', { name: 'Channels' })).queryByRole('button', { name: /design/ })).toBeNull();
  });

  it('shows who is typing in the open conversation', async () => {
    const { services } = await setup();
    act(() => services.client.fire('typing', { conv: 'ch:1', user: { id: BOB.id, name: BOB.name } }));
    expect(screen.getByText('Bob is typing…')).toBeInTheDocument();
    act(() => services.client.fire('event', messageEvent(message({ seq: 40, conv: 'ch:1', text: 'done' })), { replay: false }));
    expect(screen.queryByText('Bob is typing…')).toBeNull();
  });

  it('has a Conversations button that opens the sidebar as a drawer', async () => {
    const { user } = await setup();
    const toggle = screen.getByRole('button', { name: 'Conversations' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await user.click(within(screen.getByRole('list', { name: 'Channels' })).getByRole('button', { name: /design/ }));
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
  });
});
