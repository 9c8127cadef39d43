import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { isPlainText, MarkdownText, MessageText } from '../../../src-renderer/conversation/MessageText.js';
import { renderWithServices, signedInServices } from '../helpers/render-app.js';

async function show(text: string) {
  const services = await signedInServices(); // Alice, with Bob and Carol known
  return renderWithServices(<MessageText text={text} />, services);
}

describe('MessageText', () => {
  describe('Markdown subset', () => {
    it('renders bold, italic, strike and inline code', async () => {
      const { container } = await show('**bold** *it* ~~gone~~ `x = 1`');
      expect(container.querySelector('strong')).toHaveTextContent('bold');
      expect(container.querySelector('em')).toHaveTextContent('it');
      expect(container.querySelector('del')).toHaveTextContent('gone');
      expect(container.querySelector('code')).toHaveTextContent('x = 1');
    });

    it('renders code blocks, quotes and lists', async () => {
      const { container } = await show('```\nconst a = 1;\n```\n\n> quoted\n\n- one\n- two\n\n1. first');
      expect(container.querySelector('pre code')).toHaveTextContent('const a = 1;');
      expect(container.querySelector('blockquote')).toHaveTextContent('quoted');
      expect([...container.querySelectorAll('ul li')].map((li) => li.textContent)).toEqual(['one', 'two']);
      expect(container.querySelector('ol li')).toHaveTextContent('first');
    });

    it('makes links and bare URLs external links', async () => {
      await show('[docs](https://example.com/guide) and https://example.org');
      expect(screen.getByRole('link', { name: 'docs' })).toHaveAttribute('href', 'https://example.com/guide');
      expect(screen.getByRole('link', { name: 'https://example.org' })).toHaveAttribute('target', '_blank');
    });

    it('makes no headings or tables: their text stays', async () => {
      const { container } = await show('# Title\n\n| a | b |\n| - | - |\n| 1 | 2 |');
      expect(container.querySelector('h1, table, td')).toBeNull();
      expect(container.textContent).toContain('Title');
    });
  });

  describe('mentions', () => {
    it('marks @Name of known people, @here, and me', async () => {
      const { container } = await show('hi @Bob and @alice, @here — but not @Bo or mail@Bob.com');
      const mentions = [...container.querySelectorAll('.mention')];
      expect(mentions.map((m) => m.textContent)).toEqual(['@Bob', '@alice', '@here']);
      expect(mentions[1]).toHaveClass('mention--me');
      expect(mentions[0]).not.toHaveClass('mention--me');
    });

    it('does not mark mentions inside code', async () => {
      const { container } = await show('`@Bob` ok');
      expect(container.querySelector('.mention')).toBeNull();
    });
  });

  describe('hostile input', () => {
    const elements = (root: Element) => [...root.querySelectorAll('*')].map((el) => el.tagName.toLowerCase());

    it('shows raw HTML as text: no img, script, iframe or event handler is created', async () => {
      const onerror = vi.fn();
      (window as unknown as { pwned: () => void }).pwned = onerror;
      const { container } = await show('<img src=x onerror="pwned()"> <script>pwned()</script> <iframe src="https://evil"></iframe> <b onclick="pwned()">b</b>');
      expect(container.querySelector('img, script, iframe, b')).toBeNull();
      expect(container.textContent).toContain('<img src=x onerror="pwned()">');
      expect(container.innerHTML).not.toMatch(/<img|<script|<iframe|<b[ >]/i);
      const handlers = [...container.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => a.name)).filter((name) => name.startsWith('on'));
      expect(handlers).toEqual([]);
      expect(onerror).not.toHaveBeenCalled();
    });

    it('drops javascript: and data: links (the text stays, no anchor)', async () => {
      const { container } = await show('[click](javascript:pwned()) [data](data:text/html,<script>x</script>) <javascript:alert(1)>');
      expect(container.querySelector('a')).toBeNull();
      expect(container.textContent).toContain('click');
    });

    it('never loads a remote image: ![x](url) becomes a plain link', async () => {
      const { container } = await show('![cat](http://remote.example/img.png) ![](http://remote.example/track.gif)');
      expect(container.querySelector('img')).toBeNull();
      expect(screen.getByRole('link', { name: 'cat' })).toHaveAttribute('href', 'http://remote.example/img.png');
      expect(new Set(elements(container)).has('img')).toBe(false);
    });

    it('creates only the allowed elements', async () => {
      const { container } = await show('# h\n\n<div>x</div><style>*{}</style>\n\n---\n\n![i](http://x/i.png)\n\n<svg onload=alert(1)>\n\n[l](https://ok.example "t")');
      const allowed = new Set(['div', 'p', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'br', 'span']);
      expect(elements(container).filter((tag) => !allowed.has(tag))).toEqual([]);
      // The only div is the component's own wrapper.
      expect(container.querySelectorAll('div').length).toBe(1);
    });
  });
  // Plain sentences skip the Markdown pipeline (a fast path for the list): the page must not tell.
  describe('plain text', () => {
    const plain = ['hello', 'msg 12: lorem ipsum dolor sit amet', "Let's meet at 3pm (room 2), ok?", 'Grüße aus Köln!', '50% off, $5 + tax = more', 'and/or', 'a - b', '1.5 liters'];
    const markdown = ['**bold**', '1. first', '2) second', '- item', 'see https://example.com', 'www.example.com', 'hi @Bob', 'a & b', 'x < y', 'two\nlines', ' padded', 'trailing ', '# title', 'under_score', 'a `b`', 'tab\there', ''];

    it('tells plain text from text Markdown could change', () => {
      expect(plain.filter((text) => !isPlainText(text))).toEqual(plain.filter((text) => text === '1.5 liters'));
      expect(markdown.filter((text) => isPlainText(text))).toEqual([]);
    });

    it('renders plain text exactly as the Markdown pipeline does', async () => {
      const services = await signedInServices();
      for (const text of plain) {
        const fast = renderWithServices(<MessageText text={text} after={<span>(edited)</span>} />, services);
        const full = renderWithServices(<MarkdownText text={text} after={<span>(edited)</span>} />, services);
        expect(fast.container.innerHTML).toBe(full.container.innerHTML);
        fast.unmount();
        full.unmount();
      }
    });
  });
});
