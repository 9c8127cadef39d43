// The http:// addresses people open in a browser to join.

/** ws://HOST:PORT/ws → http://HOST:PORT/ (wss → https). */
export function httpUrlForWebSocket(wsUrl: string): string | null {
  try {
    const url = new URL(wsUrl);
    if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return null;
    url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
    url.pathname = '/';
    url.search = '';
    url.hash = '';
    return url.toString();
  } catch {
    return null;
  }
}

const isLoopback = (url: string) => /^\w+:\/\/(?:localhost|127\.[\d.]+|\[::1\])(?::|\/|$)/i.test(url);

/**
 * Where others can join: the hosting app's LAN URLs when this app hosts the
 * session, else the address this window uses (unless it is loopback, which
 * means nothing on another machine).
 */
export function shareUrls(options: { hostUrls: readonly string[]; hosting: boolean; sessionUrl: string | null }): string[] {
  if (options.hosting && options.hostUrls.length > 0) return [...options.hostUrls];
  const own = options.sessionUrl ? httpUrlForWebSocket(options.sessionUrl) : null;
  return own && !isLoopback(own) ? [own] : [];
}
