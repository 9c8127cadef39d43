// Sending the files waiting in the composer with the message text as their
// caption — one message, like Slack: the caption rides on the first file's
// file.begin `text` (PROTOCOL.md), so the others see the text above the file.
// The same in a browser (the page uploads) and in the desktop app (main
// uploads: the caption travels in the first file's files:upload request).
// In an encrypted DM the caption goes inside that file's envelope instead
// (dm-payload.ts `c`): still one message, and the host never sees the text.
import type { ChatSession } from '../session/chat-session.js';
import type { ShareOutcome } from '../session/file-sharing.js';
import type { OutgoingFile } from '../store/attachments-slice.js';

/**
 * Words to show when files were refused (else null), and how many went. With
 * none sent the text did not go either: the composer keeps it and the files.
 */
export function sendWithFiles(session: ChatSession, conv: string, files: readonly OutgoingFile[], caption: string): ShareOutcome {
  return session.files.share(conv, files, caption);
}
