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

  it('the header toggle mutes and unmutes, and follows `mute` frames from my other devices', async () => {
    const services = await signedInServices({ configure: (client) => (client.handlers.mute = ({ conv, muted }) => ({ conv, muted })) });
    const { user } = renderWithServices(<ChatLayout />, services);
    const toggle = screen.getByRole('button', { name: 'Mute conversation' });
    expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await user.click(toggle);
    expect(services.client.requests.at(-1)).toEqual({ type: 'mute', params: { conv: 'ch:1', muted: true } });
    expect(screen.getByRole('button', { name: 'Unmute conversation' })).toHaveAttribute('aria-pressed', 'true');
    act(() => services.client.fire('mute', { conv: 'ch:1', muted: false }));
    expect(screen.getByRole('button', { name: 'Mute conversation' })).toHaveAttribute('aria-pressed', 'false');
  });
});
