// Hand-over in the window (issue 11, desktop only): answering the host's
// offer to take the session over, an admin's "Take over this session", and —
// on the hosting computer — offering it to someone. The work happens in main
// (platform.hosting: it opens its own pinned connection with this window's
// token and hosts the session); this window then follows the move like every
// other client (chat-session.ts, 'moved').
import { ChatError } from '../../src-shared/chat-client.js';
import type { HandOverCandidate, HostingFeature } from '../platform/platform.js';
import type { SessionContext } from './session-context.js';

export class SessionHandOver {
  constructor(
    private readonly context: SessionContext,
    private readonly hosting: HostingFeature | null,
  ) {}

  /** This app can host a session (the desktop app): it can accept offers and take sessions over. */
  get canHost(): boolean {
    return this.hosting !== null;
  }

  /** Accept: this computer takes the session over. Rejects with what went wrong (the prompt shows it; the offer stays). */
  async accept(): Promise<void> {
    const offer = this.context.store.getState().handOverOffer;
    if (!offer) return;
    await this.takeOver(offer.offer);
    this.context.store.getState().setHandOverOffer(null);
  }

  /** Decline: the host is told, so it can offer the session to someone else. */
  async decline(): Promise<void> {
    const state = this.context.store.getState();
    const offer = state.handOverOffer;
    if (!offer) return;
    state.setHandOverOffer(null);
    // Unanswered, the offer expires by itself on the host; saying no is a courtesy that may not arrive.
    await this.context.client()?.request('handover.decline', { offer: offer.offer }).catch(() => {});
  }

  /** This computer takes over the session this window is signed in to (`offer`: the host's offer being accepted; absent: an admin's take-over). */
  async takeOver(offer?: string): Promise<void> {
    if (!this.hosting) throw new ChatError('not_allowed', 'Only the Parley app can host a session; a browser cannot take it over.');
    const client = this.context.requireClient();
    const token = client.token;
    if (!token || client.state !== 'online') throw new ChatError('disconnected', 'Not connected to the session right now; try again when the connection is back.');
    await this.hosting.takeOver({ url: client.url, token, ...(offer !== undefined && { offer }) });
  }

  /** Hosting computer: who the session can be handed over to now. */
  candidates(): Promise<HandOverCandidate[]> {
    return this.hosting ? this.hosting.handOverCandidates() : Promise.resolve([]);
  }

  /** Hosting computer: offers the session to `userId`; their app asks them. */
  offer(userId: number): Promise<void> {
    return this.hosting ? this.hosting.offerHandOver(userId) : Promise.resolve();
  }
}
