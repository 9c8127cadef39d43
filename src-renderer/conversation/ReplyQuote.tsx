// The quoted original above a reply. Prefers the copy of the original held
// here (newer than the quote the reply arrived with); a click jumps to it.
// Its author goes by their display name as it is now (the quote carries the
// sign-in name, used only when the author is not known here).
import type { Message, Quote } from '../../src-shared/protocol/frames.js';
import { QUOTE_PREVIEW_CHARS } from '../../src-shared/limits.js';
import { usePeople } from '../people/use-people.js';
import { personName } from '../store/selectors.js';

const SHORT = 80;

function quoteOf(replyTo: Quote, held: Message | undefined): Quote {
  return held ? quoteFromMessage(held) : replyTo;
}

/** The quote of a message held here (what the host would put in replyTo). */
export function quoteFromMessage(held: Message): Quote {
  return {
    seq: held.seq,
    from: held.from,
    fromName: held.fromName,
    kind: held.kind,
    text: held.deleted ? '' : held.text.slice(0, QUOTE_PREVIEW_CHARS),
    ...(held.file && { fileName: held.file.name }),
    deleted: held.deleted === true,
  };
}

/** Markdown's markers left out, for a one-line preview ("**today**:\n- fix" → "today: fix"). */
export function plainPreview(markdown: string): string {
  return markdown
    .replace(/^```.*$/gm, '')
    .replace(/^\s{0,3}(?:>\s?|[-*+]\s+|\d+[.)]\s+)/gm, '')
    .replace(/(\*\*|__|~~|`)(.+?)\1/g, '$2')
    .replace(/(^|[^\p{L}\p{N}])[*_](\S(?:.*?\S)?)[*_](?![\p{L}\p{N}])/gu, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The start of the quoted text on one line, or the file's name. */
export function quotePreview(quote: Quote, max = SHORT): string {
  const text = plainPreview(quote.text) || (quote.fileName ? `📎 ${quote.fileName}` : '');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export interface ReplyQuoteProps {
  replyTo: Quote;
  held: Message | undefined;
  onJump: (seq: number) => void;
}

export function ReplyQuote({ replyTo, held, onJump }: ReplyQuoteProps) {
  const quote = quoteOf(replyTo, held);
  // The author's name as it is now (a rename shows at once).
  const users = usePeople([quote.from]);
  if (quote.deleted) {
    return (
      <div className="reply-quote reply-quote--deleted">
        <span className="reply-quote__text">Original message deleted</span>
      </div>
    );
  }
  const preview = quotePreview(quote);
  const author = personName(users, quote.from, quote.fromName);
  return (
    <button type="button" className="reply-quote" aria-label={`Show ${author}'s message: ${preview}`} onClick={() => onJump(quote.seq)}>
      <span className="reply-quote__author">{author}</span>
      <span className="reply-quote__text">{preview}</span>
    </button>
  );
}
