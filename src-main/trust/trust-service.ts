// The desktop main process's side of "which session is this?" (trust:check,
// trust:accept, trust:forget; docs/SECURITY.md, "The desktop app"). Before
// the renderer joins a session it asks check(): main reads the certificate
// the host presents (a TLS handshake that sends nothing) and judges it
// (session-trust.ts). Unlike the terminal client, a first contact is not
// trusted yet: the probed certificate waits here, per address, until the
// person compares the code and accepts — and accept trusts exactly the
// certificate that was shown, never a later one. pinForUrl() is what every
// connection main then makes (chat socket bridge, file transfers) pins to;
// an address with no pin gets no connection.
//
// Headless (no electron): the desktop app builds it over known-sessions.json
// in its userData folder; the tests build it over a temp folder.
import { TRUST_PENDING_MAX } from '../../src-shared/limits.js';
import type { TrustCheck, TrustCheckRequest, TrustFollow, TrustFollowRequest } from '../../src-shared/ipc/ipc-contract.js';
import { IpcError } from '../../src-shared/ipc/ipc-errors.js';
import { parseExpectedIdentity, sessionCode, type ExpectedIdentity } from '../../src-shared/session-identity.js';
import { probeSessionCertificate, ProbeError } from './certificate-probe.js';
import type { KnownSessions, SessionLabel } from './known-sessions.js';
import type { SessionPin } from './pinned-tls.js';
import { verifyMovedSession } from './session-move.js';
import { judgeTrust, urlAddress } from './session-trust.js';

export interface TrustServiceOptions {
  known: KnownSessions;
  /** Reads the certificate at host:port (tests may slow or fake it); default probeSessionCertificate. */
  probe?: (host: string, port: number) => Promise<SessionPin>;
  log?: (line: string) => void;
}

interface Pending {
  pin: SessionPin;
  label: SessionLabel;
}

export class TrustService {
  private readonly known: KnownSessions;
  private readonly probe: (host: string, port: number) => Promise<SessionPin>;
  private readonly log: (line: string) => void;
  /** First contacts shown to the person and not yet accepted, by address (oldest first). */
  private readonly pending = new Map<string, Pending>();
  /** The session id a 'changed: session' check named at an address, so forget() there forgets that session. */
  private readonly conflicts = new Map<string, string>();

  constructor(options: TrustServiceOptions) {
    this.known = options.known;
    this.probe = options.probe ?? ((host, port) => probeSessionCertificate(host, port));
    this.log = options.log ?? (() => {});
  }

  async check(request: TrustCheckRequest): Promise<TrustCheck> {
    const target = this.target(request.url);
    if (!target.secure) return { status: 'plain', address: target.address };
    let expected: ExpectedIdentity | undefined;
    if (request.expected !== undefined) {
      const parsed = parseExpectedIdentity(request.expected);
      if (!parsed) throw new IpcError('invalid_payload', 'That is not a session code: it has 20 hex digits (0–9, A–F), like 3F2A 9C01 7B44 D0E8 1A6C.');
      expected = parsed;
    }
    let pin: SessionPin;
    try {
      pin = await this.probe(target.host, target.port);
    } catch (error) {
      if (!(error instanceof ProbeError)) throw error;
      throw new IpcError('unreachable', `${error.message} Check that the session is still running and that this computer is on the same network as ${target.address}.`);
    }
    const { address } = target;
    const label: SessionLabel = { sessionId: request.sessionId, sessionName: request.sessionName };
    const judgement = this.storing(() =>
      judgeTrust({
        address,
        pin,
        remembered: this.known.lookup(address),
        expected,
        expectedFrom: request.expectedFrom,
        sameSession: request.sessionId === undefined ? [] : this.known.withSessionId(request.sessionId),
      }),
    );
    const code = sessionCode(pin.fingerprint);
    this.pending.delete(address);
    this.conflicts.delete(address);
    switch (judgement.status) {
      case 'changed': {
        const { error } = judgement;
        if (error.why === 'session' && request.sessionId !== undefined) this.conflicts.set(address, request.sessionId);
        this.log(`trust: ${address} presents ${code}, refused (${error.why})`);
        return { status: 'changed', address, fingerprint: pin.fingerprint, code, trustedCode: error.expected, why: error.why, message: error.message };
      }
      case 'trusted': {
        // A matching discovery record is remembered with its session id, even at an address trusted before: a spoof of it is recognised later.
        if (judgement.remember) this.storing(() => this.remember(address, pin, label, expected !== undefined && (request.expectedFrom ?? 'person') === 'person'));
        return { status: 'trusted', address, fingerprint: pin.fingerprint, code };
      }
      case 'first-contact':
        this.pending.set(address, { pin, label });
        while (this.pending.size > TRUST_PENDING_MAX) this.pending.delete(this.pending.keys().next().value!);
        return { status: 'first-contact', address, fingerprint: pin.fingerprint, code };
    }
  }

  /** The person confirmed the code of a first contact: trust exactly the certificate check() showed. */
  accept(url: string, fingerprint: string): void {
    const { address } = this.target(url);
    const pending = this.pending.get(address);
    if (!pending || pending.pin.fingerprint !== fingerprint) {
      throw new IpcError(
        'not_pending',
        pending
          ? `The session at ${address} now presents another code than the one you confirmed. Check it again before joining.`
          : `There is no new session at ${address} waiting for your confirmation. Check it again before joining.`,
      );
    }
    this.storing(() => this.known.remember(address, pending.pin, pending.label));
    this.pending.delete(address);
    this.log(`trust: ${address} trusted by the person (${sessionCode(fingerprint)})`);
  }

  /**
   * Forgets what was trusted at the address of `url` — and, when the last
   * check there was refused because the same session id was trusted with
   * another identity elsewhere, that session everywhere. A deliberate step,
   * after the person compared the new code with the host's screen.
   */
  forget(url: string): void {
    const { address } = this.target(url);
    this.storing(() => {
      this.known.forget(address);
      const sessionId = this.conflicts.get(address);
      if (sessionId !== undefined) for (const other of this.known.withSessionId(sessionId)) this.known.forget(other.address);
    });
    this.pending.delete(address);
    this.conflicts.delete(address);
    this.log(`trust: forgot ${address}`);
  }

  /**
   * The session the renderer was connected to at `from` was announced at
   * `to` (its host came back at another address). Followed — `to` is trusted
   * for it, so the chat socket and file transfers may connect there — only
   * when the host at `to` presents the identity pinned at `from`
   * (session-move.ts). Never asks the person: the key proves it is the same
   * session. Refused ('not_followed') otherwise; the renderer keeps trying.
   */
  async follow(request: TrustFollowRequest): Promise<TrustFollow> {
    const trusted = this.pinForUrl(request.from);
    if (!trusted) throw new IpcError('not_followed', `No session is trusted at ${urlAddress(request.from)?.address ?? request.from}, so there is nothing to follow.`);
    let verdict;
    try {
      verdict = await verifyMovedSession({
        known: this.known,
        trusted,
        to: request.to,
        label: { sessionId: request.sessionId, sessionName: request.sessionName },
        probe: this.probe,
      });
    } catch (error) {
      if (error instanceof ProbeError) throw new IpcError('unreachable', error.message);
      // Anything else is known-sessions.json failing to read or write: said as storing() says it.
      return this.storing(() => {
        throw error;
      });
    }
    if (!verdict.ok) {
      this.log(`trust: not following the session to ${verdict.address}: ${verdict.why}`);
      throw new IpcError('not_followed', `The session announced at ${verdict.address} could not be confirmed as yours; Parley keeps trying the old address.`);
    }
    this.log(`trust: followed the session to ${verdict.address} (${sessionCode(verdict.pin.fingerprint)})`);
    return { address: verdict.address, code: sessionCode(verdict.pin.fingerprint) };
  }

  /** The pin every connection to this ws(s):// or http(s):// address must use; null when none is trusted there. */
  pinForUrl(url: string): SessionPin | null {
    const target = urlAddress(url);
    if (!target) return null;
    const remembered = this.known.lookup(target.address);
    return remembered ? { certPem: remembered.certPem, fingerprint: remembered.fingerprint } : null;
  }

  /**
   * The session this device trusts at `fromUrl` said (a `moved` frame, after
   * a hand-over) that it now lives at `origins` (https://HOST:PORT). The
   * frame came over a connection pinned to that identity, so it was sent by
   * whoever holds the session's private key — the session itself — and the
   * new host must present the very same identity: trusting it there lets the
   * page follow without asking the person anything, and a host at the new
   * address with another identity is still refused. An address that already
   * trusts ANOTHER identity is left alone: a session must not be able to
   * claim other sessions' addresses (its holder would then receive the
   * tokens this device sends there). Returns the addresses now trusted.
   */
  trustMovedSession(fromUrl: string, pin: SessionPin, moved: { session: string; identity?: string | undefined; origins: readonly string[] }): string[] {
    if (moved.identity !== undefined && moved.identity !== pin.fingerprint) {
      this.log(`trust: a moved notice named another identity than the connection's; ignored`);
      return [];
    }
    const from = urlAddress(fromUrl);
    const before = from ? this.known.lookup(from.address) : undefined;
    if (!before || before.fingerprint !== pin.fingerprint) return [];
    const label: SessionLabel = { sessionId: before.sessionId ?? moved.session, sessionName: before.sessionName };
    const trusted: string[] = [];
    this.storing(() => {
      for (const origin of moved.origins) {
        const target = urlAddress(origin);
        if (!target || !origin.startsWith('https:')) continue;
        const there = this.known.lookup(target.address);
        if (there && there.fingerprint !== pin.fingerprint) {
          this.log(`trust: the session moved to ${target.address}, where another session is trusted; not following it there`);
          continue;
        }
        this.known.remember(target.address, pin, label);
        trusted.push(target.address);
      }
    });
    if (trusted.length > 0) this.log(`trust: the session at ${from!.address} moved; trusting it at ${trusted.join(', ')}`);
    return trusted;
  }

  /**
   * The person vouched for this identity (a typed code, a share link, their
   * own session): it replaces what was remembered at the address, and
   * entries for the same session id with another identity are dropped (the
   * session was re-keyed; keeping them would refuse it elsewhere).
   */
  private remember(address: string, pin: SessionPin, label: SessionLabel, vouched: boolean): void {
    if (vouched && label.sessionId !== undefined) {
      for (const other of this.known.withSessionId(label.sessionId)) {
        if (other.session.fingerprint !== pin.fingerprint) this.known.forget(other.address);
      }
    }
    this.known.remember(address, pin, label);
  }

  private target(url: string): NonNullable<ReturnType<typeof urlAddress>> {
    const target = urlAddress(url);
    if (!target) throw new IpcError('invalid_payload', `${url} is not a session address (wss://HOST:PORT/ws).`);
    return target;
  }

  /** known-sessions.json unreadable or unwritable: say which file, keep the app running. */
  private storing<T>(task: () => T): T {
    try {
      return task();
    } catch (error) {
      if (error instanceof IpcError) throw error;
      throw new IpcError('storage_failed', `Could not read or save the sessions you trust (${this.known.file}): ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
