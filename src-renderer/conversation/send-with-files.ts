// Sending the files waiting in the composer with the message text as their
// caption — one message, like Slack: the caption rides on the first file's
// file.begin `text` (PROTOCOL.md), so the others see the text above the file.
// Where it cannot ride there it goes as its own message beside the files (it may arrive before them):
// in an encrypted DM (the file envelope has no room for a caption, and a
// plain `text` would show it to the host) and on the desktop (main uploads,
// and its upload request carries no caption).
import type { Platform } from '../platform/platform.js';
import type { ChatSession } from '../session/chat-session.js';

export function captionTravelsApart(session: ChatSession, platform: Platform, conv: string): boolean {
  return platform.files !== undefined || session.dms.encrypts(conv);
}

/** Words to show when the files were refused, else null. */
export function sendWithFiles(session: ChatSession, platform: Platform, conv: string, files: readonly File[], caption: string): string | null {
  if (!captionTravelsApart(session, platform, conv)) return session.files.share(conv, files, caption);
  const refusal = session.files.share(conv, files);
  if (!refusal && caption) void session.messages.send(conv, caption)?.catch(() => {});
  return refusal;
}
