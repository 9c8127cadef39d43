// Keys that work anywhere: Alt+↑/↓ between conversations, Alt+Shift+↑/↓
// between unread ones, Esc marks read, Ctrl+/ lists every shortcut.
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ChatLayout } from '../../../src-renderer/chat/ChatLayout.js';
import { neighbourConversation } from '../../../src-renderer/shortcuts/conversation-order.js';
import { SHORTCUT_GROUPS } from '../../../src-renderer/shortcuts/shortcut-list.js';
import { message, messageEvent } from '../helpers/fixtures.js';
import { renderWithServices, signedInServices } from '../helpers/render-app.js';

async function setup() {
  const services = await signedInServices();
  services.client.handlers.read = ({ conv, seq }) => ({ conv, seq });
  const view = renderWithServices(<ChatLayout />, services);
  return { services, user: view.user };
}

const composer = () => screen.getByRole('textbox', { name: 'Message' });
const sidebarEntry = (name: RegExp) => within(screen.getByRole('navigation', { name: 'Conversations' })).getByRole('button', { name });

describe('conversation order', () => {
  const order = ['ch:1', 'ch:2', 'dm:1:2', 'dm:1:3'];
  it('walks one step, stopping at either end', () => {
    expect(neighbourConversation(order, 'ch:1', 1)).toBe('ch:2');
    expect(neighbourConversation(order, 'ch:1', -1)).toBeNull();
    expect(neighbourConversation(order, 'dm:1:3', 1)).toBeNull();
  });
  it('walks unread ones round the list, skipping read ones', () => {
    const unread = { 'dm:1:3': { count: 2, mentions: 0 }, 'ch:1': { count: 1, mentions: 0 } };
    expect(neighbourConversation(order, 'ch:2', 1, unread)).toBe('dm:1:3');
    expect(neighbourConversation(order, 'dm:1:3', 1, unread)).toBe('ch:1');
    expect(neighbourConversation(order, 'ch:2', -1, unread)).toBe('ch:1');
    expect(neighbourConversation(order, 'ch:2', 1, {})).toBeNull();
  });
});

describe('global shortcuts', () => {
  it('Alt+↓ and Alt+↑ open the next and previous conversation in sidebar order, with focus in the composer', async () => {
    const { services, user } = await setup();
    expect(services.store.getState().active).toBe('ch:1');
    await user.keyboard('{Alt>}{ArrowDown}{/Alt}');
    expect(services.store.getState().active).toBe('ch:2');
    expect(sidebarEntry(/design/)).toHaveAttribute('aria-current', 'page');
    expect(composer()).toHaveFocus();
    await user.keyboard('{Alt>}{ArrowDown}{/Alt}');
    expect(services.store.getState().active).toBe('dm:1:2');
    await user.keyboard('{Alt>}{ArrowDown}{/Alt}'); // the last one: stays
    expect(services.store.getState().active).toBe('dm:1:2');
    await user.keyboard('{Alt>}{ArrowUp}{/Alt}');
    expect(services.store.getState().active).toBe('ch:2');
    expect(composer()).toHaveAttribute('placeholder', 'Message #design');
  });

  it('Alt+Shift+↓ goes to the next conversation with unread messages', async () => {
    const { services, user } = await setup();
    act(() => services.client.fire('event', messageEvent(message({ seq: 50, conv: 'dm:1:2', text: 'psst' })), { replay: false }));
    await user.keyboard('{Alt>}{Shift>}{ArrowDown}{/Shift}{/Alt}');
    expect(services.store.getState().active).toBe('dm:1:2'); // past #design, which has nothing new
    expect(composer()).toHaveFocus();
  });

  it('Esc marks the open conversation read, even scrolled up or with the window in the background', async () => {
    const { services, user } = await setup();
    act(() => services.focus.set(false)); // nothing is reported read while away
    act(() => services.client.fire('event', messageEvent(message({ seq: 60, conv: 'ch:1', text: 'while away' })), { replay: false }));
    await waitFor(() => expect(sidebarEntry(/general/)).toHaveTextContent('1 unread'));
    // (Still "away" to the list's own reporting: only the key marks it read.)
    await user.keyboard('{Escape}');
    expect(services.client.requests.filter((r) => r.type === 'read').at(-1)?.params).toEqual({ conv: 'ch:1', seq: 60 });
    await waitFor(() => expect(sidebarEntry(/general/)).not.toHaveTextContent('unread'));
  });

  it('Esc closing a dialog does not also mark read', async () => {
    const { services, user } = await setup();
    act(() => services.focus.set(false));
    act(() => services.client.fire('event', messageEvent(message({ seq: 61, conv: 'ch:1', text: 'later' })), { replay: false }));
    await user.click(screen.getByRole('button', { name: 'New channel' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(services.client.requests.filter((r) => r.type === 'read')).toEqual([]);
  });

  it('Ctrl+/ lists every shortcut; Escape closes it and focus goes back', async () => {
    const { user } = await setup();
    await user.click(composer());
    await user.keyboard('{Control>}/{/Control}');
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    for (const group of SHORTCUT_GROUPS) {
      const section = within(dialog).getByRole('region', { name: group.title });
      for (const shortcut of group.shortcuts) expect(within(section).getByText(shortcut.does)).toBeInTheDocument();
    }
    expect(within(dialog).getAllByText('Alt').length).toBeGreaterThan(0);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(composer()).toHaveFocus();
  });

  it('opens the shortcuts list from the sidebar too, and gives focus back to that button', async () => {
    const { user } = await setup();
    const button = screen.getByRole('button', { name: 'Shortcuts' });
    await user.click(button);
    await user.click(within(screen.getByRole('dialog', { name: 'Keyboard shortcuts' })).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(button).toHaveFocus();
  });
});
