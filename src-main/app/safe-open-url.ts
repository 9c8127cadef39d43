// Which links leave the app for the system's browser or mail program (Element's
// safeOpenURL): only http:, https: and mailto:. Everything else — file:,
// javascript:, data:, smb:, custom protocol handlers that launch programs — is
// refused, because shell.openExternal hands the URL to the OS, and the OS
// will happily run whatever a scheme is registered to.
// Plain module (no electron): the caller passes shell.openExternal in.

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);
const MAX_URL_CHARS = 4096;

/**
 * The URL to hand to the OS, re-serialised by the WHATWG parser (so what the OS
 * sees is exactly what was checked), or null when it must not be opened.
 */
export function safeExternalUrl(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_URL_CHARS) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (!ALLOWED_PROTOCOLS.has(url.protocol)) return null;
  if (url.protocol === 'mailto:') return url.pathname.length > 0 || url.search.length > 0 ? url.href : null;
  // http(s) must name a host; credentials in a link are a phishing trick
  // ("https://bank.com@evil.example/"), not something a chat link needs.
  if (url.hostname.length === 0 || url.username.length > 0 || url.password.length > 0) return null;
  return url.href;
}

export type OpenExternal = (url: string) => Promise<void>;

/** Opens `raw` with `openExternal` when it is allowed; resolves to whether it was. */
export async function safeOpenUrl(raw: unknown, openExternal: OpenExternal): Promise<boolean> {
  const url = safeExternalUrl(raw);
  if (url === null) return false;
  await openExternal(url);
  return true;
}
