// The old host's side of a hand-over (PROTOCOL.md, "Hand-over"). One at a
// time, driven by the successor — an admin whose app can host — over its
// signed-in, pinned chat connection:
//
//   handover.start   (take-over; or the answer to the host's handover.offer)
//                    → writes freeze (write-freeze.ts), a snapshot is taken
//                      (files follow later), and the reply says where to
//                      fetch it (/api/handover/<id>/…, handover-http.ts) with a
//                      one-time secret, plus the join passcode (an option of
//                      the host, not in the database)
//   handover.ready   the successor hosts the session now → every client gets
//                    `moved` (the successor's addresses) and is closed with
//                    4012; held writes are dropped (clients send them again
//                    there); the old host keeps serving only the files still
//                    to move, then stops (onFinished)
//   handover.abort, the successor's connection closing, or no ready within
//   HANDOVER_READY_TIMEOUT_MS → writes thaw (held requests run), the snapshot
//   is deleted, nothing changed for anyone.
//
// The snapshot holds the session's private key: it is written 0600 inside the
// data folder, served only to the bearer of the secret over TLS, and deleted
// when the hand-over ends either way.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { HANDOVER_FILES_IDLE_MS, HANDOVER_OFFER_TTL_MS, HANDOVER_READY_TIMEOUT_MS } from '../../../src-shared/limits.js';
import type { ReplyData, RequestFrame } from '../../../src-shared/protocol/frames.js';
import type { SignedInConnection } from '../handlers/request-context.js';
import { RequestError } from '../request-error.js';
import type { SnapshotManifest, SnapshotOptions } from '../session-snapshot.js';
import type { MovedFrame } from '../socket-gateway.js';
import type { WriteFreeze } from './write-freeze.js';

/** Snapshot folders are named so a host that crashed mid-hand-over can clear them at its next start. */
export const HANDOVER_DIR_PREFIX = 'handover-';

export interface HandOverDeps {
  dataDir: string;
  passcode: string | undefined;
  freeze: WriteFreeze;
  /** ChatHost.snapshot. */
  snapshot(outDir: string, options: SnapshotOptions): Promise<SnapshotManifest>;
  /** The session's https origin parts: scheme of the URLs clients get. */
  scheme: 'https' | 'http';
  sessionId: string;
  identity: string | undefined;
  isAdmin(userId: number): boolean;
  /** Makes a person admin (an offer with makesAdmin accepted). */
  makeAdmin(userId: number): Promise<void>;
  moveEveryone(frame: MovedFrame): void;
  /** The session moved to `to` (for the host's owner: the app's status, the CLI's banner). */
  onMoved(to: string[], successor: { id: number; name: string }): void;
  /** Nothing is left to serve: the host should stop now. */
  onFinished(): void;
  /** The person offered the session said no (the host's owner may offer it to someone else). */
  onDeclined?(by: { id: number; name: string }): void;
  log(line: string): void;
}

interface Offer {
  id: string;
  userId: number;
  makesAdmin: boolean;
  timer: NodeJS.Timeout;
}

export interface ActiveHandOver {
  id: string;
  secret: string;
  dir: string;
  manifest: SnapshotManifest;
  conn: SignedInConnection;
  phase: 'waiting' | 'moved';
  timer: NodeJS.Timeout | null;
}

export class HandOverCoordinator {
  private active: ActiveHandOver | null = null;
  private starting = false;
  private readonly offers = new Map<string, Offer>();

  constructor(private readonly deps: HandOverDeps) {
    // Left over by a host that stopped mid-hand-over: never served again.
    for (const name of fs.readdirSync(deps.dataDir)) {
      if (name.startsWith(HANDOVER_DIR_PREFIX)) fs.rmSync(path.join(deps.dataDir, name), { recursive: true, force: true });
    }
  }

  /** The hand-over being served (for handover-http.ts), or null. */
  get current(): ActiveHandOver | null {
    return this.active;
  }

  get inProgress(): boolean {
    return this.starting || this.active !== null;
  }

  /**
   * The host's owner offers the session to `userId` (their app answers
   * handover.start with the offer id, or handover.decline). `send` delivers
   * the offer to that person's connections that can host.
   */
  offer(userId: number, send: (offer: { offer: string; makesAdmin: boolean }) => number): string {
    if (this.inProgress) throw new RequestError('handover_busy', 'A hand-over is already under way; wait for it to finish.');
    const id = randomBytes(12).toString('base64url');
    const makesAdmin = !this.deps.isAdmin(userId);
    if (send({ offer: id, makesAdmin }) === 0) throw new RequestError('user_not_found', 'That person is not online in an app that can host; pick someone else.');
    const timer = setTimeout(() => this.offers.delete(id), HANDOVER_OFFER_TTL_MS);
    timer.unref();
    this.offers.set(id, { id, userId, makesAdmin, timer });
    return id;
  }

  decline(conn: SignedInConnection, frame: RequestFrame<'handover.decline'>): boolean {
    const offer = this.offers.get(frame.offer);
    if (!offer || offer.userId !== conn.user.id) return false;
    clearTimeout(offer.timer);
    this.offers.delete(frame.offer);
    this.deps.log(`${conn.user.name} declined to take the session over`);
    this.deps.onDeclined?.({ id: conn.user.id, name: conn.user.name });
    return true;
  }

  async start(conn: SignedInConnection, frame: RequestFrame<'handover.start'>): Promise<ReplyData<'handover.start'>> {
    if (this.inProgress) throw new RequestError('handover_busy', 'A hand-over of this session is already under way; wait for it to finish or fail.');
    const offer = frame.offer === undefined ? undefined : this.offers.get(frame.offer);
    if (frame.offer !== undefined && (!offer || offer.userId !== conn.user.id)) {
      throw new RequestError('not_allowed', 'That hand-over offer has expired or was not made to you; ask the host to offer it again.');
    }
    if (!offer && !this.deps.isAdmin(conn.user.id)) throw new RequestError('not_allowed', 'Only an admin can take the session over. Ask an admin (or the host) to make you one.');
    this.starting = true;
    try {
      if (offer) {
        clearTimeout(offer.timer);
        this.offers.delete(offer.id);
        if (offer.makesAdmin) await this.deps.makeAdmin(conn.user.id);
      }
      const id = randomBytes(12).toString('base64url');
      const dir = path.join(this.deps.dataDir, `${HANDOVER_DIR_PREFIX}${id}`);
      this.deps.freeze.freeze();
      let manifest: SnapshotManifest;
      try {
        manifest = await this.deps.snapshot(dir, { files: 'later' });
      } catch (error) {
        this.deps.freeze.thaw();
        throw error;
      }
      if (conn.closed) {
        this.cleanUp(dir);
        this.deps.freeze.thaw();
        throw new RequestError('handover_failed', 'The successor disconnected during the snapshot; the session stays here.');
      }
      const secret = randomBytes(32).toString('base64url');
      const timer = setTimeout(() => this.fail('the successor did not start hosting in time'), HANDOVER_READY_TIMEOUT_MS);
      timer.unref();
      this.active = { id, secret, dir, manifest, conn, phase: 'waiting', timer };
      this.deps.log(`hand-over to ${conn.user.name} started: snapshot at seq ${manifest.lastSeq}, ${manifest.files.length} files to follow; writes wait`);
      return {
        handover: id,
        secret,
        ...(this.deps.passcode !== undefined && { passcode: this.deps.passcode }),
        lastSeq: manifest.lastSeq,
        files: manifest.files.length,
      };
    } finally {
      this.starting = false;
    }
  }

  /** The successor hosts now: `reply` answers it, then everyone is sent there. */
  ready(conn: SignedInConnection, frame: RequestFrame<'handover.ready'>, seenAs: string | null, reply: () => void): void {
    const active = this.activeFor(conn, frame.handover);
    if (active.phase !== 'waiting') throw new RequestError('handover_busy', 'This hand-over has completed already.');
    const to = successorOrigins(this.deps.scheme, frame.port, seenAs, frame.addresses);
    active.phase = 'moved';
    if (active.timer) clearTimeout(active.timer);
    active.timer = null;
    this.deps.freeze.dropHeld();
    this.deps.log(`session handed over to ${conn.user.name} at ${to.join(', ')}`);
    this.deps.onMoved(to, { id: conn.user.id, name: conn.user.name });
    // The reply first, so the successor knows it was heard before its own connection closes.
    reply();
    this.deps.moveEveryone({ type: 'moved', session: this.deps.sessionId, ...(this.deps.identity && { identity: this.deps.identity }), to });
    this.filesActivity();
  }

  abort(conn: SignedInConnection, frame: RequestFrame<'handover.abort'>): void {
    this.activeFor(conn, frame.handover);
    this.fail(`the successor gave up${frame.reason ? `: ${frame.reason.slice(0, 200)}` : ''}`);
  }

  /** A connection closed: if it was the successor's before the move, the hand-over is off. */
  connectionClosed(conn: SignedInConnection): void {
    if (this.active?.conn === conn && this.active.phase === 'waiting') this.fail('the successor disconnected');
  }

  /** The successor fetched a file (or part of one): the old host keeps serving while it does. */
  filesActivity(): void {
    const active = this.active;
    if (!active || active.phase !== 'moved') return;
    if (active.timer) clearTimeout(active.timer);
    active.timer = setTimeout(() => this.finish('no file was fetched for a while'), HANDOVER_FILES_IDLE_MS);
    active.timer.unref();
  }

  /** The successor has every file (POST …/done), or stopped fetching: the old host is done. */
  finish(why: string): void {
    const active = this.active;
    if (!active || active.phase !== 'moved') return;
    if (active.timer) clearTimeout(active.timer);
    active.timer = null;
    this.cleanUp(active.dir);
    this.deps.log(`hand-over finished (${why}); this host stops serving the session`);
    this.deps.onFinished();
  }

  /** The host stops: nothing of a hand-over may outlive it. */
  dispose(): void {
    for (const offer of this.offers.values()) clearTimeout(offer.timer);
    this.offers.clear();
    const active = this.active;
    if (!active) return;
    if (active.timer) clearTimeout(active.timer);
    this.cleanUp(active.dir);
    this.active = null;
  }

  private activeFor(conn: SignedInConnection, id: string): ActiveHandOver {
    const active = this.active;
    if (!active || active.id !== id || active.conn !== conn) throw new RequestError('not_allowed', 'No such hand-over on this connection.');
    return active;
  }

  private fail(why: string): void {
    const active = this.active;
    if (!active || active.phase !== 'waiting') return;
    if (active.timer) clearTimeout(active.timer);
    this.active = null;
    this.cleanUp(active.dir);
    this.deps.freeze.thaw();
    this.deps.log(`hand-over to ${active.conn.user.name} called off (${why}); this host carries on`);
  }

  private cleanUp(dir: string): void {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Where clients go, in the order to try: the address this host saw the
 * successor connect from (it reached this host from the clients' network, so
 * it is the likeliest to be reachable), then the addresses it announced.
 */
export function successorOrigins(scheme: 'https' | 'http', port: number, seenAs: string | null, announced: string[]): string[] {
  const addresses = [...(seenAs ? [seenAs] : []), ...announced].map((a) => a.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1').replace(/^\[|\]$/g, ''));
  const unique = [...new Set(addresses.filter((a) => /^[0-9A-Za-z.:-]+$/.test(a)))];
  return unique.map((a) => (a.includes(':') ? `${scheme}://[${a}]:${port}` : `${scheme}://${a}:${port}`));
}
