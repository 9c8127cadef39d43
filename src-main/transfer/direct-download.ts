// Direct transfer, receiver side (PROTOCOL.md, "Direct transfer"): ask the host
// for the sender's URLs, its device identity and a ticket (file.direct), probe
// each URL with a short connect timeout, and stream the file from the first
// that answers as that identity — with the
// same .part / SHA-256 / never-overwrite logic as a relay download
// (downloadFile with a sourceUrl). Any failure of the direct path (unreachable,
// 403, 410 file changed, checksum) falls back to the relay copy on the host; a
// .part left by the direct attempt is resumed from there (same ETag).
//
// The sender's offer server serves TLS with the sender's own device key. The
// host passes on the identity the sender gave in file.offer; the receiver reads
// the certificate an offer URL presents (a handshake that sends nothing), goes
// on only when its key is that identity, and then connects pinned to it — so a
// machine that took over the sender's address gets neither the ticket nor a
// request, and the file comes from the host instead.
import type { ChatClient } from '../../src-shared/chat-client.js';
import type { FileInfo } from '../../src-shared/protocol/frames.js';
import { sessionCode } from '../../src-shared/session-identity.js';
import { probeSessionCertificate } from '../trust/certificate-probe.js';
import type { SessionPin } from '../trust/pinned-tls.js';
import { downloadFile, type DownloadOptions, type DownloadResult } from './incoming-file-writer.js';
import { readSmallBody } from './http-errors.js';
import { pinnedRequest, refusedOr } from './pinned-http.js';
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

/**
 * The pin for the offer server at `base`: its certificate, when its key is the
 * identity the host passed; else why not (a string). Only https offers are
 * taken: a sender that offers over plain HTTP is not used directly.
 */
async function senderPin(base: string, identity: string, timeoutMs: number): Promise<SessionPin | string> {
  const url = new URL(base);
  if (url.protocol !== 'https:') return 'the sender offered it without TLS';
  let presented: SessionPin;
  try {
    presented = await probeSessionCertificate(url.hostname.replace(/^\[|\]$/g, ''), Number(url.port || 443), timeoutMs);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  if (presented.fingerprint !== identity) {
    return `refused: it presents the identity ${sessionCode(presented.fingerprint)}, not the sender's ${sessionCode(identity)} (nothing was sent to it)`;
  }
  return presented;
}

/** A HEAD to `url`, pinned to the sender: null when it answers 200 with the expected ETag, else why not. */
function probe(url: string, pin: SessionPin, timeoutMs: number, file: FileInfo, signal?: AbortSignal): Promise<string | null> {
  return new Promise((resolve) => {
    const req = pinnedRequest(new URL(url), pin, { method: 'HEAD', agent: false, signal, timeout: timeoutMs }, (res) => {
      void readSmallBody(res).then(() => {
        const status = res.statusCode ?? 0;
        if (status !== 200) resolve(status === 410 ? 'file_changed (410)' : `HTTP ${status}`);
        else if (res.headers.etag !== `"${file.sha256}"` || Number(res.headers['content-length']) !== file.size) resolve('the sender offers different content');
        else resolve(null);
      });
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    req.on('error', (error) => {
      const refused = refusedOr(error, pin);
      resolve(refused instanceof Error ? refused.message : String(refused));
    });
    req.end();
  });
}

/** Downloads `file`: directly from the sender when it offers the file and can be reached, else from the host. */
export async function downloadFileDirectOrRelay(opts: DirectDownloadOptions): Promise<DirectDownloadResult> {
  const { client, file, signal } = opts;
  let directFailure: string | undefined;
  if (file.direct && !opts.relayOnly) {
    try {
      const { urls, ticket, identity } = await client.request('file.direct', { fileId: file.id });
      const timeoutMs = opts.connectTimeoutMs ?? DIRECT_CONNECT_TIMEOUT_MS;
      const failures: string[] = [];
      for (const base of urls) {
        if (signal?.aborted) throw abortError(signal);
        const pin = await senderPin(base, identity, timeoutMs);
        if (typeof pin === 'string') {
          failures.push(`${new URL(base).host}: ${pin}`);
          continue;
        }
        const url = `${base}?ticket=${encodeURIComponent(ticket)}`;
        const problem = await probe(url, pin, timeoutMs, file, signal);
        if (problem) {
          failures.push(`${new URL(base).host}: ${problem}`);
          continue;
        }
        try {
          const done = await downloadFile({ ...opts, pin, sourceUrl: url, retries: opts.retries ?? 2 });
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
