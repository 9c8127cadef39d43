// Message text as the host stores it. Control characters (C0 and C1, except
// line feed and tab) are removed: they have no business in chat text, and the
// host's search uses two of them as private highlight markers.

const CONTROL_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/gu;

/** Removes control characters (keeps \n and \t), normalises line ends and trims. */
export function cleanMessageText(raw: string): string {
  return raw.replace(/\r\n?/g, '\n').replace(CONTROL_CHARS, '').trim();
}
