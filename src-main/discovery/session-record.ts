// What a Parley session looks like on mDNS, both ways: the TXT record and
// instance name an advertiser publishes, and the DiscoveredSession a browser
// builds from what it received. The TXT record's schema and reading rules are
// the protocol's (src-shared/protocol/session-txt-record.ts, PROTOCOL.md
// "Discovery"); this is how the Node side fills and checks it. Pure
// functions, unit-tested (test/unit/discovery-session-record.test.ts).
import type { NetworkInterfaceInfo } from 'node:os';
import type { DiscoveredSession, DiscoveryStatus } from '../../src-shared/ipc/ipc-contract.js';
import { MAX_TXT_STRING_BYTES, parseSessionTxt, sessionTxtRecord, type SessionTxtRecord } from '../../src-shared/protocol/session-txt-record.js';

/** DNS-SD limit: one label (the instance name) ≤ 63 bytes. */
export const MAX_INSTANCE_NAME_BYTES = 63;

const utf8Bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Cuts `text` at a code-point boundary so it takes at most `maxBytes` in UTF-8. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (utf8Bytes(text) <= maxBytes) return text;
  let out = '';
  for (const ch of text) {
    if (utf8Bytes(out + ch) > maxBytes) break;
    out += ch;
  }
  return out;
}

export interface AdvertisedSession {
  id: string;
  name: string;
  passcodeRequired: boolean;
  protocol: number;
  /** The session identity, published as `fp` so joiners can check whom they reach. */
  identity?: string;
}

/**
 * The TXT record of a session: protocol version, id, name, people online,
 * whether a passcode is needed — never the passcode itself — and the session
 * identity. A name too long
 * for one TXT string (64 characters of 4-byte emoji) is shortened.
 */
export function txtForSession(session: AdvertisedSession, online: number): SessionTxtRecord {
  return {
    v: String(session.protocol),
    id: session.id,
    name: truncateUtf8(session.name, MAX_TXT_STRING_BYTES - 'name='.length),
    online: String(Math.max(0, Math.floor(online))),
    passcode: session.passcodeRequired ? '1' : '0',
    ...(session.identity !== undefined && { fp: session.identity }),
  };
}

/** Checks a TXT record before it is published (the schema, every `key=value` within 255 bytes); a TypeError says what is wrong. */
export function checkTxt(txt: SessionTxtRecord): SessionTxtRecord {
  const result = sessionTxtRecord.safeParse(txt);
  if (!result.success) throw new TypeError(`Not a Parley session TXT record: ${result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  return result.data;
}

/**
 * The DNS-SD instance name: the session name, made a valid single label
 * (no dots — bonjour-service would turn them into dashes anyway — no control
 * characters, at most 63 bytes). `attempt` > 1 adds " (2)", " (3)"… after a
 * name conflict, as Bonjour does.
 */
export function instanceNameFor(sessionName: string, attempt = 1): string {
  const clean = sessionName.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\./g, '-').replace(/\s+/g, ' ').trim() || 'Parley session';
  const suffix = attempt > 1 ? ` (${attempt})` : '';
  return truncateUtf8(clean, MAX_INSTANCE_NAME_BYTES - utf8Bytes(suffix)).trimEnd() + suffix;
}

/** The host name an advertiser puts in its SRV record: the first label of os.hostname() + ".local". */
export function mdnsHostName(hostname: string): string {
  const label = hostname.split('.')[0]?.trim() || 'parley-host';
  return `${truncateUtf8(label, MAX_INSTANCE_NAME_BYTES)}.local`;
}

const isIPv4 = (a: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(a);
const isLinkLocalV6 = (a: string) => /^fe[89ab]/i.test(a);

/**
 * Addresses in the order a joiner should try them: the address the mDNS answer
 * came from first (that machine is reachable from here, while the A records
 * list every interface it has — Docker bridges, VPNs…), then IPv4, then
 * routable IPv6, then link-local IPv6 (unusable in a URL without a zone).
 */
export function orderAddresses(addresses: readonly string[], refererAddress?: string): string[] {
  const unique = [...new Set(addresses.filter((a) => typeof a === 'string' && a.length > 0))];
  if (refererAddress && !unique.includes(refererAddress)) unique.push(refererAddress);
  const rank = (a: string) => (a === refererAddress && !isLinkLocalV6(a) ? 0 : isIPv4(a) ? 1 : isLinkLocalV6(a) ? 3 : 2);
  return unique
    .map((address, index) => ({ address, index }))
    .sort((x, y) => rank(x.address) - rank(y.address) || x.index - y.index)
    .map((x) => x.address);
}

/** The chat socket at `address`: wss:// for a host that announced an identity (TLS), ws:// for a --plain one. */
export function wsUrl(address: string, port: number, secure: boolean): string {
  const scheme = secure ? 'wss' : 'ws';
  return address.includes(':') ? `${scheme}://[${address}]:${port}/ws` : `${scheme}://${address}:${port}/ws`;
}

/** What a browser got for one service instance (a bonjour-service Service, or a test's object). */
export interface ResolvedService {
  name?: string;
  host?: string;
  port?: number;
  addresses?: string[];
  txt?: unknown;
  referer?: { address: string } | undefined;
}

/** A DiscoveredSession, or null when the service is not a usable Parley session. */
export function sessionFromService(service: ResolvedService): DiscoveredSession | null {
  const txt = parseSessionTxt(service.txt);
  if (!txt) return null;
  const port = service.port;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) return null;
  const addresses = orderAddresses(service.addresses ?? [], service.referer?.address);
  const first = addresses[0];
  if (first === undefined) return null;
  return {
    id: txt.id,
    name: txt.name,
    hostName: service.host ?? '',
    addresses,
    port,
    online: Number(txt.online),
    protocol: txt.protocol,
    passcodeRequired: txt.passcode === '1',
    ...(txt.fp !== undefined && { identity: txt.fp }),
    url: wsUrl(first, port, txt.fp !== undefined),
  };
}

/** Non-internal IPv4 interfaces (name + address); only `onlyAddress`'s when given. */
export function ipv4Interfaces(
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>,
  onlyAddress?: string,
): Array<{ name: string; address: string }> {
  const out: Array<{ name: string; address: string }> = [];
  for (const [name, infos] of Object.entries(interfaces)) {
    for (const info of infos ?? []) {
      if (info.family !== 'IPv4' || info.internal) continue;
      if (onlyAddress !== undefined && info.address !== onlyAddress) continue;
      out.push({ name, address: info.address });
    }
  }
  return out;
}

/** Sessions sorted for display: by name (case-insensitive), then id, then URL. */
export function sortSessions(sessions: DiscoveredSession[]): DiscoveredSession[] {
  return [...sessions].sort(
    (a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.id.localeCompare(b.id) || a.url.localeCompare(b.url),
  );
}

/** Two statuses say the same thing (so no 'change' is emitted). */
export function sameStatus(a: DiscoveryStatus, b: DiscoveryStatus): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
