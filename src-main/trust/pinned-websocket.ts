// A WebSocket constructor for ChatClient (which takes any WebSocket-like
// constructor) whose every connection — the first and each reconnect — is
// pinned to one session (pinned-tls.ts). A host that presents another
// identity is refused during the TLS handshake, before the upgrade request,
// so no frame, and no credential, ever reaches it; `onRefused` hears why.
import WebSocket from 'ws';
import type { WebSocketConstructor } from '../../src-shared/chat-client.js';
import { identityRefusal, pinnedTlsOptions, type IdentityMismatchError, type SessionPin } from './pinned-tls.js';

/**
 * One `ws` connection pinned to `pin` (the desktop's chat socket bridge
 * relays its events itself). No small maxPayload here: a host's replay of
 * missed events may be a large frame, as a browser would accept it.
 */
export function openPinnedWebSocket(url: string, pin: SessionPin): WebSocket {
  return new WebSocket(url, { ...pinnedTlsOptions(pin), perMessageDeflate: false } as unknown as WebSocket.ClientOptions);
}

export function pinnedWebSocket(pin: SessionPin, onRefused?: (error: IdentityMismatchError) => void): WebSocketConstructor {
  const tlsOptions = pinnedTlsOptions(pin);
  class PinnedWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      // ws hands these to tls.connect as they are (its typings for checkServerIdentity differ from Node's).
      super(url, protocols, { ...tlsOptions, perMessageDeflate: false } as unknown as WebSocket.ClientOptions);
      this.on('error', (error) => {
        const refusal = identityRefusal(error, pin);
        if (refusal) onRefused?.(refusal);
      });
    }
  }
  return PinnedWebSocket as unknown as WebSocketConstructor;
}
