// Direct transfer, receiver side (PROTOCOL.md, "Direct transfer"): ask the host
// for the sender's URLs and a ticket (file.direct), probe each URL with a short
// connect timeout, and stream the file from the first that answers — with the
// same .part / SHA-256 / never-overwrite logic as a relay download
// (downloadFile with a sourceUrl). Any failure of the direct path (unreachable,
// 403, 410 file changed, checksum) falls back to the relay copy on the host; a
// .part left by the direct attempt is resumed from there (same ETag).
import http from 'node:http';
import type { ChatClient } from '../../src-shared/chat-client.js';
import type { FileInfo } from '../../src-shared/protocol/frames.js';
import { downloadFile, type DownloadOptions, type DownloadResult } from './incoming-file-writer.js';
import { readSmallBody } from './http-errors.js';
import { abortError, TransferError } from './transfer-error.js';

/** How long to wait for a sender's offer server to answer before trying the next URL. */
export const DIRECT_CONNECT_TIMEOUT_MS = 1500;

export interface DirectDownloadOptions extends Omit<DownloadOptions, 'sourceUrl' | 'ticketUrl'> {
  client: Pick<ChatClient, 'request'>;
  /** Resume token for the relay fallback (Authorization: Bearer). */
  token: string;
  connectTimeoutMs?: number;
  /** Skip the direct path (e.g. the user turned it off); the relay is used. */
  relayOnly?: boolean;
}

export interface DirectDownloadResult extends DownloadResult {
  /** Which path delivered the bytes. */
  via: 'direct' | 'relay';
  /** Why the direct path was not used (when via is 'relay' and the file was offered directly). */
  directFailure?: string;
}

/** A HEAD to `url`: null when it answers 200 with the expected ETag, else why not. */
function probe(url: string, timeoutMs: number, file: FileInfo, signal?: AbortSignal): Promise<string | null> {
  return new Promise((resolve) => {
    const req = http.request(url, { method: 'HEAD', agent: false, signal, timeout: timeoutMs }, (res) => {
      void readSmallBody(res).then(() => {
        const status = res.statusCode ?? 0;
        if (status !== 200) resolve(status === 410 ? 'file_changed (410)' : `HTTP ${status}`);
        else if (res.headers.etag !== `"${file.sha256}"` || Number(res.headers['content-length']) !== file.size) resolve('the sender offers different content');
        else resolve(null);
      });
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    req.on('error', (error) => resolve(error.message));
    req.end();
  });
}

/** Downloads `file`: directly from the sender when it offers the file and can be reached, else from the host. */
export async function downloadFileDirectOrRelay(opts: DirectDownloadOptions): Promise<DirectDownloadResult> {
  const { client, file, signal } = opts;
  let directFailure: string | undefined;
  if (file.direct && !opts.relayOnly) {
    try {
      const { urls, ticket } = await client.request('file.direct', { fileId: file.id });
      const failures: string[] = [];
      for (const base of urls) {
        if (signal?.aborted) throw abortError(signal);
        const url = `${base}?ticket=${encodeURIComponent(ticket)}`;
        const problem = await probe(url, opts.connectTimeoutMs ?? DIRECT_CONNECT_TIMEOUT_MS, file, signal);
        if (problem) {
          failures.push(`${new URL(base).host}: ${problem}`);
          continue;
        }
        try {
          const done = await downloadFile({ ...opts, sourceUrl: url, retries: opts.retries ?? 2 });
          return { ...done, via: 'direct' };
        } catch (error) {
          if (signal?.aborted) throw abortError(signal);
          if (error instanceof TransferError && error.code === 'disk_full') throw error;
          failures.push(`${new URL(base).host}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      directFailure = failures.join('; ') || 'the sender gave no addresses';
    } catch (error) {
      if (signal?.aborted) throw abortError(signal);
      if (error instanceof TransferError && (error.code === 'disk_full' || error.code === 'aborted')) throw error;
      directFailure = error instanceof Error ? error.message : String(error);
    }
  }
  try {
    const done = await downloadFile({ ...opts, sourceUrl: undefined });
    return { ...done, via: 'relay', ...(directFailure !== undefined && { directFailure }) };
  } catch (error) {
    if (error instanceof TransferError && (error.code === 'file_not_found' || (error.code === 'http_error' && /\b409\b/.test(error.message))) && file.direct) {
      throw new TransferError('not_uploaded_yet', 'The sender is still uploading this file — try again in a moment.', true, { cause: error });
    }
    throw error;
  }
}
