// How the terminal client writes conversation lines:
//   [12:03] #general <Alice> hello
//   [12:03] #general * Bob joined
//   [12:03] DM Alice → you: psst        (and "DM you → Alice: …" for your own)
// Text from other people is made safe to print: control characters (escape
// sequences could move the cursor, recolour or retitle the terminal) are shown
// as �, and a multi-line message is indented under its first line.
import type { Message } from '../../src-shared/protocol/frames.js';
import { dmPeer, parseConversationKey } from '../../src-shared/protocol/conversations.js';

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

export function formatMessage(message: Message, names: NameLookup, now?: number): string {
  const time = `[${clock(message.ts, now)}]`;
  const from = printable(message.fromName);
  const parsed = parseConversationKey(message.conv);
  if (parsed?.kind === 'dm') {
    const peer = dmPeer(message.conv, names.me);
    const peerName = peer === null ? '?' : printable(names.userName(peer));
    const route = message.from === names.me ? `you → ${peerName}` : `${from} → you`;
    return `${time} DM ${route}: ${indentLines(message.text)}`;
  }
  const where = conversationLabel(message.conv, names);
  switch (message.kind) {
    case 'join':
      return `${time} ${where} * ${from} joined`;
    case 'leave':
      return `${time} ${where} * ${from} left`;
    default:
      return `${time} ${where} <${from}> ${indentLines(message.text)}`;
  }
}
