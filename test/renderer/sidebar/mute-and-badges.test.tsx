import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ChatLayout } from '../../../src-renderer/chat/ChatLayout.js';
import { renderWithServices, signedInServices } from '../helpers/render-app.js';
import { snapshot } from '../helpers/fixtures.js';

describe('mute and unread badges', () => {
  it('shows "999+" at the cap and a muted badge for a muted conversation', async () => {
    const services = await signedInServices({
      configure: (client) =>
        (client.resumeResult = snapshot({
          convStates: [
            { conv: 'ch:2', readSeq: 0, unread: 999, mentions: 0, muted: true },
            { conv: 'dm:1:2', readSeq: 0, unread: 3, mentions: 0, muted: false },
          ],
        })),
    });
    renderWithServices(<ChatLayout />, services);
    const design = within(screen.getByRole('list', { name: 'Channels' })).getByRole('button', { name: /design/ });
    expect(design).toHaveTextContent('999+');
    expect(design).toHaveAccessibleName(/muted.*999\+ unread/);
    expect(design.querySelector('.unread-badge')).toHaveClass('unread-badge--muted');
    const bob = within(screen.getByRole('list', { name: 'Direct messages' })).getByRole('button', { name: /Bob/ });
    expect(bob.querySelector('.unread-badge')).not.toHaveClass('unread-badge--muted');
  });

  it('the header’s one bell mutes and unmutes (its name says so), and follows `mute` frames from my other devices', async () => {
    const services = await signedInServices({ configure: (client) => (client.handlers.mute = ({ conv, muted }) => ({ conv, muted })) });
    const { user } = renderWithServices(<ChatLayout />, services);
    // One bell in the header: no separate mute button any more.
    expect(screen.queryByRole('button', { name: /^(Mute|Unmute) conversation$/ })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Notifications: Mentions only' }));
    const dialog = screen.getByRole('dialog', { name: 'Notifications for #general' });
    const mute = within(dialog).getByRole('checkbox', { name: 'Mute #general' });
    expect(mute).not.toBeChecked();
    await user.click(mute);
    expect(services.client.requests.at(-1)).toEqual({ type: 'mute', params: { conv: 'ch:1', muted: true } });
    expect(mute).toBeChecked();
    expect(screen.getByRole('button', { name: 'Notifications: Mentions only, muted' })).toBeInTheDocument();
    act(() => services.client.fire('mute', { conv: 'ch:1', muted: false }));
    expect(mute).not.toBeChecked();
    expect(screen.getByRole('button', { name: 'Notifications: Mentions only' })).toBeInTheDocument();
  });
});
