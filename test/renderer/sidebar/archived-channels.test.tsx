// Archived channels wait apart under a collapsed "Show archived (N)" in the
// sidebar; opened, they stay readable (the archived banner instead of a composer).
// There is nothing to catch up on in one: no unread badge or bold, no count in
// any total, skipped by the unread walk.
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ChatLayout } from '../../../src-renderer/chat/ChatLayout.js';
import { snapshot } from '../helpers/fixtures.js';
import { renderWithServices, signedInServices } from '../helpers/render-app.js';

const channels = [
  { id: 1, name: 'general', topic: '', createdBy: null, memberCount: 3, joined: true },
  { id: 2, name: 'design', topic: '', createdBy: 2, memberCount: 2, joined: true },
  { id: 4, name: 'old-plans', topic: '', createdBy: 2, memberCount: 2, joined: true, archived: true },
];

describe('archived channels in the sidebar', () => {
  it('lists them apart, collapsed; opening one shows it read-only', async () => {
    const services = await signedInServices({ configure: (client) => (client.resumeResult = snapshot({ channels })) });
    const { user } = renderWithServices(<ChatLayout />, services);
    const channelList = within(screen.getByRole('list', { name: 'Channels' }));
    expect(channelList.getByRole('button', { name: /design/ })).toBeInTheDocument();
    expect(channelList.queryByRole('button', { name: /old-plans/ })).toBeNull();
    expect(screen.queryByRole('list', { name: 'Archived channels' })).toBeNull();

    const toggle = screen.getByRole('button', { name: 'Show archived (1)' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await user.click(within(screen.getByRole('list', { name: 'Archived channels' })).getByRole('button', { name: /old-plans/ }));
    expect(await screen.findByText('#old-plans is archived.')).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: /message/i })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Hide archived (1)' }));
    expect(screen.queryByRole('list', { name: 'Archived channels' })).toBeNull();
  });

  it('opens the list by itself while an archived channel is the one shown', async () => {
    const services = await signedInServices({ configure: (client) => (client.resumeResult = snapshot({ channels })) });
    renderWithServices(<ChatLayout />, services);
    await act(() => services.session.openConversation('ch:4'));
    expect(within(screen.getByRole('list', { name: 'Archived channels' })).getByRole('button', { name: /old-plans/ })).toHaveAttribute('aria-current', 'page');
  });

  it('shows no unread badge or bold, counts in no total and is skipped by Alt+Shift+↓, yet still opens', async () => {
    const services = await signedInServices({
      configure: (client) => (client.resumeResult = snapshot({ channels, convStates: [{ conv: 'ch:4', readSeq: 0, unread: 5, mentions: 2, muted: false }] })),
    });
    const { user, container } = renderWithServices(<ChatLayout />, services);
    await user.click(screen.getByRole('button', { name: 'Show archived (1)' }));
    const oldPlans = within(screen.getByRole('list', { name: 'Archived channels' })).getByRole('button', { name: /old-plans/ });
    expect(oldPlans).not.toHaveTextContent(/unread|mention/);
    expect(oldPlans).not.toHaveClass('sidebar-item--unread');
    expect(oldPlans.querySelector('.unread-badge')).toBeNull();
    // Its two mentions count nowhere: not on the dock/taskbar or in the title, not in the header's drawer dot.
    expect(services.platform.badges.at(-1) ?? 0).toBe(0);
    expect(container.querySelector('.conversation-header__drawer-dot')).toBeNull();
    // The unread walk has nowhere to go…
    const before = services.store.getState().active;
    await user.keyboard('{Alt>}{Shift>}{ArrowDown}{/Shift}{/Alt}');
    expect(services.store.getState().active).toBe(before);
    // …and it is still there to read.
    await user.click(oldPlans);
    expect(await screen.findByText('#old-plans is archived.')).toBeInTheDocument();
  });
});
