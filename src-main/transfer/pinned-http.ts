// Every connection the transfer clients make — file HTTP to the host, the
// short-lived ChatClient an upload or download opens, a sender's offer server —
// goes through here, so none of them can end up unpinned by accident:
//
// - https / wss: TLS pinned to one identity (trust/pinned-tls.ts). Without a
//   pin there is no connection at all ("not trusted yet"): a transfer never
//   falls back to trusting whatever certificate answers.
// - http / ws: a host run with --plain, which announces no identity. It keeps
//   working unpinned, as its chat connection does.
//
// A peer that presents another identity is refused during the handshake —
// before the request line, so no byte of the file and no token reaches it —
// and the transfer fails with 'identity_mismatch' (not retried: trying again
// reaches the same impostor).
import http from 'node:http';
import https from 'node:https';
import { ChatClient, type WebSocketConstructor } from '../../src-shared/chat-client.js';
import { identityRefusal, pinnedTlsOptions, type SessionPin } from '../trust/pinned-tls.js';
import { pinnedWebSocket } from '../trust/pinned-websocket.js';
import { TransferError } from './transfer-error.js';

/** Which identity to pin for a host URL (http(s)://HOST:PORT…), or null when this device trusts none there yet. */
export type PinLookup = (url: string) => SessionPin | null;

/** https:// or wss:// */
export function isSecureUrl(url: string | URL): boolean {
  const protocol = (typeof url === 'string' ? new URL(url) : url).protocol;
  return protocol === 'https:' || protocol === 'wss:';
}

export function notTrustedError(url: string | URL): TransferError {
  const host = (typeof url === 'string' ? new URL(url) : url).host;
  return new TransferError('not_trusted', `The session at ${host} is not trusted yet — join the session first, then send or fetch files.`);
}

/** The pin a connection to `url` must use: the pin for https/wss (or a not_trusted error), null for plain http/ws. */
export function requirePin(url: string | URL, pin: SessionPin | null | undefined): SessionPin | null {
  if (!isSecureUrl(url)) return null;
  if (!pin) throw notTrustedError(url);
  return pin;
}

/**
 * http.request or https.request pinned to `pin`, by the URL's scheme. Throws
 * not_trusted for an https URL without a pin. `agent: false` as before: each
 * transfer request is its own connection (and handshake).
 */
export function pinnedRequest(url: URL, pin: SessionPin | null | undefined, options: http.RequestOptions, onResponse?: (res: http.IncomingMessage) => void): http.ClientRequest {
  const checked = requirePin(url, pin);
  if (!checked) return http.request(url, options, onResponse);
  return https.request(url, { ...options, ...pinnedTlsOptions(checked) } as https.RequestOptions, onResponse);
}

/**
 * The error a transfer fails with when a connection failed: 'identity_mismatch'
 * when the peer's certificate was refused by the pin, else `error` itself.
 */
export function refusedOr(error: unknown, pin: SessionPin | null | undefined): unknown {
  if (!pin) return error;
  const refusal = identityRefusal(error, pin);
  return refusal ? new TransferError('identity_mismatch', refusal.message, false, { cause: refusal }) : error;
}

/**
 * The WebSocket constructor for a ChatClient to `wsUrl`: pinned for wss (and
 * `refused` is set when the host presented another identity), the plain one
 * for ws. Throws not_trusted for wss without a pin.
 */
export function hostWebSocket(wsUrl: string, pin: SessionPin | null | undefined, plain: WebSocketConstructor): { WebSocket: WebSocketConstructor; refused: () => TransferError | null } {
  const checked = requirePin(wsUrl, pin);
  if (!checked) return { WebSocket: plain, refused: () => null };
  let refused: TransferError | null = null;
  const WebSocket = pinnedWebSocket(checked, (error) => {
    refused = new TransferError('identity_mismatch', error.message, false, { cause: error });
  });
  return { WebSocket, refused: () => refused };
}

/**
 * A short-lived ChatClient to the host's `wsUrl` (ws(s)://…/ws), resumed with
 * `token` (uploads and downloads need file.begin / file.direct …). Pinned like
 * the file HTTP; fails with not_trusted, identity_mismatch or host_unreachable.
 */
export async function connectHostClient(url: string, token: string, pin: SessionPin | null, plain: WebSocketConstructor): Promise<ChatClient> {
  const { WebSocket, refused } = hostWebSocket(url, pin, plain);
  const client = new ChatClient({ url, WebSocket, reconnect: false, keepaliveMs: 0 });
  try {
    await client.connect();
    await client.resume(token);
    return client;
  } catch (error) {
    client.close();
    throw refused() ?? new TransferError('host_unreachable', `Could not reach the host: ${error instanceof Error ? error.message : String(error)}`, true, { cause: error });
  }
}
