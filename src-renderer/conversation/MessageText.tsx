// A message's text as a small Markdown subset (react-markdown + remark-gfm):
// bold, italic, strike, inline code, code blocks, quotes, lists, links and
// bare URLs. Nothing a sender types can run script or load anything:
// - raw HTML is never parsed as HTML: it is turned back into plain text here
//   (and rehype-raw is never used), so `<img onerror=…>` shows as typed;
// - only the elements in ALLOWED are created (others are unwrapped to their
//   text), so no images, headings, tables or iframes; `![x](url)` becomes a
//   plain link to url, never an <img>;
// - react-markdown's URL filter drops javascript:/data: links, and every link
//   goes through ExternalLink (http, https and mailto only).
// "@Name" of someone known and "@here" are marked with span.mention
// (mention--me for me), using the same rule as notifications (mentions.ts).
import { memo, useMemo, type ReactNode } from 'react';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { findAndReplace, type ReplaceFunction } from 'mdast-util-find-and-replace';
import type { Nodes, PhrasingContent, Root } from 'mdast';
import { mentionPattern } from '../../src-shared/mentions.js';
import type { UserInfo } from '../../src-shared/protocol/frames.js';
import { useAppStore } from '../app/app-services.js';
import { ExternalLink } from '../common/ExternalLink.js';

export const ALLOWED_ELEMENTS = ['p', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'br', 'span'] as const;

/** Raw HTML stays text; an image becomes a link to it (nothing loads). */
function remarkPlainHtml() {
  return (tree: Root) => {
    const visit = (node: Nodes, parent: { children: Nodes[] } | null, index: number) => {
      if (node.type === 'html' && parent) {
        parent.children[index] = { type: 'text', value: node.value } as PhrasingContent;
        return;
      }
      if (node.type === 'image' && parent) {
        const label = node.alt || node.url;
        parent.children[index] = { type: 'link', url: node.url, children: [{ type: 'text', value: label }] } as PhrasingContent;
        return;
      }
      if ('children' in node) node.children.forEach((child, i) => visit(child as Nodes, node as { children: Nodes[] }, i));
    };
    visit(tree, null, 0);
  };
}

type MentionPairs = Array<[RegExp, ReplaceFunction]>;

/**
 * The find/replace pairs that wrap each "@Name" of `names` (the session's
 * users, plus "here") in span.mention — mention--me for me and @here.
 * Longest names first, so "@Mary Jane" wins over "@Mary".
 */
function buildMentionPairs(names: readonly string[], myName: string): MentionPairs {
  const me = myName.toLowerCase();
  const sorted = [...new Set(names)].filter(Boolean).sort((a, b) => b.length - a.length);
  return sorted.map((name): [RegExp, ReplaceFunction] => {
    const find = new RegExp(mentionPattern(name).source, 'giu');
    const isMe = name.toLowerCase() === me || name.toLowerCase() === 'here';
    const replace: ReplaceFunction = (value: string) => {
      // The pattern may take the character before the "@" (start-of-word check).
      const at = value.indexOf('@');
      const mention = value.slice(at);
      const node = {
        type: 'mention',
        data: { hName: 'span', hProperties: { className: isMe ? ['mention', 'mention--me'] : ['mention'] }, hChildren: [{ type: 'text', value: mention }] },
      } as unknown as PhrasingContent;
      return at > 0 ? [{ type: 'text', value: value.slice(0, at) }, node] : node;
    };
    return [find, replace];
  });
}

/**
 * Everyone's sign-in name (what @mentions use), one per line, worked out once
 * per users record. The same string while nobody joins, leaves or is renamed,
 * so a text selecting it does not re-render on anyone's presence or profile.
 */
const signInNamesCache = new WeakMap<object, string>();
function signInNames(users: Record<number, UserInfo>): string {
  let names = signInNamesCache.get(users);
  if (names === undefined) {
    names = Object.values(users)
      .map((u) => u.name)
      .join('\n');
    signInNamesCache.set(users, names);
  }
  return names;
}

/**
 * One set of pairs per set of names, shared by every message on screen:
 * building a regular expression per person per message per render would be
 * the list's main cost. (findAndReplace resets each expression's lastIndex,
 * so sharing is safe.)
 */
let mentionPairCache: { names: string; myName: string; pairs: MentionPairs } | null = null;
function mentionPairs(names: string, myName: string): MentionPairs {
  if (mentionPairCache && mentionPairCache.names === names && mentionPairCache.myName === myName) return mentionPairCache.pairs;
  const pairs = buildMentionPairs([...(names ? names.split('\n') : []), 'here'], myName);
  mentionPairCache = { names, myName, pairs };
  return pairs;
}

/** Wraps each "@Name" in span.mention, except in links and code. */
function remarkMentions({ pairs }: { pairs: MentionPairs }) {
  return (tree: Root) => {
    if (pairs.length > 0) findAndReplace(tree, pairs, { ignore: ['link', 'linkReference', 'inlineCode', 'code'] });
  };
}

const components: Components = {
  a: ({ href, children }) => <ExternalLink href={href ?? ''}>{children}</ExternalLink>,
};

export interface MessageTextProps {
  text: string;
  /** Something to put after the text, inline (the "(edited)" marker). */
  after?: ReactNode;
}

const NO_USERS = {};

/**
 * One line of words, digits, spaces and punctuation that Markdown, GFM, a
 * bare URL or a mention can make nothing of: no `* _ ~ \` [ ] < > # | & @ \`,
 * no newline or tab, no leading or trailing space, no "1." / "1)" list start,
 * no "://" or "www." (autolinks). Most chat messages are such text; the
 * Markdown pipeline would turn them into exactly `<p>{text}</p>`, so they skip
 * it (parsing per row was a main cost of the list: bench/renderer/README.md).
 * test/renderer/conversation/MessageText.test.tsx checks both give the same DOM.
 */
const PLAIN_CHARS = /^[\p{L}\p{N}"'(][\p{L}\p{N} ,.;:!?'"()/%$+=-]*$/u;
export function isPlainText(text: string): boolean {
  return PLAIN_CHARS.test(text) && !/[ ]$/.test(text) && !/^\p{N}+[.)]/u.test(text) && !text.includes('://') && !/www\./i.test(text);
}

function MessageTextView({ text, after }: MessageTextProps) {
  if (isPlainText(text)) {
    return (
      <div className="message__text">
        <p>{text}</p>
        {after}
      </div>
    );
  }
  return <MarkdownText text={text} after={after} />;
}

/** Always through the Markdown pipeline (exported for the test that compares it with the plain-text path). */
export function MarkdownText({ text, after }: MessageTextProps) {
  const names = useAppStore((s) => signInNames(s.users ?? NO_USERS));
  const myName = useAppStore((s) => s.me?.name ?? '');
  const remarkPlugins = useMemo(
    () => [remarkGfm, remarkPlainHtml, [remarkMentions, { pairs: mentionPairs(names, myName) }] as [typeof remarkMentions, { pairs: MentionPairs }]],
    [names, myName],
  );
  return (
    <div className="message__text">
      <Markdown remarkPlugins={remarkPlugins} allowedElements={ALLOWED_ELEMENTS} unwrapDisallowed components={components}>
        {text}
      </Markdown>
      {after}
    </div>
  );
}

export const MessageText = memo(MessageTextView);
