// Turns what someone types as "the host" into the WebSocket URL of its chat
// endpoint. Accepted:
//   HOST:PORT   192.168.1.20:47800, myhost.local:47800
//   HOST        192.168.1.20 (port 47800)
//   [V6]:PORT   [::1]:47800; a bare V6 address (::1) gets port 47800
//   a URL       https://h:p/ (as printed by `npm run host`), wss://…; and, for a
//               host run with --plain only, http://h:p/ or ws://…
// Without a scheme the connection is secure (wss): hosts serve TLS by default.
import { DEFAULT_PORT } from '../../src-shared/limits.js';

export class HostAddressError extends Error {
  override name = 'HostAddressError';
}

const EXAMPLES = 'Use HOST:PORT (e.g. 192.168.1.20:47800), HOST, [::1]:47800, or the https://… address the host prints.';

function parsePort(raw: string, typed: string): number {
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  if (!(port >= 1 && port <= 65535)) throw new HostAddressError(`“${typed}” has no valid port (1–65535). ${EXAMPLES}`);
  return port;
}

function checked(url: string, typed: string): string {
  try {
    return new URL(url).href;
  } catch {
    throw new HostAddressError(`“${typed}” is not a host address. ${EXAMPLES}`);
  }
}

/** ws(s)://host:port/ws for a typed host address; throws HostAddressError saying what to type instead. */
export function chatSocketUrl(typed: string): string {
  const input = typed.trim();
  if (input === '') throw new HostAddressError(`Give the host's address. ${EXAMPLES}`);

  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(input)?.[1]?.toLowerCase();
  if (scheme !== undefined) {
    const secure = scheme === 'wss' || scheme === 'https';
    if (!secure && scheme !== 'ws' && scheme !== 'http') {
      throw new HostAddressError(`“${typed}” is a ${scheme}:// address; the host speaks https:// and wss:// (http:// and ws:// when run with --plain). ${EXAMPLES}`);
    }
    const url = new URL(checked(input, typed));
    if (url.hostname === '') throw new HostAddressError(`“${typed}” has no host name. ${EXAMPLES}`);
    // No port in an http/ws URL means Parley's default, not 80: that is what people mean here.
    const port = url.port !== '' ? url.port : secure ? '' : String(DEFAULT_PORT);
    return checked(`${secure ? 'wss' : 'ws'}://${url.hostname}${port ? `:${port}` : ''}/ws`, typed);
  }

  let host: string;
  let port = DEFAULT_PORT;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(input);
  if (bracketed) {
    host = `[${bracketed[1]}]`;
    if (bracketed[2] !== undefined) port = parsePort(bracketed[2], typed);
  } else if ((input.match(/:/g) ?? []).length > 1) {
    host = `[${input}]`; // a bare IPv6 address
  } else {
    const colon = input.indexOf(':');
    host = colon === -1 ? input : input.slice(0, colon);
    if (colon !== -1) port = parsePort(input.slice(colon + 1), typed);
  }
  if (host === '' || /[\s/?#@\\]/.test(host)) throw new HostAddressError(`“${typed}” is not a host address. ${EXAMPLES}`);
  return checked(`wss://${host}:${port}/ws`, typed);
}
