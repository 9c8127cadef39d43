import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Composer } from '../../../src-renderer/conversation/Composer.js';
import { activeEmojiQuery, emojiCandidates, insertAtCaret, insertEmoji } from '../../../src-renderer/conversation/emoji-suggestions.js';
import { renderWithServices, signedInServices } from '../helpers/render-app.js';

async function setup() {
  const services = await signedInServices();
  const rendered = renderWithServices(<Composer conv="ch:1" placeholder="Message #general" />, services);
  return { ...rendered, services, box: screen.getByRole('textbox', { name: 'Message' }) };
}
const options = () => screen.getAllByRole('option').map((o) => o.textContent);

describe('emoji suggestions', () => {
  it('finds ":name" of two or more characters at the caret, not inside "10:30"', () => {
    expect(activeEmojiQuery('nice :Thu', 9)).toEqual({ start: 5, query: 'thu' });
    expect(activeEmojiQuery(':t', 2)).toBeNull();
    expect(activeEmojiQuery('at 10:30', 8)).toBeNull();
    expect(activeEmojiQuery(':tada: ', 7)).toBeNull();
  });

  it('lists Slack aliases first, then CLDR slugs, one row per emoji', () => {
    const all = [
      { emoji: '👍', name: 'thumbs up', slug: 'thumbs_up' },
      { emoji: '🤔', name: 'thinking face', slug: 'thinking_face' },
      { emoji: '🦃', name: 'turkey', slug: 'turkey' },
      { emoji: '🙃', name: 'upside-down face', slug: 'upside_down_face' },
    ];
    expect(emojiCandidates('thu', all).map((c) => c.code)).toEqual(['thumbsup', 'thumbsdown']);
    expect(emojiCandidates('tur', all).map((c) => c.code)).toEqual(['turtle', 'turkey']);
    expect(emojiCandidates('down', all).map((c) => c.emoji)).toEqual(['🙃']);
    expect(insertEmoji('ok :thu!', { start: 3, query: 'thu' }, '👍')).toEqual({ text: 'ok 👍 !', caret: 6 });
    expect(insertAtCaret('ab', 1, 1, '🎉')).toEqual({ text: 'a🎉 b', caret: 4 });
    expect(insertAtCaret('a b', 1, 1, '🎉')).toEqual({ text: 'a🎉 b', caret: 3 });
  });
});

describe('Composer emoji', () => {
  it('converts :shortcode:s on send, but not in code, and keeps unknown ones', async () => {
    const { user, box, services } = await setup();
    await user.click(box);
    await user.paste('ship it :tada: :+1: `npm run :tada:` :nope_nope:');
    await user.keyboard('{Enter}');
    expect(services.client.sent.map((s) => s.text)).toEqual(['ship it 🎉 👍 `npm run :tada:` :nope_nope:']);
  });

  it('converts every emoji name too once the full list has loaded (":party_popper:")', async () => {
    const { user, box, services } = await setup();
    await user.type(box, ':par');
    await waitFor(() => expect(options()).toContain('🎉:party_popper:'));
    await user.keyboard('{Escape}');
    await user.type(box, 'ty_popper: yay{Enter}');
    expect(services.client.sent.map((s) => s.text)).toEqual(['🎉 yay']);
  });

  it('":thu" opens a listbox; Enter inserts 👍, the list closes and nothing is sent', async () => {
    const { user, box, services } = await setup();
    await user.type(box, 'nice :t');
    expect(screen.queryByRole('listbox')).toBeNull(); // one letter is not enough
    await user.type(box, 'hu');
    const list = screen.getByRole('listbox', { name: 'Emoji' });
    expect(box).toHaveAttribute('aria-controls', list.id);
    const first = within(list).getAllByRole('option')[0]!;
    expect(first).toHaveTextContent('👍:thumbsup:');
    expect(first).toHaveAttribute('aria-selected', 'true');
    expect(box).toHaveAttribute('aria-activedescendant', first.id);
    await user.keyboard('{Enter}');
    expect(box).toHaveValue('nice 👍 ');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(services.client.sent).toHaveLength(0);
  });

  it('ArrowDown then Tab picks the next one; Escape closes and keeps the text', async () => {
    const { user, box } = await setup();
    await user.type(box, ':thu');
    await user.keyboard('{ArrowDown}');
    expect(screen.getAllByRole('option')[1]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowUp}{ArrowUp}'); // wraps to the last
    expect(screen.getAllByRole('option').at(-1)).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowDown}{ArrowDown}{Tab}');
    expect(box).toHaveValue('👎 ');
    await user.type(box, ':fir');
    expect(screen.getByRole('listbox', { name: 'Emoji' })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(box).toHaveValue('👎 :fir');
    expect(box).toHaveFocus();
  });

  it('"Insert emoji" opens the picker from the keyboard; the pick lands at the caret and focus comes back', async () => {
    const { user, box } = await setup();
    await user.type(box, 'ab{ArrowLeft}');
    await user.tab();
    const button = screen.getByRole('button', { name: 'Insert emoji' });
    expect(button).toHaveFocus();
    await user.keyboard('{Enter}');
    const dialog = screen.getByRole('dialog', { name: 'Insert emoji' });
    expect(within(dialog).getByRole('searchbox', { name: 'Search emoji' })).toHaveFocus();
    await user.keyboard('rocket{ArrowDown}');
    expect(within(dialog).getByRole('button', { name: 'rocket' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(box).toHaveValue('a🚀 b');
    await waitFor(() => expect(box).toHaveFocus());
    expect((box as HTMLTextAreaElement).selectionStart).toBe('a🚀 '.length);
  });

  it('Escape in the picker inserts nothing and returns to the button', async () => {
    const { user, box } = await setup();
    await user.type(box, 'hi');
    await user.click(screen.getByRole('button', { name: 'Insert emoji' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(box).toHaveValue('hi');
    expect(screen.getByRole('button', { name: 'Insert emoji' })).toHaveFocus();
  });
});
