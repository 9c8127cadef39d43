// Desktop: a host that vanished (crash, power cut, new DHCP address) is found
// again by its identity at a new address, without asking anything. While the
// ChatClient is 'reconnecting' this watches discovery (main's mDNS browser)
// for a record with the same session id AND the same identity as the session
// joined, at another address (src-shared/session-rediscovery.ts). Main then
// checks the host there presents that identity and trusts the address for it
// (trust:follow — the key proves it is the same session; a record with the
// same id but another identity is never followed: the spoof case). Then the
// client is re-pointed (ChatClient.moveTo) and resumes with its token: no
// prompt, no password, the outbox goes out there.
//
// Decisions:
// - Only while reconnecting: a client that is online has nothing to find,
//   and a host that announces a second address while the first works stays
//   where it is.
// - The old address is kept being tried too (the client's own backoff) until
//   a move happens: the host may just be rebooting at the same address.
// - After the move, a brief "Reconnected at the session's new address B"
//   once it is back online; the session remembered for the next start is the
//   new address (ChatSession saves target.url at sign-in).
// - A browser has neither discovery nor trust: nothing here runs there.
import { MOVED_SESSION_RETRY_MS } from '../../src-shared/limits.js';
import type { ConnectionState } from '../../src-shared/chat-client.js';
import { findMovedSession, socketUrlLabel } from '../../src-shared/session-rediscovery.js';
import type { DiscoveryFeature, DiscoveryStatus, TrustFeature } from '../platform/platform.js';
import type { AppStore } from '../store/app-store.js';
import type { ChatClientLike } from './session-context.js';

export interface RediscoveryHooks {
  /** The client of the session joined (null between sessions). */
  client(): ChatClientLike | null;
  /** The identity main trusted at this URL when the session was joined (the trust step), if known. */
  identityAt(url: string): string | undefined;
  /** Shows a short message to the person. */
  notice(code: string, text: string): void;
  now?: () => number;
}

export class SessionRediscovery {
  private unsubscribe: (() => void) | null = null;
  /** A trust:follow in flight: one at a time; the latest status waits here. */
  private checking = false;
  private waiting: DiscoveryStatus | null = null;
  /** Addresses that could not be confirmed, and when (not checked again within MOVED_SESSION_RETRY_MS). */
  private readonly refused = new Map<string, number>();
  /** Identities followed to a new URL (the trust step only knows the URLs it checked). */
  private readonly followed = new Map<string, string>();
  /** Where the client moved during this outage, to say so once it is back. */
  private movedTo: string | null = null;
  private readonly now: () => number;

  constructor(
    private readonly store: AppStore,
    private readonly discovery: DiscoveryFeature | null,
    private readonly trust: TrustFeature | undefined,
    private readonly hooks: RediscoveryHooks,
  ) {
    this.now = hooks.now ?? Date.now;
  }

  /** Whether this app can find a session that moved (the desktop app). */
  get available(): boolean {
    return this.discovery !== null && this.trust !== undefined;
  }

  /** The client's connection state changed. */
  onState(state: ConnectionState): void {
    if (state === 'reconnecting') return this.watch();
    this.stopWatching();
    if (state === 'online' && this.movedTo !== null) {
      this.hooks.notice('moved', `Reconnected at the session’s new address ${socketUrlLabel(this.movedTo)}.`);
    }
    if (state !== 'connecting') this.movedTo = null;
  }

  /** Between sessions (a new join, leaving): forget the outage. */
  reset(): void {
    this.stopWatching();
    this.movedTo = null;
    this.refused.clear();
  }

  private watch(): void {
    const discovery = this.discovery;
    if (!this.available || !discovery || this.unsubscribe) return;
    this.unsubscribe = discovery.subscribe((status) => this.consider(status));
    void discovery.status().then(
      (status) => this.consider(status),
      () => {},
    );
  }

  private stopWatching(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.waiting = null;
  }

  private consider(status: DiscoveryStatus): void {
    if (!this.unsubscribe) return;
    if (this.checking) {
      this.waiting = status;
      return;
    }
    const client = this.hooks.client();
    const trust = this.trust;
    const session = client?.session ?? this.store.getState().session;
    if (!client || !trust || !session || client.state !== 'reconnecting') return;
    const from = client.url;
    const fingerprint = this.followed.get(from) ?? this.hooks.identityAt(from);
    if (fingerprint === undefined) return;
    const found = findMovedSession(status.sessions, { sessionId: session.id, fingerprint, url: from });
    if (!found) return;
    const refusedAt = this.refused.get(found.url);
    if (refusedAt !== undefined && this.now() - refusedAt < MOVED_SESSION_RETRY_MS) return;
    this.checking = true;
    trust
      .follow({ from, to: found.url, sessionId: session.id, sessionName: session.name.slice(0, 64) })
      .then(
        () => {
          // Still the same client, still looking: move it. (Back online at the old address meanwhile: stay.)
          if (this.hooks.client() !== client || client.state !== 'reconnecting' || client.url !== from) return;
          this.refused.delete(found.url);
          this.followed.set(found.url, fingerprint);
          this.movedTo = found.url;
          const target = this.store.getState().target;
          if (target) this.store.getState().setTarget({ ...target, url: found.url });
          client.moveTo(found.url);
        },
        () => {
          this.refused.set(found.url, this.now());
        },
      )
      .finally(() => {
        this.checking = false;
        const next = this.waiting;
        this.waiting = null;
        if (next) this.consider(next);
      });
  }
}
