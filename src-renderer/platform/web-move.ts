// A browser page following its session to a new host (hand-over; PROTOCOL.md
// "Clients follow a move"). The page's origin is the old host; the new host
// is another origin, whose storage is empty and whose self-signed
// certificate the browser asks about once. So the page goes there itself,
// carrying this person's resume token and unsent outbox in the URL fragment
// (move-fragment.ts), and the new page takes them in at start: no password,
// nothing typed lost, nothing sent twice.
//
// Decisions:
// - The old page first says where it is going and that the browser will warn
//   about the new address's certificate once (the session code is the same),
//   then goes after MOVE_NOTICE_MS: a person who meets the warning knows why.
// - The outbox is read when leaving, not when `moved` arrived: what was typed
//   during the notice goes along too.
// - The first origin of `moved` is used: a page can go to one place, and the
//   host lists them in the order to try.
// - The new page stores what it brought merged with anything already saved at
//   that origin (by id, oldest first), removes the fragment from the address
//   bar and history with history.replaceState before anything else runs, and
//   ignores a fragment it cannot read (after removing it too).
// The desktop renderer has no MoveFeature: its main process follows moves.
import type { OutboxStorage } from '../../src-shared/outbox-store.js';
import { loadItems, saveItems } from '../../src-shared/outbox-store.js';
import { MOVE_FRAGMENT_KEY, moveUrl, readMoveFragment } from './move-fragment.js';

/** How long the old page shows where it is going before it goes. */
export const MOVE_NOTICE_MS = 2500;

export interface MoveRequest {
  /** The new host's origins, in the order to try (the `moved` frame). */
  to: readonly string[];
  sessionId: string;
  /** Who is signed in here (null: nobody yet; then only the address is followed). */
  userId: number | null;
  token: string | null;
}

export interface MoveArrival {
  /** The origin the page came from. */
  from: string;
  /** Older unsent messages and changes that did not fit in the URL and were not carried. */
  left: number;
}

/** Following a moved session from a browser (web only). */
export interface MoveFeature {
  /** Goes to the session's new origin (after MOVE_NOTICE_MS) carrying this person's sign-in and outbox; returns where. */
  follow(request: MoveRequest): { origin: string } | null;
  /** What this page brought from the old origin (taken in at start), or null. */
  arrival(): MoveArrival | null;
}

export interface MoveSeams {
  location: { readonly hash?: string; readonly pathname?: string; readonly search: string; readonly origin?: string };
  history: Pick<History, 'replaceState' | 'state'> | null;
  saveToken(sessionId: string, token: string): void;
  outboxStorage: OutboxStorage;
  navigate(url: string): void;
  noticeMs?: number;
}

/**
 * Takes in what the page's address carries (and removes it from the address
 * bar and history at once), then returns the feature. Call once at start.
 */
export function createMoveFeature(seams: MoveSeams): MoveFeature {
  const arrived = takeInFragment(seams);
  let leaving = false;
  return {
    arrival: () => arrived,
    follow(request) {
      const origin = request.to[0];
      if (origin === undefined || leaving) return null;
      leaving = true;
      setTimeout(() => seams.navigate(destination(seams, origin, request)), seams.noticeMs ?? MOVE_NOTICE_MS);
      return { origin };
    },
  };
}

function destination(seams: MoveSeams, origin: string, request: MoveRequest): string {
  if (request.token === null || request.userId === null) return `${origin}/`;
  const outbox = loadItems(seams.outboxStorage, { sessionId: request.sessionId, userId: request.userId });
  return moveUrl(origin, { session: request.sessionId, user: request.userId, token: request.token, from: seams.location.origin ?? '', outbox }).url;
}

function takeInFragment(seams: MoveSeams): MoveArrival | null {
  const hash = seams.location.hash ?? '';
  if (!hash.startsWith(`#${MOVE_FRAGMENT_KEY}=`)) return null;
  // Out of the address bar and history first: the token must not linger there (docs/SECURITY.md).
  seams.history?.replaceState(seams.history.state, '', `${seams.location.pathname ?? '/'}${seams.location.search}`);
  const carry = readMoveFragment(hash);
  if (!carry) return null;
  seams.saveToken(carry.session, carry.token);
  const key = { sessionId: carry.session, userId: carry.user };
  const saved = loadItems(seams.outboxStorage, key);
  const known = new Set(saved.map((item) => item.id));
  const merged = [...saved, ...carry.outbox.filter((item) => !known.has(item.id))].sort((a, b) => a.ts - b.ts);
  saveItems(seams.outboxStorage, key, merged);
  return { from: carry.from, left: carry.left };
}
