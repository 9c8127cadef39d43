import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ChatError } from '../../../src-shared/chat-client.js';
import type { SearchHit } from '../../../src-shared/protocol/frames.js';
import { ChatLayout } from '../../../src-renderer/chat/ChatLayout.js';
import { renderWithServices, signedInServices } from '../helpers/render-app.js';
import { message } from '../helpers/fixtures.js';

const hit = (seq: number, conv: string, text: string, highlights: Array<[number, number]>): SearchHit => ({
  message: message({ seq, conv, text, ts: Date.UTC(2026, 0, 5, 9, 30) }),
  highlights,
});

async function setup(answer: (params: { query: string; conv?: string; before?: number }) => { hits: SearchHit[]; hasMore: boolean }) {
  const services = await signedInServices({
    configure: (client) => {
      client.handlers.search = (params) => {
        if (params.query === 'the') throw new ChatError('query_invalid', 'Type at least one word to search for.', 'query');
        return answer(params);
      };
    },
  });
  const view = renderWithServices(<ChatLayout />, services);
  return { services, user: view.user };
}

describe('SearchPanel', () => {
  it('searches every conversation on Enter and lists hits with the matched words marked', async () => {
    const answer = vi.fn((_params: { query: string; conv?: string }) => ({
      hits: [hit(40, 'ch:2', 'deploy on friday', [[0, 6]]), hit(30, 'dm:1:2', 'the deploy script', [[4, 10]])],
      hasMore: false,
    }));
    const { services, user } = await setup(answer);
    await user.type(screen.getByRole('searchbox', { name: 'Search messages' }), 'deploy{Enter}');
    expect(answer).toHaveBeenCalledWith(expect.objectContaining({ query: 'deploy' }));
    expect(answer.mock.calls[0]![0]).not.toHaveProperty('conv');
    const panel = await screen.findByRole('complementary', { name: 'Search results' });
    const items = within(panel).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('#design');
    expect(items[0]).toHaveTextContent('Bob');
    expect(items[1]).toHaveTextContent('DM with Bob');
    const marks = panel.querySelectorAll('mark');
    expect([...marks].map((m) => m.textContent)).toEqual(['deploy', 'deploy']);
    expect(services.store.getState().search?.hits).toHaveLength(2);
  });

  it('shows a long hit cut around its first match (src-shared/search-excerpt.ts)', async () => {
    const text = `${'a'.repeat(500)} needle ${'b'.repeat(500)}`;
    const { user } = await setup(() => ({ hits: [hit(40, 'ch:2', text, [[501, 507]])], hasMore: false }));
    await user.type(screen.getByRole('searchbox', { name: 'Search messages' }), 'needle{Enter}');
    const panel = await screen.findByRole('complementary', { name: 'Search results' });
    const shown = panel.querySelector('.search-hit__text')!.textContent!;
    expect(shown.startsWith('…') && shown.endsWith('…')).toBe(true);
    expect(shown.length).toBe(282);
    expect([...panel.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['needle']);
  });

  it('shows hits without Markdown syntax, the matched words still marked', async () => {
    const text = 'Ship it *soon*, see [the **deploy** doc](https://example.com/d) and `npm run deploy`\n\n> quoted deploy';
    const at = (word: string, from = 0): [number, number] => [text.indexOf(word, from), text.indexOf(word, from) + word.length];
    const highlights = [at('soon'), at('deploy'), at('deploy', text.indexOf('npm')), at('deploy', text.indexOf('quoted'))];
    const { user } = await setup(() => ({ hits: [hit(40, 'ch:2', text, highlights)], hasMore: false }));
    await user.type(screen.getByRole('searchbox', { name: 'Search messages' }), 'deploy{Enter}');
    const panel = await screen.findByRole('complementary', { name: 'Search results' });
    expect(panel.querySelector('.search-hit__text')!.textContent).toBe('Ship it soon, see the deploy doc and npm run deploy quoted deploy');
    expect([...panel.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['soon', 'deploy', 'deploy', 'deploy']);
  });

  it('"Only this conversation" searches the open conversation again', async () => {
    const answer = vi.fn(() => ({ hits: [hit(40, 'ch:1', 'deploy', [[0, 6]])], hasMore: false }));
    const { user } = await setup(answer);
    await user.type(screen.getByRole('searchbox', { name: 'Search messages' }), 'deploy{Enter}');
    await user.click(await screen.findByRole('checkbox', { name: /Only this conversation/ }));
    expect(answer).toHaveBeenLastCalledWith(expect.objectContaining({ query: 'deploy', conv: 'ch:1' }));
  });

  it('loads more with the smallest seq of the last page', async () => {
    const answer = vi.fn((params: { before?: number }) =>
      params.before === undefined ? { hits: [hit(50, 'ch:1', 'one deploy', [[4, 10]])], hasMore: true } : { hits: [hit(20, 'ch:1', 'two deploy', [[4, 10]])], hasMore: false },
    );
    const { user } = await setup(answer);
    await user.type(screen.getByRole('searchbox', { name: 'Search messages' }), 'deploy{Enter}');
    await user.click(await screen.findByRole('button', { name: 'Load more' }));
    expect(answer).toHaveBeenLastCalledWith(expect.objectContaining({ before: 50 }));
    const panel = screen.getByRole('complementary', { name: 'Search results' });
    expect(within(panel).getAllByRole('listitem')).toHaveLength(2);
    expect(within(panel).queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('says when nothing matches, and shows the host’s words for an invalid query', async () => {
    const { user } = await setup(() => ({ hits: [], hasMore: false }));
    const box = screen.getByRole('searchbox', { name: 'Search messages' });
    await user.type(box, 'zebra{Enter}');
    expect(await screen.findByText(/No messages match “zebra”/)).toBeInTheDocument();
    await user.clear(box);
    await user.type(box, 'the{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Type at least one word to search for.');
  });

  it('opens a hit with history.jumpTo, and closes with its Close button', async () => {
    const { services, user } = await setup(() => ({ hits: [hit(40, 'ch:2', 'deploy on friday', [[0, 6]])], hasMore: false }));
    const jump = vi.spyOn(services.session.history, 'jumpTo').mockResolvedValue();
    await user.type(screen.getByRole('searchbox', { name: 'Search messages' }), 'deploy{Enter}');
    const panel = await screen.findByRole('complementary', { name: 'Search results' });
    await user.click(within(panel).getByRole('button', { name: /friday/ }));
    expect(jump).toHaveBeenCalledWith('ch:2', 40);
    await user.click(within(panel).getByRole('button', { name: 'Close search results' }));
    expect(screen.queryByRole('complementary', { name: 'Search results' })).toBeNull();
  });
});
