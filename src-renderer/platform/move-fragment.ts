// What a browser page carries to the session's new origin when the session
// moved (hand-over; PROTOCOL.md "Clients follow a move"). The new origin's
// localStorage is empty, so the resume token and the unsent outbox travel in
// the URL fragment of the navigation: the part after '#', which a browser
// never sends over the network. The new page reads it at start and removes it
// from the address bar and history at once (web-move.ts).
//
// Format: `#parley-move=` + base64url(UTF-8 JSON {v, session, user, token,
// from, outbox, left}). At most MOVE_FRAGMENT_MAX_CHARS: when the outbox does
// not fit, its newest entries are carried and `left` counts the older ones
// that were not (the new page says so). Outbox entries keep their ids, so
// sending them again at the new host never makes a second copy.
import { z } from 'zod';
import { MOVE_FRAGMENT_MAX_CHARS } from '../../src-shared/limits.js';
import { outboxItem } from '../../src-shared/outbox-store.js';

export const MOVE_FRAGMENT_KEY = 'parley-move';

const carrySchema = z.object({
  v: z.literal(1),
  session: z.string().min(1),
  user: z.number().int().positive(),
  token: z.string().min(1),
  /** The origin the page came from (said on arrival). */
  from: z.string(),
  outbox: z.array(outboxItem),
  /** Older outbox entries that did not fit and were not carried. */
  left: z.number().int().nonnegative(),
});
export type MoveCarry = z.infer<typeof carrySchema>;

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(data: string): string {
  const binary = atob(data.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

const fragmentOf = (carry: MoveCarry) => `#${MOVE_FRAGMENT_KEY}=${toBase64Url(JSON.stringify(carry))}`;

/**
 * The URL to go to: `origin` + '/' + the fragment carrying `carry`, with as
 * many of the newest outbox entries as fit in MOVE_FRAGMENT_MAX_CHARS (the
 * returned carry says how many were left behind).
 */
export function moveUrl(origin: string, carry: Omit<MoveCarry, 'v' | 'left'>, maxChars = MOVE_FRAGMENT_MAX_CHARS): { url: string; carry: MoveCarry } {
  const withFirst = (first: number): MoveCarry => ({ v: 1, ...carry, outbox: carry.outbox.slice(first), left: first });
  // The fewest oldest entries to leave behind so the rest fits (binary search over where to start).
  let lo = 0;
  let hi = carry.outbox.length;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (fragmentOf(withFirst(mid)).length <= maxChars) hi = mid;
    else lo = mid + 1;
  }
  const chosen = withFirst(lo);
  return { url: `${origin.replace(/\/+$/, '')}/${fragmentOf(chosen)}`, carry: chosen };
}

/** What `hash` (location.hash) carries, or null when it carries nothing readable. */
export function readMoveFragment(hash: string): MoveCarry | null {
  const prefix = `#${MOVE_FRAGMENT_KEY}=`;
  if (!hash.startsWith(prefix) || hash.length > MOVE_FRAGMENT_MAX_CHARS) return null;
  try {
    const parsed = carrySchema.safeParse(JSON.parse(fromBase64Url(hash.slice(prefix.length))));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
