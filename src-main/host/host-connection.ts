// One participant's socket on the host: authentication state, the rate
// limiter that throttles it, and the queue of events that is sent as one frame
// per event-loop turn (so a burst of N messages costs each client one frame,
// not N).
import type { WebSocket } from 'ws';
import { HARD_MAX_FRAME_BYTES, PROTOCOL_VERSION } from '../../src-shared/limits.js';
import { ERROR_CODES, type ErrorCode } from '../../src-shared/protocol/error-codes.js';
import type { ErrorFrame } from '../../src-shared/protocol/frames.js';
import type { HeartbeatPeer } from './heartbeat.js';
import { TokenBucket } from './token-bucket.js';

export interface ConnectionLimits {
  ratePerSecond: number;
  burst: number;
  maxQueuedFrames: number;
  maxBufferedBytes: number;
}

export interface SignedInUser {
  id: number;
  name: string;
}

type IncomingFrame = { data: Buffer; isBinary: boolean };

export class HostConnection implements HeartbeatPeer {
  user: SignedInUser | null = null;
  /** Set while a sign-in is being checked, so a second one waits its turn. */
  signingIn = false;
  signInFailures = 0;
  isAlive = true;
  closed = false;
  /** Hash of the resume token this connection signed in with (signout forgets it). */
  tokenHash: string | null = null;
  /** Highest seq queued to this socket. */
  lastSeq = 0;
  /** The app on this connection can host the session (signin/resume `canHost`): it may be offered a hand-over. */
  canHost = false;
  authTimer: NodeJS.Timeout | null = null;

  private readonly bucket: TokenBucket;
  private readonly held: IncomingFrame[] = [];
  private drainTimer: NodeJS.Timeout | null = null;
  /**
   * Over the rate since the last frame that was processed at once. While the
   * socket is paused the sender's frames wait in TCP buffers, so draining the
   * held frames does not end the episode: the next chunk arrives to an empty
   * bucket. Only a frame that gets a token straight away does.
   */
  private throttled = false;
  private readonly outgoing: string[] = [];
  /** The seq of each queued event, in order: which events a frame holds (see flushEvents' `shared`). */
  private readonly outgoingSeqs: number[] = [];
  /** Whether each queued event is a thread event (event-groups.ts): those never share a frame with others. */
  private readonly outgoingThread: boolean[] = [];
  /** True while this turn's frames are held in the socket, to go out as one write at the end of the tick. */
  private corked = false;

  constructor(
    readonly ws: WebSocket,
    readonly remote: string,
    private readonly limits: ConnectionLimits,
    private readonly process: (conn: HostConnection, data: Buffer, isBinary: boolean) => void,
    private readonly markDirty: (conn: HostConnection) => void,
    /** The socket under the WebSocket (the upgrade request's), corked while a tick's frames pile up; absent in unit tests. */
    private readonly wire?: Corkable,
  ) {
    this.bucket = new TokenBucket(limits.ratePerSecond, limits.burst);
  }

  /**
   * The connection signed in as `user`: the sign-in deadline is off, and
   * frames may now be as large as HARD_MAX_FRAME_BYTES (until now ws refused
   * anything over PRE_SIGNIN_MAX_FRAME_BYTES, so an anonymous socket cannot
   * make the host buffer a megabyte).
   */
  signedIn(user: SignedInUser, tokenHash: string): void {
    if (this.authTimer) clearTimeout(this.authTimer);
    this.authTimer = null;
    this.user = user;
    this.tokenHash = tokenHash;
    this.signInFailures = 0;
    setFrameLimit(this.ws, HARD_MAX_FRAME_BYTES);
  }

  /**
   * Entry point for every frame. Within the rate it is processed at once; past
   * it, frames are held (the socket paused, so TCP pushes back on the sender)
   * and processed as tokens come — throttled, not dropped. The client is told
   * once per throttling episode, which ends when the bucket has refilled to a
   * whole burst (not at the first frame that gets through: frames that were
   * held in TCP arrive in spurts once reading resumes, and each spurt would
   * otherwise be a new notice). Holding more than maxQueuedFrames is a flood.
   */
  receive(data: Buffer, isBinary: boolean): void {
    if (this.closed) return;
    if (this.held.length === 0 && this.bucket.isFull()) this.throttled = false;
    if (this.held.length === 0 && this.bucket.take()) {
      this.process(this, data, isBinary);
      return;
    }
    this.held.push({ data, isBinary });
    if (this.held.length > this.limits.maxQueuedFrames) {
      this.fail('flood', `More than ${this.limits.maxQueuedFrames} frames were held back from this connection; it is closed. Send at most ${this.limits.ratePerSecond} frames a second.`);
      return;
    }
    if (this.drainTimer === null) {
      this.ws.pause();
      const waitMs = this.bucket.msUntilToken();
      if (!this.throttled) {
        this.throttled = true;
        this.sendError('rate_limited', `Slow down: at most ${this.limits.ratePerSecond} frames a second (bursts of ${this.limits.burst}). Your frames are held back, not lost, and processed in order.`, {
          retryAfterMs: waitMs,
        });
      }
      this.scheduleDrain(waitMs);
    }
  }

  private scheduleDrain(waitMs: number): void {
    this.drainTimer = setTimeout(() => {
      this.drainTimer = null;
      while (this.held.length > 0 && !this.closed && this.bucket.take()) {
        const next = this.held.shift()!;
        this.process(this, next.data, next.isBinary);
      }
      if (this.closed) return;
      if (this.held.length > 0) this.scheduleDrain(this.bucket.msUntilToken());
      else this.ws.resume();
    }, Math.max(1, waitMs));
  }

  sendFrame(frame: object): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    this.write(JSON.stringify({ v: PROTOCOL_VERSION, ...frame }));
  }

  /**
   * Every frame sent in one tick — a commit's acknowledgements, then the
   * events frame, replies and notices — leaves as one write: the socket is
   * corked at the first and uncorked when the tick ends. Over TLS each write
   * is a TLS record (header, tag, one SSL_write) and a syscall, so this is
   * what keeps a busy sender's socket from paying that per acknowledgement.
   */
  private write(text: string | Buffer): void {
    const wire = this.wire;
    if (wire && !this.corked) {
      this.corked = true;
      wire.cork();
      process.nextTick(() => {
        this.corked = false;
        wire.uncork();
      });
    }
    // A Buffer is the UTF-8 of a text frame encoded once for many connections (flushEvents).
    this.ws.send(text, { binary: false });
  }

  reply(re: string, data: unknown): void {
    this.sendFrame({ type: 'reply', re, data });
  }

  sendError(code: ErrorCode, message: string, extra: Partial<Pick<ErrorFrame, 're' | 'field' | 'retryAfterMs'>> = {}): void {
    this.sendFrame({ type: 'error', code, message, ...extra });
  }

  /** Sends a fatal error, then closes with the code PROTOCOL.md gives it. */
  fail(code: ErrorCode, message: string, re?: string): void {
    const info = ERROR_CODES[code] as { closeCode?: number };
    this.sendError(code, message, re === undefined ? {} : { re });
    this.close(info.closeCode ?? 1008, code);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.dispose();
    this.ws.close(code, reason);
    // A throttled socket is paused: read again, or the peer's close frame is
    // never seen and the close hangs until ws's 30 s close timeout.
    this.ws.resume();
  }

  /** Heartbeat: asks the peer for a pong. */
  ping(): void {
    try {
      this.ws.ping();
    } catch {
      // socket already closing
    }
  }

  /** Heartbeat: the peer showed no sign of life for a whole beat; cut without a close handshake (1006). */
  cut(): void {
    this.dispose();
    this.ws.terminate();
  }

  dispose(): void {
    this.closed = true;
    if (this.drainTimer) clearTimeout(this.drainTimer);
    if (this.authTimer) clearTimeout(this.authTimer);
    this.drainTimer = null;
    this.authTimer = null;
    this.held.length = 0;
    this.outgoing.length = 0;
    this.outgoingSeqs.length = 0;
    this.outgoingThread.length = 0;
  }

  /** Queues an already-serialised event; the host sends queued events once per turn. `thread`: see event-groups.ts. */
  queueEvent(serialised: string, seq: number, thread = false): void {
    if (this.closed) return;
    if (this.outgoing.length === 0) this.markDirty(this);
    this.outgoing.push(serialised);
    this.outgoingSeqs.push(seq);
    this.outgoingThread.push(thread);
    if (seq > this.lastSeq) this.lastSeq = seq;
  }

  /**
   * Sends everything queued as one events frame. `shared` (one per fan-out
   * flush) holds the frames already encoded in this flush, by the seqs they
   * carry: an event with a given seq is serialised once for everyone
   * (FanOut.event), so connections queued the same seqs get byte-identical
   * frames, and a message to 100 people is encoded once, not 100 times.
   */
  flushEvents(shared?: Map<string, Buffer>): void {
    if (this.outgoing.length === 0 || this.closed) return;
    // One frame per run of thread / other events (event-groups.ts): usually just one.
    const frames: Buffer[] = [];
    for (let start = 0; start < this.outgoing.length; ) {
      let end = start + 1;
      while (end < this.outgoing.length && this.outgoingThread[end] === this.outgoingThread[start]) end++;
      const key = this.outgoingSeqs.slice(start, end).join(',');
      let frame = shared?.get(key);
      if (!frame) {
        frame = Buffer.from(`{"v":${PROTOCOL_VERSION},"type":"events","events":[${this.outgoing.slice(start, end).join(',')}]}`, 'utf8');
        shared?.set(key, frame);
      }
      frames.push(frame);
      start = end;
    }
    this.outgoing.length = 0;
    this.outgoingSeqs.length = 0;
    this.outgoingThread.length = 0;
    if (this.ws.readyState !== this.ws.OPEN) return;
    // A peer that stopped reading would make the host buffer without bound.
    // Drop it instead: it reconnects and the replay (from the database) catches it up.
    if (this.ws.bufferedAmount > this.limits.maxBufferedBytes) {
      // A close handshake would wait on the same stuck peer, so cut it off.
      this.sendError('too_slow', `This connection fell more than ${Math.round(this.limits.maxBufferedBytes / 1024)} KiB behind; it is closed. Reconnect to catch up.`);
      this.dispose();
      this.ws.terminate();
      return;
    }
    for (const frame of frames) this.write(frame);
  }
}

/** What cork-while-a-tick-lasts needs of a socket (net.Socket and tls.TLSSocket both are). */
export interface Corkable {
  cork(): void;
  uncork(): void;
}

/**
 * ws fixes a socket's maxPayload when it is created (from the server's
 * option) and has no public way to change it; its Receiver keeps it in
 * `_maxPayload` (ws 8.x, lib/receiver.js) and checks it against each frame's
 * header before buffering the frame. Throws if that ever changes, so the
 * tests notice instead of the limit silently staying small.
 */
function setFrameLimit(ws: WebSocket, bytes: number): void {
  const receiver = (ws as unknown as { _receiver?: { _maxPayload?: number } })._receiver;
  if (!receiver || typeof receiver._maxPayload !== 'number') throw new Error('ws no longer exposes its receiver\'s maxPayload; see setFrameLimit in host-connection.ts');
  receiver._maxPayload = bytes;
}
