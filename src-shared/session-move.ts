// A session that moved (hand-over, PROTOCOL.md): the `moved` frame names the
// new host by its origins (https://HOST:PORT); the chat socket is at /ws there.

/** `https://10.0.0.7:47800` → `wss://10.0.0.7:47800/ws` (http → ws), in the same order; anything else is left out. */
export function movedSocketUrls(origins: readonly string[]): string[] {
  return origins.flatMap((origin) => {
    const match = /^(https?):\/\/([^/?#\s]+)$/.exec(origin);
    return match ? [`${match[1] === 'https' ? 'wss' : 'ws'}://${match[2]}/ws`] : [];
  });
}
