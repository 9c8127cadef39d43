import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { Composer } from '../../../src-renderer/conversation/Composer.js';
import { activeMentionQuery, insertMention, mentionCandidates } from '../../../src-renderer/conversation/mention-suggestions.js';
import { snapshot } from '../helpers/fixtures.js';
import { renderWithServices, signedInServices } from '../helpers/render-app.js';

const USERS = [
  { id: 1, name: 'Alice', online: true, isAdmin: true },
  { id: 2, name: 'Bob', online: true, isAdmin: false },
  { id: 3, name: 'Carol', online: false, isAdmin: false },
  { id: 4, name: 'Mary Jane', online: true, isAdmin: false },
];

async function setup(conv = 'ch:1') {
  const services = await signedInServices({
    configure: (client) => {
      client.resumeResult = snapshot({
        users: USERS,
        channels: [
          { id: 1, name: 'general', topic: '', createdBy: null, memberCount: 4, joined: true },
          { id: 5, name: 'design', topic: '', createdBy: 1, memberCount: 2, joined: true },
        ],
      });
      client.handlers['channel.members'] = ({ channelId }) => ({ channelId, userIds: channelId === 5 ? [1, 3] : [1, 2, 3, 4] });
    },
  });
  return { ...renderWithServices(<Composer conv={conv} placeholder="Message" />, services), services };
}

describe('mention suggestions', () => {
  it('finds the "@partial" at the caret', () => {
    expect(activeMentionQuery('hi @Ma', 6)).toEqual({ start: 3, query: 'Ma' });
    expect(activeMentionQuery('@', 1)).toEqual({ start: 0, query: '' });
    expect(activeMentionQuery('mail@bob', 8)).toBeNull();
    expect(activeMentionQuery('hi @Mary J', 10)).toEqual({ start: 3, query: 'Mary J' });
  });

  it('ranks names starting with the query first, and offers here in channels', () => {
    const users = [
      { id: 2, name: 'Bob', online: true, isAdmin: false },
      { id: 4, name: 'Mary Jane', online: true, isAdmin: false },
      { id: 5, name: 'Jan', online: false, isAdmin: false },
    ];
    expect(mentionCandidates('ja', users, true).map((c) => c.name)).toEqual(['Jan', 'Mary Jane']);
    expect(mentionCandidates('h', users, true).map((c) => c.name)).toEqual(['here']);
    expect(mentionCandidates('h', users, false)).toEqual([]);
    expect(insertMention('hi @Ma!', { start: 3, query: 'Ma' }, 'Mary Jane')).toEqual({ text: 'hi @Mary Jane !', caret: 14 });
  });
});

describe('Composer mention autocomplete', () => {
  it('opens a listbox on "@" + letters; arrows move, Enter inserts "@Full Name "', async () => {
    const { user } = await setup();
    const box = screen.getByRole('textbox', { name: 'Message' });
    await user.type(box, 'hey @');
    const list = screen.getByRole('listbox', { name: 'Mention someone' });
    expect(box).toHaveAttribute('aria-controls', list.id);
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toContain('@hereeveryone online here');
    await user.type(box, 'ma');
    const options = screen.getAllByRole('option');
    expect(options.map((o) => o.querySelector('.mention-list__name')!.textContent)).toEqual(['Mary Jane']);
    expect(options[0]).toHaveAttribute('aria-selected', 'true');
    expect(box).toHaveAttribute('aria-activedescendant', options[0]!.id);
    await user.keyboard('{Enter}');
    expect(box).toHaveValue('hey @Mary Jane ');
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('ArrowDown and Tab pick the next one; Escape closes without sending', async () => {
    const { user } = await setup();
    const box = screen.getByRole('textbox', { name: 'Message' });
    await user.type(box, '@');
    const names = () => screen.getAllByRole('option').map((o) => o.querySelector('.mention-list__name')!.textContent);
    expect(names()[0]).toBe('Bob'); // online first, by name
    await user.keyboard('{ArrowDown}');
    const second = names()[1]!;
    await user.keyboard('{Tab}');
    expect(box).toHaveValue(`@${second} `);
    await user.type(box, '@c');
    expect(screen.getByRole('listbox', { name: 'Mention someone' })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(box).toHaveValue(`@${second} @c`);
  });

  it('in a channel offers its members (channel.members), kept up to date by join notices', async () => {
    const { user, services } = await setup('ch:5');
    services.session.openConversation('ch:5');
    await vi.waitFor(() => expect(services.store.getState().channelMembers[5]).toEqual([1, 3]));
    const box = screen.getByRole('textbox', { name: 'Message' });
    const names = () => screen.getAllByRole('option').map((o) => o.querySelector('.mention-list__name')!.textContent);
    await user.type(box, '@');
    expect(names()).toEqual(['Carol', '@here']);
    services.client.fire('event', { seq: 900, type: 'message', message: { seq: 900, conv: 'ch:5', from: 2, fromName: 'Bob', clientMsgId: null, kind: 'join', text: '', ts: 1 } }, { replay: false });
    await user.type(box, '{Backspace}@');
    expect(names()).toEqual(['Bob', 'Carol', '@here']);
  });

  it('in a DM offers only the other person and no @here', async () => {
    const { user } = await setup('dm:1:2');
    await user.type(screen.getByRole('textbox', { name: 'Message' }), '@');
    expect(screen.getAllByRole('option').map((o) => o.querySelector('.mention-list__name')!.textContent)).toEqual(['Bob']);
  });
});
