// Turning the host's HTTP refusals (PROTOCOL.md: JSON {"code","message"} with
// the usual status; http/json-errors.ts) into TransferErrors with sentences a
// person can act on.
import type { IncomingMessage } from 'node:http';
import { parseJsonError } from '../http/json-errors.js';
import { TransferError } from './transfer-error.js';

/** Most of an error body we read: they are small JSON objects. */
const MAX_ERROR_BODY = 16 * 1024;

/** Reads a small response body (error JSON), discarding anything past MAX_ERROR_BODY. */
export function readSmallBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      if (body.length < MAX_ERROR_BODY) body += chunk.slice(0, MAX_ERROR_BODY - body.length);
    });
    res.on('end', () => resolve(body));
    res.on('error', () => resolve(body));
    res.on('close', () => resolve(body));
  });
}

/** The TransferError for an unexpected HTTP answer. */
export function httpError(status: number, body: string, what: 'upload' | 'download'): TransferError {
  const parsed = parseJsonError(body);
  const hostMessage = (parsed.message ?? '').slice(0, 300);
  const code = parsed.code ?? '';
  const detail = hostMessage ? ` (${hostMessage})` : '';
  if (status === 404) return new TransferError('file_not_found', `The host no longer has this file${detail}.`);
  if (status === 401) return new TransferError('unauthorized', `The host did not accept this sign-in; sign in again${detail}.`);
  if (status === 403) return new TransferError('forbidden', `The host refused this ${what}: you are not a member of that conversation, or the link expired${detail}.`);
  if (status === 429 || code === 'too_many_transfers') return new TransferError('too_many_transfers', `Too many transfers at once; try again when one finishes${detail}.`, true);
  if (status === 507 || code === 'disk_full') return new TransferError('disk_full', `The host's disk is too full for this file${detail}.`);
  // A hand-over (PROTOCOL.md): the file's bytes are still on their way to the new host, or the session is moving.
  if (status === 503 && (code === 'file_unavailable' || code === 'session_moving')) {
    return new TransferError('still_moving', `This file is still moving to the session's new host; the ${what} goes on by itself when it has arrived${detail}.`, true);
  }
  return new TransferError('http_error', `The host answered ${status} to the ${what}${detail}.`, status >= 500);
}
