// The session moved to another host (hand-over; PROTOCOL.md "Clients follow
// a move"), as the chat screen shows it. In a browser the page goes to the
// new origin itself (platform/web-move.ts): first it says where and why the
// browser will warn about a certificate there; on arrival the new page says
// where it came from, and whether some old unsent messages could not come
// along. The desktop has no platform.move: its main process follows the move
// and the chat socket simply comes back at the new address.
import { sessionCode } from '../../src-shared/session-identity.js';
import type { Platform } from '../platform/platform.js';
import type { Banner } from '../store/connection-slice.js';
import type { AppStore } from '../store/app-store.js';
import type { ChatClientLike } from './session-context.js';

/** The banner's code while the page is on its way to the new address (shown even while the connection is down). */
export const MOVING_BANNER = 'session_moving';

function addressOf(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return origin;
  }
}

/** `moved` arrived: in a browser, say where the session went and go there. */
export function followSessionMove(store: AppStore, platform: Platform, client: ChatClientLike, moved: { session: string; identity?: string; to: string[] }): void {
  if (!platform.move) return;
  const state = store.getState();
  const going = platform.move.follow({
    to: moved.to,
    sessionId: moved.session,
    userId: state.session?.id === moved.session ? (state.me?.id ?? null) : null,
    token: client.token ?? null,
  });
  if (!going) return;
  const identity = moved.identity ?? state.session?.identity;
  const code = identity ? ` The session code stays ${sessionCode(identity)}.` : '';
  const secure = going.origin.startsWith('https:');
  store.getState().setBanner({
    code: MOVING_BANNER,
    text:
      `The session moved to ${addressOf(going.origin)} (hand-over). Taking you there — you stay signed in, and unsent messages go along.` +
      (secure ? ` Your browser will warn once about the new address’s certificate: accept it as you did here.${code}` : ''),
  });
}

/** The page arrived from the session's old address (or null when it did not): what to tell the person. */
export function arrivalBanner(platform: Platform): Banner | null {
  const arrival = platform.move?.arrival();
  if (!arrival) return null;
  const from = arrival.from ? ` from ${addressOf(arrival.from)}` : '';
  const left =
    arrival.left > 0
      ? ` ${arrival.left} older unsent ${arrival.left === 1 ? 'message or change was' : 'messages or changes were'} too many to carry along and ${arrival.left === 1 ? 'was' : 'were'} not sent.`
      : '';
  return { code: 'session_moved_here', text: `The session moved here${from} (hand-over). You are still signed in.${left}` };
}
