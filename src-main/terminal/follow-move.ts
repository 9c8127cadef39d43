// The session moved to another host (a hand-over, PROTOCOL.md "Clients follow
// a move"): the old host sends `moved` with the new host's origins and closes
// the socket. The terminal client says so in one line and goes there. Its
// WebSocket constructor is pinned to the session's identity
// (pinned-websocket.ts), not to an address, so the new host is trusted by the
// same pin — an impostor at that address is refused before anything is sent —
// and it resumes with its token: no password, nothing typed lost (the
// ChatClient's outbox goes along).
//
// Once it is back online at the new address, `onMoved` hears that address
// (chat-cli.ts remembers it in known-sessions for the same identity, so a
// later `npm run chat -- NEWHOST:PORT` trusts it without a first-contact
// notice). Only the address that answered is remembered: it proved the
// identity; the others named in `moved` did not.
import { movedSocketUrls } from '../../src-shared/session-move.js';
import type { KnownSessions } from '../trust/known-sessions.js';
import type { SessionPin } from '../trust/pinned-tls.js';
import { urlAddress } from '../trust/session-trust.js';
import type { TerminalSession } from './terminal-session.js';

/** "wss://10.0.0.7:47800/ws" → "10.0.0.7:47800" (as addresses are remembered and typed). */
export function socketAddress(url: string): string {
  return urlAddress(url)?.address ?? url;
}

/** Follows every `moved` the host sends; session.moving is set until the client is online at the new host. */
export function followMoves(session: TerminalSession): void {
  const { client } = session;
  client.on('moved', ({ to }) => {
    const urls = movedSocketUrls(to);
    if (urls.length === 0) {
      // The frame's schema allows only http(s) origins, so this means a host newer than this client.
      session.print('! The session moved, but to no address this client can reach. Ask whoever hosts it for the new address.');
      return;
    }
    session.moving = true;
    session.print(`* The session moved to ${socketAddress(urls[0]!)} (hand-over); reconnecting there.`);
    // Called inside the `moved` listener: the 4012 close that follows reconnects at once.
    client.moveTo(urls);
  });
}

/** The client is online again after a move: say where, and let the owner remember the address. */
export function arrivedAfterMove(session: TerminalSession): void {
  session.moving = false;
  const url = session.client.url;
  session.onlineUrl = url;
  session.print(`* Reconnected at ${socketAddress(url)} — same session (code unchanged).`);
  session.options.onMoved?.(url);
}

/**
 * Remembers `movedUrl` (where the client came online after a move) for the
 * identity `pin` the client is pinned to, with what was known of the session
 * at `fromUrl` (its name and id from discovery). The pinned connection there
 * proved the identity, so this replaces whatever was remembered at that
 * address before: the session now answering there is this one. Plain (ws://)
 * addresses are not remembered, as on first contact.
 */
export function rememberMovedAddress(known: KnownSessions, pin: SessionPin, fromUrl: string, movedUrl: string): void {
  const moved = urlAddress(movedUrl);
  if (!moved?.secure) return;
  const from = urlAddress(fromUrl);
  const before = from ? known.lookup(from.address) : undefined;
  const label = before?.fingerprint === pin.fingerprint ? { sessionName: before.sessionName, sessionId: before.sessionId } : {};
  known.remember(moved.address, pin, label);
}
