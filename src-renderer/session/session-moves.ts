// Following a session that moved to another host (a hand-over, issue 11):
// on the host's `moved` the client goes to the new addresses at once and
// resumes there with its token — the same session with the same identity (on
// the desktop, main trusted it there when it relayed the frame;
// chat-socket-bridge.ts). Nothing typed is lost: the outbox goes along. The
// banner says where it went, then that it arrived; the new address becomes
// the target, so the last session (and a restart) goes there.
import { movedSocketUrls } from '../../src-shared/session-move.js';
import type { AppStore } from '../store/app-store.js';
import type { ChatClientLike } from './session-context.js';

export type ShowBanner = (code: string, text: string, fades: boolean) => void;

export class SessionMoves {
  /** Where the session moved to, until the client has signed in there. */
  private movedTo: string | null = null;

  constructor(
    private readonly store: AppStore,
    private readonly showBanner: ShowBanner,
  ) {}

  /** The host said the session moved to `to` (https origins, in the order to try). */
  moved(client: ChatClientLike, to: readonly string[]): void {
    const urls = movedSocketUrls(to);
    if (urls.length === 0) return;
    client.moveTo(urls);
    this.movedTo = addressOf(urls[0]!);
    this.showBanner('moved', `The session moved to ${this.movedTo} — reconnecting…`, false);
  }

  /** Signed in (again): at another address than the target, that address is the session's now. */
  arrived(client: ChatClientLike): void {
    const state = this.store.getState();
    if (state.target && client.url !== state.target.url) state.setTarget({ ...state.target, url: client.url, label: addressOf(client.url) });
    if (this.movedTo === null) return;
    this.showBanner('moved', `The session moved to ${addressOf(client.url) || this.movedTo} — reconnected.`, true);
    this.movedTo = null;
  }

  clear(): void {
    this.movedTo = null;
  }
}

/** `wss://10.0.0.7:47800/ws` → `10.0.0.7:47800` (what a person reads); '' when it is not a URL. */
function addressOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}
