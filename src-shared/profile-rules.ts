// Profile rules (display name, status) shared by clients and the host, so a
// client explains a problem before sending and the host enforces the same.
// How a person is shown: their display name when they set one, else their
// unique sign-in name; the profile card shows both ("Display Name (@name)").
import { isSingleEmoji } from './emoji.js';
import { DISPLAY_NAME_MAX_CHARS, STATUS_TEXT_MAX_CHARS } from './limits.js';
import type { RuleResult } from './names.js';

const codePoints = (s: string) => [...s].length;
/** Control characters and line breaks never belong in a name or status. */
const CONTROL = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/** NFC, trimmed, inner white space collapsed. "" clears the field. */
export function cleanProfileText(raw: string): string {
  return raw.normalize('NFC').trim().replace(/\s+/gu, ' ');
}

export function validateDisplayName(raw: string): RuleResult {
  const value = cleanProfileText(raw);
  if (codePoints(value) > DISPLAY_NAME_MAX_CHARS) return { ok: false, message: `A display name can be at most ${DISPLAY_NAME_MAX_CHARS} characters — shorten it.` };
  if (CONTROL.test(raw.replace(/[\t\n\r]/g, ' ').replace(/\u200d/g, ''))) return { ok: false, message: 'Remove the invisible control characters from the display name.' };
  return { ok: true, value };
}

export function validateStatusText(raw: string): RuleResult {
  const value = cleanProfileText(raw);
  if (codePoints(value) > STATUS_TEXT_MAX_CHARS) return { ok: false, message: `A status can be at most ${STATUS_TEXT_MAX_CHARS} characters — shorten it.` };
  if (CONTROL.test(raw.replace(/[\t\n\r]/g, ' ').replace(/\u200d/g, ''))) return { ok: false, message: 'Remove the invisible control characters from the status.' };
  return { ok: true, value };
}

/** "" clears the emoji; otherwise exactly one emoji. */
export function validateStatusEmoji(raw: string): RuleResult {
  const value = raw.trim();
  if (value === '' || isSingleEmoji(value)) return { ok: true, value };
  return { ok: false, message: 'Pick one emoji for your status (or leave it empty).' };
}

/** What others see as a person's name. */
export function shownName(user: { name: string; displayName?: string | undefined }): string {
  return user.displayName || user.name;
}
