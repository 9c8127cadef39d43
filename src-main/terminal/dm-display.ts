// How the terminal shows DMs now that they are end-to-end encrypted: each DM
// message is opened by the DM crypto service (src-shared/e2e/dm-session.ts)
// and printed as a copy carrying its decrypted text, so message-format.ts
// stays as it was:
//   - decrypted: the text as sent (and kept in the run's local search index);
//     a file: "[file NAME]" and its caption, if any (kept in the index too);
//     a reply to an encrypted original quotes our decrypted copy of it, or
//     the quote the sender put inside the envelope;
//   - not decryptable: "[could not decrypt: why]" — never a crash;
//   - a DM without an envelope (from before encryption, or an old app):
//     its text followed by "(not end-to-end encrypted)".
// Roster notices ("Bob has a new device") are worded here too.
import type { DmReading, RosterNotice } from '../../src-shared/e2e/dm-session.js';
import { parseConversationKey } from '../../src-shared/protocol/conversations.js';
import type { Message } from '../../src-shared/protocol/frames.js';
import { printable } from './message-format.js';
import type { TerminalSession } from './terminal-session.js';

export const NOT_E2E = '(not end-to-end encrypted)';

const isDm = (message: Message) => parseConversationKey(message.conv)?.kind === 'dm';

/**
 * The message as the terminal shows it. `live`: delivered now (the replay
 * guard checks it); false for /history pages and reaction updates.
 */
export async function shownMessage(session: TerminalSession, message: Message, live: boolean): Promise<Message> {
  if (!isDm(message)) return message;
  if (message.deleted) {
    session.dmIndex.remove(message.seq);
    return message;
  }
  const reading = await session.dm.read(message, live);
  return applyReading(session, message, reading);
}

function applyReading(session: TerminalSession, message: Message, reading: DmReading): Message {
  switch (reading.kind) {
    case 'plain':
      return message.kind === 'text' && message.text !== '' ? { ...message, text: `${message.text} ${NOT_E2E}` } : message;
    case 'failed':
      return { ...message, text: `[could not decrypt: ${reading.reason}]` };
    case 'decrypted': {
      const { content } = reading;
      if (content.kind === 'file') {
        const file = message.file ? { ...message.file, name: content.name } : message.file;
        // The index keeps the real name too: a hit prints "[file NAME] caption".
        if (content.caption !== undefined) session.dmIndex.add({ ...message, ...(file && { file }) }, content.caption);
        return { ...message, text: `[file ${content.name}]${content.caption !== undefined ? ` ${content.caption}` : ''}`, ...(file && { file }) };
      }
      session.dmIndex.add(message, content.text);
      const quote = message.replyTo;
      if (quote?.e2e && !quote.deleted) {
        const quoted = session.dmIndex.text(quote.seq) ?? content.quote ?? '(encrypted)';
        return { ...message, text: content.text, replyTo: { ...quote, text: quoted } };
      }
      return { ...message, text: content.text };
    }
  }
}

/** The line for a change of someone's devices. */
export function rosterNoticeLines(session: TerminalSession, notice: RosterNotice): string[] {
  const name = printable(session.userName(notice.userId));
  const whose = notice.mine ? 'You have' : `${name} has`;
  const lines: string[] = [];
  if (notice.keyChanged > 0) {
    lines.push(`! ${notice.mine ? 'One of your devices' : `${name}'s device`} key changed — this can mean someone else is reading along. Compare /safety ${name} with ${name} in person.`);
  }
  if (notice.added > 0) lines.push(`* ${whose} ${notice.added === 1 ? 'a new device' : `${notice.added} new devices`}${notice.mine ? '' : ` — compare /safety ${name} with them`}.`);
  if (notice.removed > 0) lines.push(`* ${whose} ${notice.removed === 1 ? 'one device' : `${notice.removed} devices`} fewer.`);
  if (notice.mustConfirm) {
    lines.push(`! You had verified ${name}: messages to ${name} now wait. /safety ${name} and /verify ${name} after comparing, or /confirm ${name} to send anyway.`);
  }
  return lines;
}
