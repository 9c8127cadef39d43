// "Probe → decide → pinned socket" in one step, for the Node programs that
// talk to a session through ChatClient themselves (the terminal client, the
// LAN test peers): a ws:// URL (a host run with --plain) gets plain `ws`; a
// wss:// URL is decided by decideTrust (session-trust.ts) and gets a WebSocket
// constructor pinned to that identity. The desktop app does not use it: its
// main process asks the person on first contact (trust-service.ts).
import WebSocket from 'ws';
import type { WebSocketConstructor } from '../../src-shared/chat-client.js';
import type { ExpectedIdentity } from '../../src-shared/session-identity.js';
import type { KnownSessions } from './known-sessions.js';
import type { IdentityMismatchError } from './pinned-tls.js';
import { pinnedWebSocket } from './pinned-websocket.js';
import { decideTrust, urlAddress, type TrustDecision } from './session-trust.js';

export type TrustedWebSocket =
  | { kind: 'plain'; WebSocket: WebSocketConstructor }
  | { kind: 'pinned'; decision: TrustDecision; WebSocket: WebSocketConstructor };

/**
 * Throws IdentityChangedError (another identity than remembered or expected),
 * ProbeError (unreachable, not TLS) or TypeError (not a ws:// or wss:// URL).
 */
export async function trustedWebSocket(options: {
  url: string;
  known: KnownSessions;
  expected?: ExpectedIdentity | undefined;
  /** A later connection (a reconnect) reached another identity: it was refused before anything was sent. */
  onRefused?: (error: IdentityMismatchError) => void;
  timeoutMs?: number;
}): Promise<TrustedWebSocket> {
  const target = urlAddress(options.url);
  if (!target || !/^wss?:/.test(options.url)) throw new TypeError(`${options.url} is not a ws:// or wss:// session address`);
  if (!target.secure) return { kind: 'plain', WebSocket: WebSocket as unknown as WebSocketConstructor };
  const decision = await decideTrust({
    host: target.host,
    port: target.port,
    known: options.known,
    ...(options.expected && { expected: options.expected }),
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
  });
  return { kind: 'pinned', decision, WebSocket: pinnedWebSocket(decision.pin, options.onRefused) };
}
