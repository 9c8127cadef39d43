import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ChatLayout } from '../../../src-renderer/chat/ChatLayout.js';
import { matchRank, switcherItems } from '../../../src-renderer/switcher/switcher-items.js';
import { createAppStore } from '../../../src-renderer/store/app-store.js';
import { renderWithServices, signedInServices } from '../helpers/render-app.js';
import { snapshot } from '../helpers/fixtures.js';

async function setup() {
  const services = await signedInServices();
  const view = renderWithServices(<ChatLayout />, services);
  return { services, user: view.user };
}

describe('switcherItems', () => {
  it('ranks exact, prefix, word-start, substring, then letters in order', () => {
    expect(matchRank('general', 'general')).toBe(0);
    expect(matchRank('general', 'gen')).toBe(1);
    expect(matchRank('design-team', 'team')).toBe(2);
    expect(matchRank('general', 'ner')).toBe(3);
    expect(matchRank('general', 'gnrl')).toBe(4);
    expect(matchRank('general', 'xyz')).toBeNull();
  });

  it('offers joined channels, DMs, other channels and people, then a message search', () => {
    const store = createAppStore();
    store.getState().applySignedIn(snapshot());
    const all = switcherItems(store.getState(), '');
    expect(all.map((i) => `${i.kind}:${i.label}`)).toEqual(['conversation:#general', 'conversation:#design', 'conversation:Bob', 'join:#random', 'person:Carol']);
    const found = switcherItems(store.getState(), 'ca');
    expect(found.map((i) => i.label)).toEqual(['Carol', 'Search messages for “ca”']);
  });
});

describe('QuickSwitcher', () => {
  it('opens with Ctrl+K, filters as one types, moves with the arrows and opens with Enter', async () => {
    const { services, user } = await setup();
    await user.keyboard('{Control>}k{/Control}');
    const dialog = screen.getByRole('dialog', { name: 'Quick switcher' });
    const box = within(dialog).getByRole('combobox', { name: 'Jump to a conversation or person' });
    expect(box).toHaveFocus();
    await user.type(box, 'des');
    const options = within(dialog).getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual([expect.stringContaining('#design'), expect.stringContaining('Search messages for “des”')]);
    expect(options[0]).toHaveAttribute('aria-selected', 'true');
    expect(box).toHaveAttribute('aria-activedescendant', options[0]!.id);
    await user.keyboard('{ArrowDown}');
    expect(within(dialog).getAllByRole('option')[1]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowUp}{Enter}');
    expect(services.store.getState().active).toBe('ch:2');
    expect(screen.queryByRole('dialog', { name: 'Quick switcher' })).toBeNull();
  });

  it('choosing a person opens the DM with them', async () => {
    const { services, user } = await setup();
    await user.keyboard('{Meta>}k{/Meta}');
    await user.type(screen.getByRole('combobox', { name: 'Jump to a conversation or person' }), 'carol{Enter}');
    expect(services.store.getState().active).toBe('dm:1:3');
  });

  it('the last option searches the messages for what was typed', async () => {
    const { services, user } = await setup();
    const search = vi.spyOn(services.session.search, 'run').mockResolvedValue();
    await user.keyboard('{Control>}k{/Control}');
    await user.type(screen.getByRole('combobox', { name: 'Jump to a conversation or person' }), 'lunch plans');
    await user.keyboard('{ArrowUp}{Enter}'); // up from the first wraps to the last
    expect(search).toHaveBeenCalledWith('lunch plans', null);
  });

  it('Escape closes it; Ctrl+K does nothing while another dialog is open', async () => {
    const { user } = await setup();
    await user.keyboard('{Control>}k{/Control}');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: 'Quick switcher' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'New channel' }));
    await user.keyboard('{Control>}k{/Control}');
    expect(screen.queryByRole('dialog', { name: 'Quick switcher' })).toBeNull();
    expect(screen.getByRole('dialog', { name: 'New channel' })).toBeInTheDocument();
  });
});
