// The desktop's trust step of joining a session (CONVENTIONS.md #14, like
// SSH's known_hosts): before a ChatClient is created, main reads the
// certificate the host presents (a TLS handshake that sends nothing) and
// decides (platform.trust.check). Trusted: connect. A first contact or a host
// run with --plain: the person confirms on the 'confirm-identity' screen. A
// changed identity: everything stops, and only a deliberate "forget" (after
// comparing codes with the host) moves on. Nothing here ever accepts or
// forgets without the person's click: confirm() and forgetAndRetry() are
// only called from buttons.
//
// A browser has no platform.trust (it trusts the page's own origin, and the
// person checked the certificate when they opened it): every join goes
// straight on.
import type { TrustFeature, IdentityRefusal } from '../platform/platform.js';
import type { AppStore } from '../store/app-store.js';
import type { SessionTarget } from '../store/connection-slice.js';
import type { IdentityPrompt } from '../store/identity-prompt.js';
import { describeError } from './describe-error.js';

/** What join() does next: connect now, wait for the person, or give up (the problem is in the store). */
/** `{ secureUrl }`: join that address instead (a ws:// address whose host serves TLS now). */
export type TrustVerdict = 'go' | 'asking' | 'unreachable' | { secureUrl: string };

export interface TrustStepHooks {
  /** Joins the target again from the start (checking again). */
  join(target: SessionTarget): Promise<boolean>;
  /** Back to "Find or host". */
  leave(): Promise<void>;
  /** Closes the chat client and forgets the signed-in state (a refusal mid-session). */
  stop(): void;
}

export class SessionTrustStep {
  /** Plain hosts the person agreed to use while this window is open (asked again after a restart). */
  private readonly plainAccepted = new Set<string>();
  /** The identity main said it trusts at each URL checked (for finding the session again elsewhere: session-rediscovery.ts). */
  private readonly identities = new Map<string, string>();

  constructor(
    private readonly store: AppStore,
    private readonly trust: TrustFeature | undefined,
    private readonly hooks: TrustStepHooks,
  ) {}

  /** Listens for main refusing the chat socket (a reconnect reached another host); returns the unsubscribe. */
  listen(): () => void {
    return this.trust?.onRefused((refusal) => this.onRefused(refusal)) ?? (() => {});
  }

  /** The check before connecting to `target`; shows the confirm screen when the person has to decide. */
  async check(target: SessionTarget): Promise<TrustVerdict> {
    const trust = this.trust;
    if (!trust) return 'go';
    let result;
    try {
      result = await trust.check({
        url: target.url,
        ...(target.expected !== undefined && { expected: target.expected, expectedFrom: target.expectedFrom ?? 'person' }),
        ...(target.sessionId !== undefined && { sessionId: target.sessionId }),
        sessionName: target.label.slice(0, 64),
      });
    } catch (error) {
      if (this.stale(target)) return 'unreachable';
      this.store.getState().setStartProblem(describeError(error));
      return 'unreachable';
    }
    // The person went elsewhere while main was checking: show nothing (join() sees it too and stops).
    if (this.stale(target)) return 'unreachable';
    const url = target.url;
    switch (result.status) {
      case 'trusted':
        this.identities.set(url, result.fingerprint);
        return 'go';
      case 'plain': {
        // A ws:// address saved before the host served TLS (a last session from an
        // older version, an old link): if TLS answers there now, use wss:// — never
        // warn about a plain connection the host would refuse anyway (426).
        const secureUrl = await this.tlsNowAt(target);
        if (secureUrl !== null) return { secureUrl };
        if (this.plainAccepted.has(url)) return 'go';
        return this.ask({ kind: 'plain', url, address: result.address });
      }
      case 'first-contact':
        return this.ask({ kind: 'first-contact', url, address: result.address, fingerprint: result.fingerprint, code: result.code });
      case 'changed':
        return this.ask({ kind: 'changed', url, address: result.address, code: result.code, trustedCode: result.trustedCode, why: result.why, sessionName: target.label });
    }
  }

  /** The wss:// form of a ws:// target when a session answers there over TLS, else null. */
  private async tlsNowAt(target: SessionTarget): Promise<string | null> {
    const secureUrl = target.url.replace(/^ws:\/\//, 'wss://');
    if (secureUrl === target.url || !this.trust) return null;
    try {
      const result = await this.trust.check({ url: secureUrl, sessionName: target.label.slice(0, 64), ...(target.sessionId !== undefined && { sessionId: target.sessionId }) });
      return result.status === 'plain' ? null : secureUrl;
    } catch {
      return null; // no TLS there: it really is a --plain host
    }
  }

  /** The identity trusted at `url` when it was last checked; undefined for a URL not checked (or a plain host). */
  identityAt(url: string): string | undefined {
    return this.identities.get(url);
  }

  /** The person clicked Connect on a first contact or a plain host: remember it, then join (checking again). */
  async confirm(): Promise<void> {
    const { identityPrompt: prompt, target } = this.store.getState();
    if (!prompt || !target || prompt.kind === 'changed') return;
    if (prompt.kind === 'first-contact') await this.trust?.accept(prompt.url, prompt.fingerprint);
    else this.plainAccepted.add(prompt.url);
    this.store.getState().setIdentityPrompt(null);
    await this.hooks.join(target);
  }

  /**
   * The person compared the code with the host's screen and chose to forget
   * the old session: forget it, then check again (a first contact to confirm).
   */
  async forgetAndRetry(): Promise<void> {
    const { identityPrompt: prompt, target } = this.store.getState();
    if (!prompt || !target || prompt.kind !== 'changed') return;
    await this.trust?.forget(prompt.url);
    this.store.getState().setIdentityPrompt(null);
    await this.hooks.join(target);
  }

  /** Cancel / Choose another session: nothing is remembered. */
  async cancel(): Promise<void> {
    this.store.getState().setIdentityPrompt(null);
    await this.hooks.leave();
  }

  private stale(target: SessionTarget): boolean {
    return this.store.getState().target !== target;
  }

  private ask(prompt: IdentityPrompt): TrustVerdict {
    const state = this.store.getState();
    state.setIdentityPrompt(prompt);
    state.setPhase('confirm-identity');
    return 'asking';
  }

  private onRefused(refusal: IdentityRefusal): void {
    const target = this.store.getState().target;
    if (!target) return;
    this.hooks.stop();
    this.ask({ kind: 'changed', url: target.url, address: refusal.address, code: refusal.code, trustedCode: refusal.trustedCode, why: 'remembered', sessionName: target.label });
  }
}
