// The terminal client's side of "a host that vanished is found again at a
// new address": while its ChatClient is 'reconnecting', browse mDNS for the
// same session id AND the same identity at another address
// (src-shared/session-rediscovery.ts); read the certificate there; follow
// only when it carries the identity pinned for the session
// (src-main/trust/session-move.ts: remembered in known-sessions for the new
// address too); then ChatClient.moveTo(new URL), which resumes with the
// token at once. The WebSocket constructor stays pinned to the same identity,
// so the real connection proves it again during its own TLS handshake.
//
// Decisions:
// - The mDNS browser runs only during an outage: a terminal client that
//   works sends no multicast at all, and never holds port 5353 longer than
//   needed.
// - An address that could not be confirmed (unreachable, another identity)
//   is not probed again within MOVED_SESSION_RETRY_MS.
// - A host run with --plain (no identity) is never followed.
import { MOVED_SESSION_RETRY_MS } from '../../src-shared/limits.js';
import type { ConnectionState } from '../../src-shared/chat-client.js';
import type { DiscoveryStatus } from '../../src-shared/ipc/ipc-contract.js';
import type { SessionInfo } from '../../src-shared/protocol/frames.js';
import { findMovedSession } from '../../src-shared/session-rediscovery.js';
import { probeSessionCertificate } from '../trust/certificate-probe.js';
import type { KnownSessions } from '../trust/known-sessions.js';
import type { SessionPin } from '../trust/pinned-tls.js';
import { verifyMovedSession } from '../trust/session-move.js';

/** What the follower needs of a ChatClient. */
export interface FollowedClient {
  readonly state: ConnectionState;
  readonly url: string;
  readonly session: SessionInfo | null;
  moveTo(url: string): void;
  on(event: 'state', listener: (state: ConnectionState) => void): () => void;
}

/** What it needs of a SessionBrowser (session-browser.ts). */
export interface FollowerBrowser {
  start(): unknown;
  stop(): unknown;
  status(): DiscoveryStatus;
  on(event: 'change', listener: (status: DiscoveryStatus) => void): unknown;
}

export interface SessionFollowerOptions {
  client: FollowedClient;
  /** The identity the client is pinned to. */
  pin: SessionPin;
  known: KnownSessions;
  /** A new mDNS browser (one per outage). */
  createBrowser: () => FollowerBrowser;
  /** The client was re-pointed at `url` (confirmed the same session). */
  onMoved?: (url: string) => void;
  probe?: (host: string, port: number) => Promise<SessionPin>;
  log?: (line: string) => void;
  now?: () => number;
}

export class SessionFollower {
  private browser: FollowerBrowser | null = null;
  private checking = false;
  private waiting: DiscoveryStatus | null = null;
  private readonly refused = new Map<string, number>();
  private readonly unsubscribe: () => void;
  private readonly probe: (host: string, port: number) => Promise<SessionPin>;
  private readonly log: (line: string) => void;
  private readonly now: () => number;

  constructor(private readonly options: SessionFollowerOptions) {
    this.probe = options.probe ?? ((host, port) => probeSessionCertificate(host, port));
    this.log = options.log ?? (() => {});
    this.now = options.now ?? Date.now;
    this.unsubscribe = options.client.on('state', (state) => (state === 'reconnecting' ? this.watch() : this.stopWatching()));
    if (options.client.state === 'reconnecting') this.watch();
  }

  /** Stops for good (the chat ends). */
  dispose(): void {
    this.unsubscribe();
    this.stopWatching();
  }

  private watch(): void {
    if (this.browser) return;
    const browser = this.options.createBrowser();
    this.browser = browser;
    browser.on('change', (status) => this.consider(status));
    browser.start();
    this.consider(browser.status());
  }

  private stopWatching(): void {
    const browser = this.browser;
    this.browser = null;
    this.waiting = null;
    if (browser) void Promise.resolve(browser.stop()).catch(() => {});
  }

  private consider(status: DiscoveryStatus): void {
    if (!this.browser) return;
    if (this.checking) {
      this.waiting = status;
      return;
    }
    const { client, pin } = this.options;
    const session = client.session;
    if (!session || client.state !== 'reconnecting') return;
    const from = client.url;
    const found = findMovedSession(status.sessions, { sessionId: session.id, fingerprint: pin.fingerprint, url: from });
    if (!found) return;
    const refusedAt = this.refused.get(found.url);
    if (refusedAt !== undefined && this.now() - refusedAt < MOVED_SESSION_RETRY_MS) return;
    this.checking = true;
    verifyMovedSession({ known: this.options.known, trusted: pin, to: found.url, label: { sessionId: session.id, sessionName: session.name }, probe: this.probe })
      .then(
        (verdict) => {
          if (!verdict.ok) {
            this.log(`not following the session to ${verdict.address}: ${verdict.why}`);
            this.refused.set(found.url, this.now());
            return;
          }
          if (!this.browser || client.state !== 'reconnecting' || client.url !== from) return;
          this.options.onMoved?.(found.url);
          client.moveTo(found.url);
        },
        (error: unknown) => {
          this.log(`not following the session to ${found.url}: ${error instanceof Error ? error.message : String(error)}`);
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
