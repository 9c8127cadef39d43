import { act, isInaccessible, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Composer } from '../../../src-renderer/conversation/Composer.js';
import { MessageList } from '../../../src-renderer/conversation/MessageList.js';
import type { Message } from '../../../src-shared/protocol/frames.js';
import { BOB, CAROL, message, snapshot } from '../helpers/fixtures.js';
import { renderWithServices, signedInServices } from '../helpers/render-app.js';

const mine = (partial: Partial<Message>) => message({ from: 1, fromName: 'Alice', ...partial });

async function setup(messages: Message[], options: { as?: 'alice' | 'bob' } = {}) {
  const services = await signedInServices(
    options.as === 'bob' ? { configure: (client) => (client.resumeResult = snapshot({ user: BOB, token: 'token-bob' })) } : {},
  );
  services.client.handlers.history = ({ conv }) => ({ conv, messages, hasMore: false, hasNewer: false });
  await act(() => services.session.history.load('ch:1', false));
  const result = renderWithServices(
    <>
      <MessageList conv="ch:1" title="#general" channelName="#general" />
      <Composer conv="ch:1" placeholder="Message #general" />
    </>,
    services,
  );
  return { services, ...result };
}

/** The row showing `text`, once Virtuoso has made it visible (it shows rows after measuring them). */
const shownRow = async (text: string) => {
  const el = (await screen.findByText(text, { selector: 'p' })).closest('.message') as HTMLElement;
  await waitFor(() => expect(isInaccessible(el)).toBe(false));
  return el;
};

/** The row showing `text`, pointed at: its actions show (they mount on hover or focus). */
const row = async (text: string) => {
  const el = await shownRow(text);
  await userEvent.hover(el);
  return el;
};

describe('message actions', () => {
  it('offers react and reply on every message, edit and delete on mine only', async () => {
    await setup([message({ seq: 1, text: 'from bob' }), mine({ seq: 2, text: 'from me' })], { as: 'bob' });
    // Signed in as Bob (not admin): Alice's message is someone else's.
    const others = within(await row('from me'));
    expect(others.getByRole('button', { name: 'Add reaction' })).toBeInTheDocument();
    expect(others.getByRole('button', { name: 'Reply' })).toBeInTheDocument();
    expect(others.queryByRole('button', { name: 'Edit message' })).toBeNull();
    expect(others.queryByRole('button', { name: 'Delete message' })).toBeNull();
    const own = within(await row('from bob'));
    expect(own.getByRole('button', { name: 'Edit message' })).toBeInTheDocument();
    expect(own.getByRole('button', { name: 'Delete message' })).toBeInTheDocument();
  });

  it('shows a message\'s actions once it is pointed at or focused, not before', async () => {
    await setup([message({ seq: 1, text: 'hover me' }), message({ seq: 2, text: 'focus me' })]);
    const hovered = await shownRow('hover me');
    expect(within(hovered).queryByRole('toolbar', { name: 'Message actions' })).toBeNull();
    await userEvent.hover(hovered);
    expect(within(hovered).getByRole('button', { name: 'Add reaction' })).toBeInTheDocument();
    // Still there once the pointer left (an open picker or dialog is never unmounted under it).
    await userEvent.unhover(hovered);
    expect(within(hovered).getByRole('button', { name: 'Add reaction' })).toBeInTheDocument();
    const focused = await shownRow('focus me');
    expect(within(focused).queryByRole('button', { name: 'Reply' })).toBeNull();
    act(() => screen.getByRole('article', { name: /focus me/ }).focus());
    // Once focus rests on it (arrowing past mounts nothing).
    expect(within(focused).queryByRole('button', { name: 'Reply' })).toBeNull();
    expect(await within(focused).findByRole('button', { name: 'Reply' })).toBeInTheDocument();
  });

  it('lets an admin delete anyone\'s message (but edit only their own), after confirming', async () => {
    const { services, user } = await setup([message({ seq: 5, text: 'spam from bob' })]);
    const bobs = within(await row('spam from bob'));
    expect(bobs.queryByRole('button', { name: 'Edit message' })).toBeNull();
    services.client.handlers['message.delete'] = ({ seq }) => ({ message: message({ seq, text: '', deleted: true, deletedBy: 1 }) });
    await user.click(bobs.getByRole('button', { name: 'Delete message' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete this message?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('Message deleted by an admin')).toBeInTheDocument();
    expect(screen.queryByText('spam from bob')).toBeNull();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('shows no actions on deleted messages, and "Message deleted" for one deleted by its sender', async () => {
    await setup([message({ seq: 6, text: '', deleted: true, deletedBy: BOB.id })]);
    const line = await screen.findByText('Message deleted');
    const deleted = line.closest('.message') as HTMLElement;
    await waitFor(() => expect(isInaccessible(deleted)).toBe(false));
    await userEvent.hover(deleted);
    // Pointed at, it grows no actions: the only button is its author's name (the profile card).
    expect(within(deleted).getAllByRole('button').map((button) => button.getAttribute('aria-label'))).toEqual(['Profile of Bob']);
  });

  it('edits in place: Enter saves, Escape cancels, and "(edited)" shows with the time', async () => {
    const { services, user } = await setup([mine({ seq: 7, text: 'frist' })]);
    services.client.handlers['message.edit'] = ({ seq, text }) => ({ message: mine({ seq, text, editedAt: Date.UTC(2026, 0, 2, 3, 4) }) });
    await user.click(within(await row('frist')).getByRole('button', { name: 'Edit message' }));
    const box = screen.getByRole('textbox', { name: 'Edit message' });
    expect(box).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('textbox', { name: 'Edit message' })).toBeNull();

    await user.click(within(await row('frist')).getByRole('button', { name: 'Edit message' }));
    await user.clear(screen.getByRole('textbox', { name: 'Edit message' }));
    await user.type(screen.getByRole('textbox', { name: 'Edit message' }), 'first{Enter}');
    expect(services.client.requests.at(-1)).toEqual({ type: 'message.edit', params: { seq: 7, text: 'first' } });
    const edited = await screen.findByText('(edited)');
    expect(edited).toHaveAttribute('title', expect.stringContaining('Edited'));
    expect(screen.getByText('first')).toBeInTheDocument();
  });

  it('turns :shortcode:s into emoji when an edit is saved', async () => {
    const { services, user } = await setup([mine({ seq: 7, text: 'shipped' })]);
    services.client.handlers['message.edit'] = ({ seq, text }) => ({ message: mine({ seq, text, editedAt: 1 }) });
    await user.click(within(await row('shipped')).getByRole('button', { name: 'Edit message' }));
    await user.type(screen.getByRole('textbox', { name: 'Edit message' }), ' :tada: `:tada:`{Enter}');
    expect(services.client.requests.at(-1)).toEqual({ type: 'message.edit', params: { seq: 7, text: 'shipped 🎉 `:tada:`' } });
  });

  it('Up in the empty composer edits my last message; Save and Cancel buttons work', async () => {
    const { services, user } = await setup([mine({ seq: 8, text: 'older' }), message({ seq: 9, text: 'bob says' }), mine({ seq: 10, text: 'latest' })]);
    services.client.handlers['message.edit'] = ({ seq, text }) => ({ message: mine({ seq, text, editedAt: 1 }) });
    await user.click(screen.getByRole('textbox', { name: 'Message' }));
    await user.keyboard('{ArrowUp}');
    const box = await screen.findByRole('textbox', { name: 'Edit message' });
    expect(box).toHaveValue('latest');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('textbox', { name: 'Edit message' })).toBeNull();
    await user.click(screen.getByRole('textbox', { name: 'Message' }));
    await user.keyboard('{ArrowUp}');
    await user.type(await screen.findByRole('textbox', { name: 'Edit message' }), '!');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('latest!')).toBeInTheDocument();
  });
});

describe('reactions', () => {
  it('shows who reacted in the chip\'s name and toggles mine', async () => {
    const reacted = message({ seq: 11, text: 'lunch?', reactions: [{ emoji: '👍', users: [BOB.id, CAROL.id] }, { emoji: '🎉', users: [1] }] });
    const { services, user } = await setup([reacted]);
    const thumbs = await screen.findByRole('button', { name: '👍 2: Bob and Carol — click to add yours' });
    expect(thumbs).toHaveAttribute('aria-pressed', 'false');
    const party = screen.getByRole('button', { name: '🎉 1: You — click to remove your reaction' });
    expect(party).toHaveAttribute('aria-pressed', 'true');
    expect(within(thumbs).getByRole('tooltip', { hidden: true })).toHaveTextContent('Bob and Carol reacted with 👍');

    services.client.handlers.react = ({ seq, on }) => ({
      message: { ...reacted, seq, reactions: [{ emoji: '👍', users: on ? [BOB.id, CAROL.id, 1] : [BOB.id, CAROL.id] }] },
    });
    await user.click(thumbs);
    expect(services.client.requests.at(-1)).toEqual({ type: 'react', params: { seq: 11, emoji: '👍', on: true } });
    expect(await screen.findByRole('button', { name: '👍 3: Bob, Carol and You — click to remove your reaction' })).toHaveAttribute('aria-pressed', 'true');
  });

  it('picks an emoji from the picker, also by searching its name with the keyboard', async () => {
    const { services, user } = await setup([message({ seq: 12, text: 'ship it' })]);
    services.client.handlers.react = ({ seq, emoji }) => ({ message: message({ seq, text: 'ship it', reactions: [{ emoji, users: [1] }] }) });
    await user.click(within(await row('ship it')).getByRole('button', { name: 'Add reaction' }));
    let dialog = screen.getByRole('dialog', { name: 'Choose a reaction' });
    expect(within(dialog).getAllByRole('button').length).toBeGreaterThanOrEqual(24);
    await user.click(within(dialog).getByRole('button', { name: 'rocket' }));
    expect(services.client.requests.at(-1)).toEqual({ type: 'react', params: { seq: 12, emoji: '🚀', on: true } });
    expect(screen.queryByRole('dialog')).toBeNull();

    await user.click(within(await row('ship it')).getByRole('button', { name: 'Add reaction' }));
    dialog = screen.getByRole('dialog', { name: 'Choose a reaction' });
    expect(within(dialog).getByRole('searchbox', { name: 'Search emoji' })).toHaveFocus();
    await user.keyboard('avocado');
    await waitFor(() => expect(within(dialog).getByRole('button', { name: 'avocado' })).toBeInTheDocument());
    await user.keyboard('{ArrowDown}{Enter}');
    expect(services.client.requests.at(-1)).toEqual({ type: 'react', params: { seq: 12, emoji: '🥑', on: true } });
  });
});

describe('replies', () => {
  it('Reply shows "Replying to NAME" above the composer; sending carries replyTo; Cancel reply clears it', async () => {
    const { services, user } = await setup([message({ seq: 20, text: 'who is in?' })]);
    await user.click(within(await row('who is in?')).getByRole('button', { name: 'Reply' }));
    expect(screen.getByText('Replying to', { exact: false })).toHaveTextContent('Replying to Bob');
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'Cancel reply' }));
    expect(screen.queryByText('Replying to', { exact: false })).toBeNull();

    await user.click(within(await row('who is in?')).getByRole('button', { name: 'Reply' }));
    await user.keyboard('me!{Enter}');
    expect(services.client.sent.at(-1)).toMatchObject({ text: 'me!', replyTo: 20 });
    expect(screen.queryByText('Replying to', { exact: false })).toBeNull();
  });

  it('shows the quote from the held original (newer than the reply\'s copy), and clicking it focuses the original', async () => {
    const original = message({ seq: 30, text: 'the plan, edited', editedAt: 3 });
    const reply = mine({ seq: 31, text: 'agreed', replyTo: { seq: 30, from: BOB.id, fromName: 'Bob', kind: 'text', text: 'the plan', deleted: false } });
    const { services, user } = await setup([original, reply]);
    const quote = await screen.findByRole('button', { name: "Show Bob's message: the plan, edited" });
    await user.click(quote);
    await waitFor(() => expect(screen.getByText('the plan, edited', { selector: 'p' }).closest('.message')).toHaveClass('message--highlight'));
    expect(services.store.getState().focusMessage).toBeNull();
  });

  it('the quote and "Replying to" go by the author\'s display name, not the sign-in name', async () => {
    const original = message({ seq: 50, text: 'lunch at noon?' });
    const reply = mine({ seq: 51, text: 'yes', replyTo: { seq: 50, from: BOB.id, fromName: 'Bob', kind: 'text', text: 'lunch at noon?', deleted: false } });
    const { services, user } = await setup([original, reply]);
    act(() => services.client.fire('user', { ...BOB, online: true, displayName: 'Bobby Tables' }));
    expect(await screen.findByRole('button', { name: "Show Bobby Tables's message: lunch at noon?" })).toHaveTextContent('Bobby Tables');
    await user.click(within(await row('lunch at noon?')).getByRole('button', { name: 'Reply' }));
    expect(screen.getByText('Replying to', { exact: false })).toHaveTextContent('Replying to Bobby Tables');
  });

  it('says "Original message deleted" when it is', async () => {
    const reply = mine({ seq: 41, text: 'hm', replyTo: { seq: 40, from: BOB.id, fromName: 'Bob', kind: 'text', text: '', deleted: true } });
    await setup([reply]);
    expect(await screen.findByText('Original message deleted')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Show Bob's message/ })).toBeNull();
  });
});

describe('detached window', () => {
  it('after a jump to an old message, "Jump to newest" goes back to the newest page', async () => {
    const services = await signedInServices();
    // (The page after the window, asked for when the list's end shows, stays on its way.)
    services.client.handlers.history = (params) =>
      params.after !== undefined
        ? new Promise(() => {})
        : params.around !== undefined
        ? { conv: params.conv, messages: [message({ seq: 50, text: 'old one' }), message({ seq: 51, text: 'old two' })], hasMore: true, hasNewer: true }
        : { conv: params.conv, messages: [message({ seq: 99, text: 'newest' })], hasMore: true, hasNewer: false };
    await act(() => services.session.history.jumpTo('ch:1', 50));
    const { user } = renderWithServices(<MessageList conv="ch:1" title="#general" channelName="#general" />, services);
    expect(await screen.findByText('old one', { selector: 'p' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Jump to newest' }));
    expect(await screen.findByText('newest', { selector: 'p' })).toBeInTheDocument();
    expect(screen.queryByText('old one')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Jump to newest' })).toBeNull();
  });
});
