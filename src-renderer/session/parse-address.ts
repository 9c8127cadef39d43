// "Join by address": what people type — "192.168.1.20:47800", "alice-pc.local",
// "[fe80::1]:47800", a URL a host showed them (https://…/ or wss://…/ws), or
// a share link with the session identity (https://…/#fp=<64 hex>) — into the
// WebSocket URL ChatClient needs, plus the identity the session must have
// when the link or the optional "Session code" field names one.
//
// Hosts serve TLS by default (PROTOCOL.md, "Defaults"), so a bare address
// means wss://; only an explicit http:// or ws:// reaches a host run with
// --plain.
import { DEFAULT_PORT } from '../../src-shared/limits.js';
import { identityMatches, parseExpectedIdentity } from '../../src-shared/session-identity.js';
import { parseSessionLinkFragment } from '../../src-shared/session-link.js';
import type { SessionTarget } from '../store/connection-slice.js';

export type ParsedAddress = { ok: true; target: SessionTarget } | { ok: false; field: 'address' | 'code'; message: string };

const CODE_FORMAT = 'A session code is 20 letters and digits (0–9, A–F), shown in five groups like 3F2A 9C01 7B44 D0E8 1A6C — or paste the whole 64-digit fingerprint.';

export function parseAddress(raw: string, options: { code?: string } = {}): ParsedAddress {
  const input = raw.trim();
  if (!input) return { ok: false, field: 'address', message: 'Type the host’s address, like 192.168.1.20:47800.' };
  let candidate = input;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(candidate)) {
    // A bare IPv6 address ("fe80::1") needs brackets to go in a URL.
    if (/^[0-9a-f:]+$/i.test(candidate) && candidate.split(':').length > 2) candidate = `[${candidate}]`;
    candidate = `wss://${candidate}`;
  }
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return { ok: false, field: 'address', message: `“${input}” is not an address. Type it like 192.168.1.20:47800.` };
  }
  const secure = url.protocol === 'https:' || url.protocol === 'wss:';
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) {
    return { ok: false, field: 'address', message: `Parley hosts are reached over https or wss, not ${url.protocol.replace(':', '')}.` };
  }
  if (!url.hostname) return { ok: false, field: 'address', message: 'The address needs a host name or IP address.' };
  const port = url.port || String(DEFAULT_PORT);
  const host = url.hostname;
  const target: SessionTarget = { url: `${secure ? 'wss' : 'ws'}://${host}:${port}/ws`, label: `${host}:${port}` };

  const link = parseSessionLinkFragment(url.hash);
  if (link.kind === 'invalid') return { ok: false, field: 'address', message: link.message };
  const typed = options.code?.trim() ? parseExpectedIdentity(options.code) : undefined;
  if (typed === null) return { ok: false, field: 'code', message: `“${options.code!.trim()}” is not a session code. ${CODE_FORMAT}` };
  if (link.kind === 'link' && typed && !identityMatches(link.fingerprint, typed)) {
    return { ok: false, field: 'code', message: 'This code is not the one in the link. Check both with the host, or leave the code empty to use the link’s.' };
  }
  // The person named the session (a link they were given, a code they typed): it overrides what was remembered.
  if (link.kind === 'link') return { ok: true, target: { ...target, expected: link.fingerprint, expectedFrom: 'person' } };
  if (typed) return { ok: true, target: { ...target, expected: typed.kind === 'fingerprint' ? typed.fingerprint : typed.code, expectedFrom: 'person' } };
  return { ok: true, target };
}
