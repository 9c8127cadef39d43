// Display names everywhere: once Bob sets "Bobby Tables" (a `user` frame, as
// others hear profile.update), the sidebar, the DM title, typing, mention
// suggestions, notifications and search show it, his sign-in name on hover.
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ChatLayout } from '../../../src-renderer/chat/ChatLayout.js';
import { mentionCandidates, mentionHint } from '../../../src-renderer/conversation/mention-suggestions.js';
import { notificationFor } from '../../../src-renderer/session/message-notifications.js';
import { conversationTitle, typingNames } from '../../../src-renderer/store/selectors.js';
import { ALICE, BOB, message } from '../helpers/fixtures.js';
import { renderWithServices, signedInServices } from '../helpers/render-app.js';

const BOBBY = { ...BOB, online: true, displayName: 'Bobby Tables' };

describe('display names', () => {
  it('the sidebar and the DM title follow a profile change live, sign-in name on hover', async () => {
    const services = await signedInServices();
    renderWithServices(<ChatLayout />, services);
    const online = () => within(screen.getByRole('list', { name: 'Online users' }));
    const dms = () => within(screen.getByRole('list', { name: 'Direct messages' }));
    expect(online().getByRole('button', { name: 'Bob, online' })).toBeInTheDocument();
    expect(dms().getByRole('button', { name: /^Bob/ })).toBeInTheDocument();

    act(() => services.client.fire('user', BOBBY));

    const person = online().getByRole('button', { name: 'Bobby Tables, online' });
    expect(person).toHaveAttribute('title', 'Message Bobby Tables (@Bob)');
    const dm = dms().getByRole('button', { name: /^Bobby Tables/ });
    expect(dm.querySelector('.sidebar-item__label')).toHaveAttribute('title', 'Bobby Tables (@Bob)');

    await act(() => services.session.openConversation('dm:1:2'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Bobby Tables' })).toHaveAttribute('title', 'Bobby Tables (@Bob)');

    act(() => services.store.getState().applyTyping('dm:1:2', { id: BOB.id, name: BOB.name }));
    expect(await screen.findByText('Bobby Tables is typing…')).toBeInTheDocument();

    // Cleared again: back to the sign-in name everywhere.
    act(() => services.client.fire('user', { ...BOB, online: true }));
    expect(screen.getByRole('heading', { level: 1, name: 'Bob' })).toBeInTheDocument();
    expect(online().getByRole('button', { name: 'Bob, online' })).toBeInTheDocument();
  });

  it('titles, typing, notifications and mentions use the display name', () => {
    const users = { [ALICE.id]: { ...ALICE, online: true }, [BOB.id]: BOBBY };
    const state = { me: ALICE, users, channels: {}, muted: {}, active: null, notifyLevels: {}, typing: { 'dm:1:2': { [BOB.id]: Date.now() + 5000 } } };
    expect(conversationTitle(state, 'dm:1:2')).toBe('Bobby Tables');
    expect(typingNames(state, 'dm:1:2')).toEqual(['Bobby Tables']);
    expect(notificationFor(message({ conv: 'dm:1:2', text: 'hi' }), state, false)?.title).toBe('Bobby Tables');

    // Found by either name; the sign-in name (what the host resolves) is inserted.
    const [found] = mentionCandidates('tab', [BOBBY], true);
    expect(found).toMatchObject({ name: 'Bob', label: 'Bobby Tables' });
    expect(mentionHint(found!)).toBe('@Bob · online');
    expect(mentionCandidates('bo', [BOBBY], true)[0]?.label).toBe('Bobby Tables');
  });
});
