// How the terminal client writes conversation lines:
//   [12:03] #general <Alice> hello
//   [12:03] #general * Bob joined
//   [12:03] DM Alice → you: psst        (and "DM you → Alice: …" for your own)
//   [12:03] #general <Alice> ↪ Bob: “lunch at…” yes!     (a reply; "↪ Bob: (original deleted)")
//   [12:03] #general <Alice> lunch at 1? (edited)         (in /history)
//   [12:03] #general <Alice> ✖ message deleted
// and changes to messages (event message.updated), each on its own line:
//   [12:05] #general ✎ Alice edited: lunch at 1?
//   [12:05] #general ✖ Alice deleted a message      ("Carol (admin) deleted Bob's message")
//   [12:05] #general Alice reacted 👍 to “lunch at…”  ("Alice removed 👍 from “…”")
// and search hits (/search), the matched words emphasised:
//   [12:03] #general <Alice> we «deploy» on friday
// Text from other people is made safe to print: control characters (escape
// sequences could move the cursor, recolour or retitle the terminal) are shown
// as �, and a multi-line message is indented under its first line.
import type { ChatEvent, Message, Quote, SearchHit } from '../../src-shared/protocol/frames.js';
import { dmPeer, parseConversationKey } from '../../src-shared/protocol/conversations.js';
import { searchExcerpt, type HighlightRange } from '../../src-shared/search-excerpt.js';

export interface NameLookup {
  me: number;
  userName(id: number): string;
  channelName(id: number): string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "12:03" for today, "2024-03-05 12:03" for an older day (local time). */
export function clock(ts: number, now: number = Date.now()): string {
  const d = new Date(ts);
  const today = new Date(now);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const sameDay = d.getFullYear() === today.getFullYear() && d.getMonth() === today.getMonth() && d.getDate() === today.getDate();
  return sameDay ? time : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}

/** Replaces control characters (except newline and tab) with U+FFFD. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, '\uFFFD');
}

const indentLines = (text: string) => printable(text).replace(/\r?\n/g, '\n    ');

/** Where a conversation is, as shown at the start of a line: "#general" or "DM Alice". */
export function conversationLabel(conv: string, names: NameLookup): string {
  const parsed = parseConversationKey(conv);
  if (parsed?.kind === 'channel') return `#${names.channelName(parsed.channelId)}`;
  const peer = dmPeer(conv, names.me);
  return peer === null ? conv : `DM ${names.userName(peer)}`;
}

/**
 * The start of a text on one line, safe to print: white space runs become one
 * space, and past `max` code points it is cut (after a word, if one ends near
 * there) with "…".
 */
export function snippet(text: string, max = 30): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const points = [...flat];
  if (points.length <= max) return printable(flat);
  // Cut after a whole word when one ends near the limit.
  let kept = points.slice(0, max).join('');
  const space = kept.lastIndexOf(' ');
  if (points[max] !== ' ' && space >= kept.length - 12 && space > 0) kept = kept.slice(0, space);
  return printable(`${kept.trimEnd()}…`);
}

/** What a message is about, for a line that refers to it: “its first words…” (or its file's name). */
function aboutMessage(message: Message): string {
  if (message.deleted) return 'a deleted message';
  if (message.text.trim() !== '') return `“${snippet(message.text)}”`;
  if (message.file) return `the file “${snippet(message.file.name)}”`;
  return 'a message';
}

/** "↪ Bob: “quoted start…” " — the part of a reply line before its text. */
export function formatQuote(quote: Quote): string {
  const who = printable(quote.fromName);
  if (quote.deleted) return `↪ ${who}: (original deleted) `;
  const quoted = quote.text.trim() !== '' ? quote.text : (quote.fileName ?? '');
  return `↪ ${who}: “${snippet(quoted)}” `;
}

/**
 * "↳ in thread #12: " (or "↳ in thread #12, also here: " for one also sent to
 * the conversation) — the mark of a thread reply; /thread 12 shows the thread.
 */
export function threadMark(message: Message): string {
  if (message.threadRoot === undefined) return '';
  return `↳ in thread #${message.threadRoot}${message.alsoToChannel === true ? ', also here' : ''}: `;
}

/** " [2 replies: /thread 12]" after a thread root. */
export function threadSummary(message: Message): string {
  const replies = message.thread?.replies;
  if (replies === undefined) return '';
  return ` [${replies} ${replies === 1 ? 'reply' : 'replies'}: /thread ${message.seq}]`;
}

/** The text part of a message line: thread mark, reply quote, text (or "✖ message deleted"), "(edited)", thread summary. */
function body(message: Message): string {
  if (message.deleted) return `${threadMark(message)}✖ message deleted${threadSummary(message)}`;
  const quote = message.replyTo ? formatQuote(message.replyTo) : '';
  const edited = message.editedAt !== undefined ? ' (edited)' : '';
  return `${threadMark(message)}${quote}${indentLines(message.text)}${edited}${threadSummary(message)}`;
}

export function formatMessage(message: Message, names: NameLookup, now?: number): string {
  const time = `[${clock(message.ts, now)}]`;
  const from = printable(message.fromName);
  const parsed = parseConversationKey(message.conv);
  if (parsed?.kind === 'dm') {
    const peer = dmPeer(message.conv, names.me);
    const peerName = peer === null ? '?' : printable(names.userName(peer));
    const route = message.from === names.me ? `you → ${peerName}` : `${from} → you`;
    return `${time} DM ${route}: ${body(message)}`;
  }
  const where = conversationLabel(message.conv, names);
  switch (message.kind) {
    case 'join':
      return `${time} ${where} * ${from} joined`;
    case 'leave':
      return `${time} ${where} * ${from} left`;
    default:
      return `${time} ${where} <${from}> ${body(message)}`;
  }
}

type UpdateEvent = Extract<ChatEvent, { type: 'message.updated' }>;

/**
 * One line for a change to a message (edit, deletion, reaction). Edits are
 * timed by the edit, the others (which carry no time) by `now`.
 */
export function formatUpdate(event: UpdateEvent, names: NameLookup, now: number = Date.now()): string {
  const { message, change } = event;
  const where = conversationLabel(message.conv, names);
  const by = change.by.id === names.me ? 'You' : printable(change.by.name);
  switch (change.kind) {
    case 'edit':
      return `[${clock(message.editedAt ?? now, now)}] ${where} ✎ ${by} edited: ${indentLines(message.text)}`;
    case 'delete': {
      const deleter = message.deletedBy ?? change.by.id;
      if (deleter === message.from) return `[${clock(now, now)}] ${where} ✖ ${by} deleted a message`;
      const whose = message.from === names.me ? 'your' : `${printable(message.fromName)}'s`;
      return `[${clock(now, now)}] ${where} ✖ ${by} (admin) deleted ${whose} message`;
    }
    case 'reaction': {
      const emoji = printable(change.emoji ?? '?');
      const verb = change.added === false ? `removed ${emoji} from` : `reacted ${emoji} to`;
      return `[${clock(now, now)}] ${where} ${by} ${verb} ${aboutMessage(message)}`;
    }
    case 'thread': {
      const replies = message.thread?.replies ?? 0;
      return `[${clock(now, now)}] ${where} ↳ ${by} changed the thread of #${message.seq} (${replies} ${replies === 1 ? 'reply' : 'replies'})`;
    }
  }
}

// ---------------------------------------------------------------- search hits

/** How matched words stand out: bold (a terminal that shows colour) or «marks» (anywhere else). */
export type Emphasis = 'bold' | 'marks';

const EMPHASIS: Record<Emphasis, [string, string]> = {
  bold: ['\u001b[1m', '\u001b[22m'],
  marks: ['«', '»'],
};

/** Characters of a hit's text shown around its first match (the rest is cut with "…"). */
export const SEARCH_EXCERPT_CHARS = 160;

/**
 * A hit's text on one line with the matched ranges emphasised: cut to
 * SEARCH_EXCERPT_CHARS around its first match (src-shared/search-excerpt.ts,
 * as the app's search panel does), white space (newlines too) shown as single
 * spaces, control characters neutralised.
 */
export function emphasiseMatches(text: string, highlights: ReadonlyArray<HighlightRange>, emphasis: Emphasis, width = SEARCH_EXCERPT_CHARS): string {
  const [open, close] = EMPHASIS[emphasis];
  const plain = (s: string) => printable(s.replace(/\s/g, ' '));
  return searchExcerpt(text, highlights, width)
    .map((piece) => (piece.marked ? open + plain(piece.text) + close : plain(piece.text)))
    .join('')
    .replace(/ {2,}/g, ' ');
}

/** One search hit: "[12:03] #general <Alice> we «deploy» on friday". */
export function formatSearchHit(hit: SearchHit, names: NameLookup, emphasis: Emphasis, now?: number): string {
  const { message } = hit;
  const where = conversationLabel(message.conv, names);
  const from = message.from === names.me ? 'you' : printable(message.fromName);
  const file = message.file ? ` [file ${printable(message.file.name)}]` : '';
  const edited = message.editedAt !== undefined ? ' (edited)' : '';
  return `[${clock(message.ts, now)}] ${where} <${from}>${file} ${emphasiseMatches(message.text, hit.highlights, emphasis)}${edited}`;
}
