// Sending the files waiting in the composer with the message text as their
// caption — one message, like Slack: the caption rides on the first file's
// file.begin `text` (PROTOCOL.md), so the others see the text above the file.
// The same in a browser (the page uploads) and in the desktop app (main
// uploads: the caption travels in the first file's files:upload request).
// In an encrypted DM it goes as its own encrypted message beside the files
// (it may arrive before them): the file envelope has no room for a caption,
// and a plain `text` would show it to the host.
import type { ChatSession } from '../session/chat-session.js';
import type { ShareOutcome } from '../session/file-sharing.js';
import type { OutgoingFile } from '../store/attachments-slice.js';

export function captionTravelsApart(session: ChatSession, conv: string): boolean {
  return session.dms.encrypts(conv);
}

/**
 * Words to show when files were refused (else null), and how many went. With
 * none sent the text did not go either: the composer keeps it and the files.
 * With some sent the text goes with them (here too in an encrypted DM).
 */
export function sendWithFiles(session: ChatSession, conv: string, files: readonly OutgoingFile[], caption: string): ShareOutcome {
  if (!captionTravelsApart(session, conv)) return session.files.share(conv, files, caption);
  const outcome = session.files.share(conv, files);
  if (outcome.sent > 0 && caption) void session.messages.send(conv, caption)?.catch(() => {});
  return outcome;
}
