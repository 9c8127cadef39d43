import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ChatLayout } from '../../../src-renderer/chat/ChatLayout.js';
import { renderWithServices, signedInServices } from '../helpers/render-app.js';
import { snapshot } from '../helpers/fixtures.js';

describe('presence while disconnected', () => {
  it('shows others as "presence unknown" until the host says again who is online', async () => {
    const services = await signedInServices();
    renderWithServices(<ChatLayout />, services);
    const online = () => within(screen.getByRole('list', { name: 'Online users' }));
    expect(online().getByRole('button', { name: /^Bob/ })).toHaveAccessibleName('Bob, online');
    const dot = () => online().getByRole('button', { name: /^Bob/ }).querySelector('.presence-dot')!;
    expect(dot()).toHaveClass('presence-dot--online');

    act(() => services.client.setState('reconnecting'));
    expect(online().getByRole('button', { name: /^Bob/ })).toHaveAccessibleName('Bob, presence unknown while offline');
    expect(dot()).toHaveClass('presence-dot--unknown');

    // The socket is back, but until the sign-in snapshot the old presence is still stale.
    act(() => services.client.setState('connected'));
    expect(dot()).toHaveClass('presence-dot--unknown');
    act(() => {
      services.client.setState('online');
      services.client.fire('signedIn', snapshot());
    });
    expect(online().getByRole('button', { name: /^Bob/ })).toHaveAccessibleName('Bob, online');
    expect(dot()).toHaveClass('presence-dot--online');
  });
});
