// "Join by address": what people type — "192.168.1.20:47800", "alice-pc.local",
// "[fe80::1]:47800", or a URL a host showed them (http://…/ or ws://…/ws) —
// into the WebSocket URL ChatClient needs.
import { DEFAULT_PORT } from '../../src-shared/limits.js';
import type { SessionTarget } from '../store/connection-slice.js';

export type ParsedAddress = { ok: true; target: SessionTarget } | { ok: false; message: string };

export function parseAddress(raw: string): ParsedAddress {
  const input = raw.trim();
  if (!input) return { ok: false, message: 'Type the host’s address, like 192.168.1.20:47800.' };
  let candidate = input;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(candidate)) {
    // A bare IPv6 address ("fe80::1") needs brackets to go in a URL.
    if (/^[0-9a-f:]+$/i.test(candidate) && candidate.split(':').length > 2) candidate = `[${candidate}]`;
    candidate = `ws://${candidate}`;
  }
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return { ok: false, message: `“${input}” is not an address. Type it like 192.168.1.20:47800.` };
  }
  const secure = url.protocol === 'https:' || url.protocol === 'wss:';
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) {
    return { ok: false, message: `Parley hosts are reached over http or ws, not ${url.protocol.replace(':', '')}.` };
  }
  if (!url.hostname) return { ok: false, message: 'The address needs a host name or IP address.' };
  const port = url.port || String(DEFAULT_PORT);
  const host = url.hostname;
  const label = `${host}:${port}`;
  return { ok: true, target: { url: `${secure ? 'wss' : 'ws'}://${host}:${port}/ws`, label } };
}
