// Naming rules for people and channels. Shared so that clients can explain a
// problem before sending, and the host enforces the very same rules.
import {
  CHANNEL_NAME_MAX_CHARS,
  USER_NAME_MAX_CHARS,
  USER_NAME_MIN_CHARS,
  PASSWORD_MAX_CHARS,
  PASSWORD_MIN_CHARS,
} from './limits.js';

export type RuleResult = { ok: true; value: string } | { ok: false; message: string };

const codePoints = (s: string) => [...s].length;

/** Display form of a user name: NFC, trimmed, inner runs of white space collapsed. */
export function cleanUserName(raw: string): string {
  return raw.normalize('NFC').trim().replace(/\s+/gu, ' ');
}

/**
 * Key under which a user name is unique: compatibility-normalised (NFKC, so
 * full-width "Ａｌｉｃｅ" equals "Alice") and case-folded (upper then lower, so
 * "ß" equals "SS" equals "ss").
 */
export function userNameKey(raw: string): string {
  return cleanUserName(raw).normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
}

const USER_NAME_CHAR = /^[\p{L}\p{M}\p{N} ._-]$/u;

/** Checks a user name against the documented rules; on failure says which rule. */
export function validateUserName(raw: string): RuleResult {
  const name = cleanUserName(raw);
  const length = codePoints(name);
  if (length < USER_NAME_MIN_CHARS) {
    return { ok: false, message: `Names need at least ${USER_NAME_MIN_CHARS} characters.` };
  }
  if (length > USER_NAME_MAX_CHARS) {
    return { ok: false, message: `Names can be at most ${USER_NAME_MAX_CHARS} characters — shorten it.` };
  }
  const bad = [...name].find((ch) => !USER_NAME_CHAR.test(ch));
  if (bad !== undefined) {
    const shown = /\p{C}|\s/u.test(bad) ? `U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : `“${bad}”`;
    return { ok: false, message: `Names can use letters, digits, spaces, “.”, “-” and “_” — remove ${shown}.` };
  }
  if (!/^[\p{L}\p{N}]/u.test(name)) {
    return { ok: false, message: 'Names must start with a letter or a digit.' };
  }
  return { ok: true, value: name };
}

export function validatePassword(password: string): RuleResult {
  const length = codePoints(password);
  if (length < PASSWORD_MIN_CHARS) {
    return { ok: false, message: `Passwords need at least ${PASSWORD_MIN_CHARS} characters.` };
  }
  if (length > PASSWORD_MAX_CHARS) {
    return { ok: false, message: `Passwords can be at most ${PASSWORD_MAX_CHARS} characters.` };
  }
  return { ok: true, value: password };
}

/** Channel names as people type them: "#Design Team" becomes "design-team". */
export function cleanChannelName(raw: string): string {
  return raw
    .normalize('NFKC')
    .trim()
    .replace(/^#+/u, '')
    .toLowerCase()
    .replace(/\s+/gu, '-');
}

const CHANNEL_CHAR = /^[\p{Ll}\p{Lo}\p{Lm}\p{M}\p{N}_-]$/u;

export function validateChannelName(raw: string): RuleResult {
  const name = cleanChannelName(raw);
  if (name.length === 0) return { ok: false, message: 'Give the channel a name.' };
  if (codePoints(name) > CHANNEL_NAME_MAX_CHARS) {
    return { ok: false, message: `Channel names can be at most ${CHANNEL_NAME_MAX_CHARS} characters.` };
  }
  const bad = [...name].find((ch) => !CHANNEL_CHAR.test(ch));
  if (bad !== undefined) {
    return { ok: false, message: `Channel names can use lower-case letters, digits, “-” and “_” — remove “${bad}”.` };
  }
  if (!/^[\p{L}\p{N}]/u.test(name)) {
    return { ok: false, message: 'Channel names must start with a letter or a digit.' };
  }
  return { ok: true, value: name };
}
