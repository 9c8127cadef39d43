// The one error type request handlers throw: a stable code from the error
// table (PROTOCOL.md), a sentence for a person, and the field it is about.
// The socket gateway turns it into an `error` frame (or a close, for fatal
// codes); anything else thrown is a server_error, logged, never shown.
import { MAX_MESSAGE_CHARS, MAX_SIGNIN_FAILURES_PER_CONNECTION } from '../../src-shared/limits.js';
import { cleanMessageText } from '../../src-shared/message-text.js';
import { ERROR_CODES, type ErrorCode } from '../../src-shared/protocol/error-codes.js';
import type { HostConnection } from './host-connection.js';

export class RequestError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const codePoints = (s: string): number => [...s].length;

/** A message's text or a file's caption (which may be empty), cleaned (cleanMessageText) and checked against the length rules. */
export function checkedText(raw: string, what: 'message' | 'caption'): string {
  const text = cleanMessageText(raw);
  if (text.length === 0 && what === 'message') throw new RequestError('text_empty', 'Type something before sending.', 'text');
  const length = codePoints(text);
  if (length > MAX_MESSAGE_CHARS) {
    const hint = what === 'message' ? 'Split it, or send it as a file.' : 'Shorten it.';
    throw new RequestError('text_too_long', `A ${what} can be at most ${MAX_MESSAGE_CHARS} characters; this one has ${length}. ${hint}`, 'text');
  }
  return text;
}

const SIGN_IN_FAILURES: ReadonlySet<ErrorCode> = new Set(['wrong_password', 'passcode_wrong', 'token_invalid']);

/**
 * Answers request `re` with what went wrong: a RequestError as its code and
 * sentence (closing the connection for fatal codes, and after too many failed
 * sign-ins); anything else as server_error, with the details only in the log.
 */
export function replyError(conn: HostConnection, re: string, error: unknown, log: (line: string) => void): void {
  if (error instanceof RequestError) {
    if (ERROR_CODES[error.code].fatal) return conn.fail(error.code, error.message, re);
    conn.sendError(error.code, error.message, { re, ...(error.field !== undefined && { field: error.field }) });
    if (SIGN_IN_FAILURES.has(error.code) && ++conn.signInFailures >= MAX_SIGNIN_FAILURES_PER_CONNECTION) {
      conn.fail('too_many_attempts', `${MAX_SIGNIN_FAILURES_PER_CONNECTION} failed sign-ins on one connection; it is closed. Check the name and password and reconnect.`);
    }
    return;
  }
  log(`request ${re} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  conn.sendError('server_error', 'The host could not do that (it logged why). Nothing was changed; try again.', { re });
}
