// Which session identity main's file transfers pin for a host URL: the one
// this device trusted for that address (known-sessions.json, written when the
// person joined — trust:check / trust:accept). Nothing trusted there → null,
// and the transfer to an https host is refused ("not trusted yet").
//
// One small function on purpose: the trust service (trust:* handlers) owns the
// known sessions; this is where its `pinForUrl` plugs in instead.
import { KnownSessions } from '../trust/known-sessions.js';
import type { SessionPin } from '../trust/pinned-tls.js';
import { addressKey } from '../trust/session-trust.js';

export function pinForKnownSession(userData: string): (url: string) => SessionPin | null {
  const known = new KnownSessions(userData);
  return (url) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return null;
    }
    const port = Number(parsed.port || (parsed.protocol === 'https:' || parsed.protocol === 'wss:' ? 443 : 80));
    // Read at each transfer: a session trusted (or forgotten) a moment ago counts at once.
    const entry = known.lookup(addressKey(parsed.hostname, port));
    return entry ? { certPem: entry.certPem, fingerprint: entry.fingerprint } : null;
  };
}
