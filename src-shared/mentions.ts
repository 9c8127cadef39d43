// "@Name" mentions. Names may hold spaces, dots and dashes ("@Mary Jane"), so
// a mention is "@" + the whole name, compared without regard to case, not
// followed by another letter or digit (so @Al does not mention Alice).
import { cleanUserName } from './names.js';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function mentionPattern(name: string): RegExp {
  const wanted = escapeRegExp(cleanUserName(name)).replace(/ /g, '\\s+');
  return new RegExp(`(?:^|[^\\p{L}\\p{N}_@])@${wanted}(?![\\p{L}\\p{N}_])`, 'iu');
}

/** True when `text` mentions `name` as "@name" (case-insensitive). */
export function mentionsName(text: string, name: string): boolean {
  if (!name || !text.includes('@')) return false;
  return mentionPattern(name).test(text.normalize('NFC'));
}
