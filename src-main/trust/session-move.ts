// Following a session to a new address (its host came back elsewhere, found
// by discovery: src-shared/session-rediscovery.ts). Threat model: the mDNS
// record that pointed here is unauthenticated — anyone on the LAN can
// announce the session's id and fingerprint at their own address. What is
// trusted is the session's key: the certificate at the new address must
// carry the identity this client already pinned for the session. That is
// the same check every pinned connection makes during the TLS handshake, so
// a spoof cannot pass it without the session's private key.
//
// Beyond the key, the new address goes through the known_hosts table
// (session-trust.ts judgeTrust) as a discovery claim, never as the person's
// word: an address where this device trusted ANOTHER identity is not
// overwritten (known_hosts: an address changing identity needs a deliberate
// "forget"), and a session id remembered elsewhere with another identity is
// refused. Accepted: the address is remembered for the session (its id and
// name), so every connection main makes there (chat socket, files) is
// pinned to it, and a later start connects there without asking.
import type { KnownSessions, SessionLabel } from './known-sessions.js';
import type { SessionPin } from './pinned-tls.js';
import { judgeTrust, urlAddress } from './session-trust.js';

export type MoveVerdict =
  | { ok: true; address: string; pin: SessionPin }
  /** Not followed; `why` is for a log line (the person sees only that the client keeps trying). */
  | { ok: false; address: string; why: string };

export interface VerifyMoveOptions {
  known: KnownSessions;
  /** The identity the client pinned for the session (at its old address). */
  trusted: SessionPin;
  /** wss:// URL discovery announced the session at. */
  to: string;
  label: SessionLabel;
  /** Reads the certificate at host:port (throws ProbeError when unreachable). */
  probe: (host: string, port: number) => Promise<SessionPin>;
}

/** Probes `to` and decides; remembers the address when the session is followed. Throws ProbeError when `to` cannot be reached. */
export async function verifyMovedSession(options: VerifyMoveOptions): Promise<MoveVerdict> {
  const target = urlAddress(options.to);
  if (!target || !target.secure) return { ok: false, address: options.to, why: 'not a wss:// address (a plain host cannot prove it is the same session)' };
  const { address } = target;
  const pin = await options.probe(target.host, target.port);
  if (pin.fingerprint !== options.trusted.fingerprint) return { ok: false, address, why: 'it presents another identity than the session' };
  const { known, label } = options;
  const judgement = judgeTrust({
    address,
    pin,
    remembered: known.lookup(address),
    expected: { kind: 'fingerprint', fingerprint: options.trusted.fingerprint },
    expectedFrom: 'discovery',
    sameSession: label.sessionId === undefined ? [] : known.withSessionId(label.sessionId),
  });
  if (judgement.status !== 'trusted') {
    return { ok: false, address, why: judgement.status === 'changed' ? `refused (${judgement.error.why}): ${judgement.error.message}` : 'not trusted' };
  }
  known.remember(address, pin, label);
  return { ok: true, address, pin };
}
