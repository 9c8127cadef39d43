import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ChatLayout } from '../../../src-renderer/chat/ChatLayout.js';
import { renderWithServices, signedInServices } from '../helpers/render-app.js';
import { BOB, CAROL, snapshot } from '../helpers/fixtures.js';

describe('moderation in the people list', () => {
  it('is not offered to someone who is not admin', async () => {
    const services = await signedInServices({ configure: (client) => (client.resumeResult = snapshot({ user: { ...BOB }, dms: [] })) });
    renderWithServices(<ChatLayout />, services);
    expect(screen.queryByRole('button', { name: /^Actions for/ })).toBeNull();
  });

  it('lets an admin make someone admin and remove them after confirming; removed people move under "Removed"', async () => {
    const services = await signedInServices({
      configure: (client) => {
        client.handlers['user.admin'] = ({ userId, admin }) => ({ user: { ...BOB, id: userId, online: true, isAdmin: admin } });
        client.handlers['user.remove'] = ({ userId, removed }) => ({ user: { ...BOB, id: userId, online: false, removed } });
      },
    });
    const { user } = renderWithServices(<ChatLayout />, services);
    const online = screen.getByRole('list', { name: 'Online users' });

    await user.click(within(online).getByRole('button', { name: 'Actions for Bob' }));
    const menu = screen.getByRole('menu', { name: 'Actions for Bob' });
    expect(within(menu).getAllByRole('menuitem').map((i) => i.textContent)).toEqual(['Make admin', 'Remove from session…']);
    expect(within(menu).getByRole('menuitem', { name: 'Make admin' })).toHaveFocus();
    await user.click(within(menu).getByRole('menuitem', { name: 'Make admin' }));
    expect(services.client.requests.at(-1)).toEqual({ type: 'user.admin', params: { userId: BOB.id, admin: true } });
    expect(services.store.getState().users[BOB.id]!.isAdmin).toBe(true);

    await user.click(within(online).getByRole('button', { name: 'Actions for Bob' }));
    expect(screen.getByRole('menuitem', { name: 'Remove admin' })).toBeInTheDocument();
    await user.click(screen.getByRole('menuitem', { name: 'Remove from session…' }));
    const confirm = screen.getByRole('dialog', { name: 'Remove Bob from this session?' });
    await user.click(within(confirm).getByRole('button', { name: 'Remove Bob' }));
    expect(services.client.requests.at(-1)).toEqual({ type: 'user.remove', params: { userId: BOB.id, removed: true } });
    expect(screen.queryByRole('dialog')).toBeNull();

    expect(within(screen.getByRole('list', { name: 'Online users' })).queryByText('Bob')).toBeNull();
    const removed = screen.getByRole('list', { name: /Removed/ });
    expect(within(removed).getByText('Bob')).toBeInTheDocument();
    await user.click(within(removed).getByRole('button', { name: 'Actions for Bob' }));
    await user.click(screen.getByRole('menuitem', { name: 'Allow back' }));
    expect(services.client.requests.at(-1)).toEqual({ type: 'user.remove', params: { userId: BOB.id, removed: false } });
  });

  it('applies `user` frames: removed people vanish for everyone, and my admin flag follows', async () => {
    const services = await signedInServices({ configure: (client) => (client.resumeResult = snapshot({ user: { ...BOB }, dms: [] })) });
    renderWithServices(<ChatLayout />, services);
    act(() => services.client.fire('user', { ...CAROL, online: true, removed: true }));
    expect(screen.queryByText('Carol')).toBeNull();
    expect(screen.queryByRole('list', { name: /Removed/ })).toBeNull(); // not an admin
    act(() => services.client.fire('user', { ...BOB, online: true, isAdmin: true }));
    expect(services.store.getState().me?.isAdmin).toBe(true);
    expect(await screen.findByRole('button', { name: 'Actions for Alice' })).toBeInTheDocument();
    expect(screen.getByRole('list', { name: /Removed/ })).toHaveTextContent('Carol');
  });
});
