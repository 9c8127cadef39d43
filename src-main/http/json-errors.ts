// HTTP refusals as PROTOCOL.md describes them ("Download"): a JSON body
// {"code": "<error code>", "message": "<a sentence to show>"} with the usual
// status. The host's file API and the sender's offer server both answer this
// way; the transfer clients read it back (transfer/http-errors.ts).
import type http from 'node:http';
import type { ErrorCode } from '../../src-shared/protocol/error-codes.js';

export type ExtraHeaders = Record<string, string | number>;

/**
 * Answers `status` with `{code, message}` (never cached). `headers` are added
 * (Allow, Retry-After, Upload-Offset, Content-Range…) and may override the
 * defaults. When a response has started already there is no way to say
 * anything any more: the connection is destroyed, so the client sees a cut
 * rather than a truncated body it might take for the file.
 */
export function sendJsonError(res: http.ServerResponse, status: number, code: ErrorCode, message: string, headers: ExtraHeaders = {}): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ code, message });
  res
    .writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store',
      ...headers,
    })
    .end(body);
}

/** The `code` and `message` of an error body, each null when absent or not a string (or the body is not JSON). */
export function parseJsonError(body: string): { code: string | null; message: string | null } {
  try {
    const parsed = JSON.parse(body) as { code?: unknown; message?: unknown } | null;
    return {
      code: typeof parsed?.code === 'string' ? parsed.code : null,
      message: typeof parsed?.message === 'string' ? parsed.message : null,
    };
  } catch {
    return { code: null, message: null };
  }
}
