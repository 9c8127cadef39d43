// Focus lands where the work continues after an action (issue 12, item 3):
// a created or joined channel's composer; the composer again after sending;
// the opener after a dialog is dismissed. (After deleting a message: the next
// message, in conversation/message-keyboard.test.tsx.)
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ChatLayout } from '../../../src-renderer/chat/ChatLayout.js';
import { renderWithServices, signedInServices } from '../helpers/render-app.js';

async function setup() {
  const services = await signedInServices();
  const view = renderWithServices(<ChatLayout />, services);
  return { services, user: view.user };
}

const composer = () => screen.getByRole('textbox', { name: 'Message' });

describe('focus after actions', () => {
  it('puts focus in the composer of a channel just created', async () => {
    const { services, user } = await setup();
    services.client.handlers['channel.create'] = ({ name, topic }) => ({ channel: { id: 7, name, topic: topic ?? '', createdBy: 1, memberCount: 1, joined: true } });
    await user.click(screen.getByRole('button', { name: 'New channel' }));
    await user.type(within(screen.getByRole('dialog', { name: 'New channel' })).getByLabelText('Channel name'), 'plans{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(services.store.getState().active).toBe('ch:7');
    expect(composer()).toHaveFocus();
    expect(composer()).toHaveAttribute('placeholder', 'Message #plans');
  });

  it('puts focus in the composer of a channel just joined or opened from Browse channels', async () => {
    const { services, user } = await setup();
    services.client.handlers['channel.list'] = () => ({ channels: Object.values(services.store.getState().channels) });
    services.client.handlers['channel.join'] = ({ channel }) => ({ channel: { id: Number(channel), name: 'random', topic: '', createdBy: 2, memberCount: 2, joined: true } });
    await user.click(screen.getByRole('button', { name: 'Browse channels' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Browse channels' })).getByRole('button', { name: 'Join #random' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(composer()).toHaveFocus();

    await user.click(screen.getByRole('button', { name: 'Browse channels' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Browse channels' })).getByRole('button', { name: 'Open #design' }));
    expect(services.store.getState().active).toBe('ch:2');
    expect(composer()).toHaveFocus();
  });

  it('keeps focus in the composer after sending', async () => {
    const { user } = await setup();
    await user.click(composer());
    await user.keyboard('hello there{Enter}');
    expect(await screen.findByText('hello there')).toBeInTheDocument();
    expect(composer()).toHaveFocus();
    expect(composer()).toHaveValue('');
  });

  it('gives focus back to the opener when a dialog is cancelled', async () => {
    const { user } = await setup();
    const opener = screen.getByRole('button', { name: 'Browse channels' });
    await user.click(opener);
    await user.click(within(screen.getByRole('dialog', { name: 'Browse channels' })).getByRole('button', { name: 'Close' }));
    expect(opener).toHaveFocus();
  });
});
