// The terminal client's lines for 0.5.0 features: replies, edited and deleted
// messages, changes to messages (message.updated) and search hits.
import { describe, expect, it } from 'vitest';
import {
  emphasiseMatches,
  formatMessage,
  formatQuote,
  formatSearchHit,
  formatUpdate,
  snippet,
} from '../../src-main/terminal/message-format.js';
import type { ChatEvent, Message, MessageChange } from '../../src-shared/protocol/frames.js';

const names = { me: 1, userName: (id: number) => ({ 1: 'Ann', 2: 'Bob', 3: 'Cy' })[id] ?? '?', channelName: (id: number) => (id === 1 ? 'general' : 'ops') };
const at = new Date(2024, 2, 5, 9, 7).getTime();
const later = new Date(2024, 2, 5, 12, 5).getTime();
const message = (over: Partial<Message>): Message => ({ seq: 10, conv: 'ch:1', from: 2, fromName: 'Bob', clientMsgId: null, kind: 'text', text: 'hi', ts: at, ...over });
const updated = (over: Partial<Message>, change: MessageChange): Extract<ChatEvent, { type: 'message.updated' }> => ({
  seq: 20,
  type: 'message.updated',
  message: message(over),
  change,
});
const ESC = '\u001b';

describe('snippet', () => {
  it('keeps short text, cuts long text at a character with “…”, flattens white space', () => {
    expect(snippet('lunch?')).toBe('lunch?');
    expect(snippet('one\n two\tthree')).toBe('one two three');
    expect(snippet('a'.repeat(40), 30)).toBe(`${'a'.repeat(30)}…`);
    expect(snippet('lunch at the usual place', 14)).toBe('lunch at the…'); // after a whole word
    expect(snippet('😀'.repeat(40), 3)).toBe('😀😀😀…'); // never half a surrogate pair
    expect(snippet(`${ESC}[2Jboo`)).toBe('\uFFFD[2Jboo');
  });
});

describe('replies, edits and deletions in message lines', () => {
  it('quotes the start of the original before the reply', () => {
    const reply = message({
      text: 'yes!',
      replyTo: { seq: 3, from: 1, fromName: 'Ann', kind: 'text', text: 'shall we get lunch at the new place today?', deleted: false },
    });
    expect(formatMessage(reply, names, at)).toBe('[09:07] #general <Bob> ↪ Ann: “shall we get lunch at the new…” yes!');
    const inDm = { ...reply, conv: 'dm:1:2' };
    expect(formatMessage(inDm, names, at)).toBe('[09:07] DM Bob → you: ↪ Ann: “shall we get lunch at the new…” yes!');
  });

  it('says when the original was deleted, and quotes a file by its name', () => {
    expect(formatQuote({ seq: 3, from: 1, fromName: 'Ann', kind: 'text', text: '', deleted: true })).toBe('↪ Ann: (original deleted) ');
    expect(formatQuote({ seq: 3, from: 1, fromName: 'Ann', kind: 'file', text: '', fileName: 'plan.pdf', deleted: false })).toBe('↪ Ann: “plan.pdf” ');
  });

  it('neutralises control characters in quotes and names', () => {
    const quote = { seq: 3, from: 1, fromName: `A${ESC}]0;x`, kind: 'text' as const, text: `${ESC}[31mred`, deleted: false };
    expect(formatQuote(quote)).not.toContain(ESC);
  });

  it('marks edited messages and shows deleted ones without their text', () => {
    expect(formatMessage(message({ text: 'lunch at 1?', editedAt: later }), names, at)).toBe('[09:07] #general <Bob> lunch at 1? (edited)');
    expect(formatMessage(message({ text: '', deleted: true, deletedBy: 2 }), names, at)).toBe('[09:07] #general <Bob> ✖ message deleted');
    expect(formatMessage(message({ conv: 'dm:1:2', text: '', deleted: true, deletedBy: 2 }), names, at)).toBe('[09:07] DM Bob → you: ✖ message deleted');
  });
});

describe('formatUpdate (message.updated)', () => {
  it('shows an edit with the new text, at the time of the edit', () => {
    const line = formatUpdate(updated({ text: 'lunch at 1?', editedAt: later }, { kind: 'edit', by: { id: 2, name: 'Bob' } }), names, later);
    expect(line).toBe('[12:05] #general ✎ Bob edited: lunch at 1?');
    const multi = formatUpdate(updated({ conv: 'ch:2', text: 'a\nb', editedAt: later }, { kind: 'edit', by: { id: 2, name: 'Bob' } }), names, later);
    expect(multi).toBe('[12:05] #ops ✎ Bob edited: a\n    b');
  });

  it('shows who deleted a message, naming an admin who deleted someone else’s', () => {
    const own = formatUpdate(updated({ text: '', deleted: true, deletedBy: 2 }, { kind: 'delete', by: { id: 2, name: 'Bob' } }), names, later);
    expect(own).toBe('[12:05] #general ✖ Bob deleted a message');
    const byAdmin = formatUpdate(updated({ text: '', deleted: true, deletedBy: 3 }, { kind: 'delete', by: { id: 3, name: 'Cy' } }), names, later);
    expect(byAdmin).toBe("[12:05] #general ✖ Cy (admin) deleted Bob's message");
    const mineByAdmin = formatUpdate(
      updated({ from: 1, fromName: 'Ann', text: '', deleted: true, deletedBy: 3 }, { kind: 'delete', by: { id: 3, name: 'Cy' } }),
      names,
      later,
    );
    expect(mineByAdmin).toBe('[12:05] #general ✖ Cy (admin) deleted your message');
  });

  it('shows reactions added and removed, with the start of the message', () => {
    const text = 'the release is out, thanks everyone for the help';
    const added = formatUpdate(updated({ text }, { kind: 'reaction', by: { id: 3, name: 'Cy' }, emoji: '👍', added: true }), names, later);
    expect(added).toBe('[12:05] #general Cy reacted 👍 to “the release is out, thanks…”');
    const removed = formatUpdate(updated({ text: 'ok' }, { kind: 'reaction', by: { id: 3, name: 'Cy' }, emoji: '👍', added: false }), names, later);
    expect(removed).toBe('[12:05] #general Cy removed 👍 from “ok”');
    const mine = formatUpdate(updated({ conv: 'dm:1:2', text: 'ok' }, { kind: 'reaction', by: { id: 1, name: 'Ann' }, emoji: '🎉', added: true }), names, later);
    expect(mine).toBe('[12:05] DM Bob You reacted 🎉 to “ok”');
  });

  it('never prints control characters from other people', () => {
    const line = formatUpdate(
      updated({ fromName: `B${ESC}[2J`, text: `${ESC}]0;pwned\u0007` }, { kind: 'reaction', by: { id: 3, name: `C${ESC}[1A` }, emoji: `${ESC}[5m`, added: true }),
      names,
      later,
    );
    expect(line).not.toContain(ESC);
    expect(line).not.toContain('\u0007');
    const edit = formatUpdate(updated({ text: `x${ESC}[2J`, editedAt: later }, { kind: 'edit', by: { id: 2, name: 'Bob' } }), names, later);
    expect(edit).not.toContain(ESC);
  });
});

describe('search hits', () => {
  it('marks matched words with «» or bold', () => {
    expect(emphasiseMatches('we deploy on friday', [[3, 9], [13, 19]], 'marks')).toBe('we «deploy» on «friday»');
    expect(emphasiseMatches('we deploy', [[3, 9]], 'bold')).toBe(`we ${ESC}[1mdeploy${ESC}[22m`);
  });

  it('copes with unsorted, overlapping and out-of-range highlights', () => {
    expect(emphasiseMatches('abcdef', [[4, 9], [0, 2], [1, 3]], 'marks')).toBe('«abc»d«ef»');
    expect(emphasiseMatches('abc', [[2, 2], [5, 7]], 'marks')).toBe('abc');
  });

  it('shows one line, control characters neutralised, and cuts a long text around the first match', () => {
    expect(emphasiseMatches(`one\ntwo ${ESC}[2J`, [[4, 7]], 'marks')).toBe('one «two» \uFFFD[2J');
    const long = `${'x '.repeat(200)}needle${' y'.repeat(200)}`;
    const shown = emphasiseMatches(long, [[400, 406]], 'marks', 60);
    expect(shown.startsWith('…')).toBe(true);
    expect(shown.endsWith('…')).toBe(true);
    expect(shown).toContain('«needle»');
    expect(shown.length).toBeLessThan(70);
  });

  it('formats a hit with where, when, who and the file', () => {
    const hit = { message: message({ text: 'we deploy friday', conv: 'ch:2' }), highlights: [[3, 9]] as Array<[number, number]> };
    expect(formatSearchHit(hit, names, 'marks', at)).toBe('[09:07] #ops <Bob> we «deploy» friday');
    const mine = { message: message({ conv: 'dm:1:2', from: 1, fromName: 'Ann', text: 'deploy', editedAt: later }), highlights: [[0, 6]] as Array<[number, number]> };
    expect(formatSearchHit(mine, names, 'marks', at)).toBe('[09:07] DM Bob <you> «deploy» (edited)');
  });
});
