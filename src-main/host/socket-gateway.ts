// The chat WebSocket (`/ws`): upgrades, one HostConnection per socket, the
// sign-in deadline, the heartbeat that drops dead peers (heartbeat.ts), and routing of each
// parsed frame — ping and sign-in here, everything else to the request
// handlers once the connection has signed in.
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { PRE_SIGNIN_MAX_FRAME_BYTES } from '../../src-shared/limits.js';
import { CLOSE_CODES } from '../../src-shared/protocol/error-codes.js';
import type { HostFrame, ReplyData, RequestFrame, SessionInfo } from '../../src-shared/protocol/frames.js';
import type { FanOut } from './fan-out.js';
import type { Handler, HandledType, SignedInConnection } from './handlers/request-context.js';
import { Heartbeat } from './heartbeat.js';
import { HostConnection } from './host-connection.js';
import { parseClientFrame } from './frame-parser.js';
import type { HostLimits } from './host-options.js';
import { replyError, RequestError } from './request-error.js';
import type { SignIn } from './sign-in.js';
import type { WriteFreeze } from './handover/write-freeze.js';

/** What `moved` carries (sendFrame adds the version). */
export type MovedFrame = Omit<Extract<HostFrame, { type: 'moved' }>, 'v'>;

export interface SocketGatewayDeps {
  limits: HostLimits;
  session: SessionInfo;
  signIn: SignIn;
  handlers: { [T in HandledType]: Handler<T> };
  fanOut: FanOut;
  /** Holds requests that write while a hand-over is under way. */
  freeze: WriteFreeze;
  /** A signed-in connection closed (presence, delivery position). */
  onClosed: (conn: SignedInConnection) => void;
  log: (line: string) => void;
}

export class SocketGateway {
  private readonly connections = new Set<HostConnection>();
  private readonly wss: WebSocketServer;
  private readonly heartbeat: Heartbeat;
  private stopping = false;
  /** The session moved (hand-over): every socket gets this frame and is closed with 4012. */
  private moved: MovedFrame | null = null;

  constructor(private readonly deps: SocketGatewayDeps) {
    // maxPayload is the pre-sign-in limit; HostConnection.signedIn raises it.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: PRE_SIGNIN_MAX_FRAME_BYTES, perMessageDeflate: false, clientTracking: false });
    this.heartbeat = new Heartbeat(deps.limits.heartbeatMs, () => this.connections);
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /** The HTTP server's 'upgrade': only /ws, and not while stopping. */
  upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const pathname = (req.url ?? '').split('?')[0];
    if (pathname !== '/ws' || this.stopping) {
      socket.end(`HTTP/1.1 ${this.stopping ? '503 Service Unavailable' : '404 Not Found'}\r\nConnection: close\r\n\r\n`);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req));
  }

  /** Closes every socket (1001 with shutting_down), waiting up to 2 s for the peers, then cuts the rest. */
  async closeAll(): Promise<void> {
    this.stopping = true;
    this.heartbeat.stop();
    const closing: Promise<void>[] = [];
    for (const conn of this.connections) {
      closing.push(new Promise((resolve) => conn.ws.once('close', () => resolve())));
      conn.fail('shutting_down', 'The host is shutting down. The app reconnects by itself when it is back.');
    }
    await Promise.race([Promise.all(closing), new Promise((resolve) => setTimeout(resolve, 2000))]);
    for (const conn of this.connections) conn.ws.terminate();
    this.wss.close();
  }

  /**
   * The session moved to another host: tells every connection where (the
   * `moved` frame) and closes it with 4012; a socket that connects later (a
   * client that was reconnecting) is told the same at once.
   */
  moveAll(frame: MovedFrame): void {
    this.moved = frame;
    for (const conn of this.connections) this.sendMoved(conn);
  }

  private sendMoved(conn: HostConnection): void {
    if (!this.moved) return;
    conn.sendFrame(this.moved);
    conn.close(CLOSE_CODES.moved, 'session moved');
  }

  private accept(ws: WebSocket, req: http.IncomingMessage): void {
    const { limits } = this.deps;
    const conn = new HostConnection(
      ws,
      `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`,
      limits,
      (c, data, isBinary) => this.route(c, data, isBinary),
      (c) => this.deps.fanOut.markDirty(c),
      req.socket,
    );
    this.connections.add(conn);
    conn.authTimer = setTimeout(
      () => conn.fail('auth_timeout', `Sign in within ${Math.round(limits.authTimeoutMs / 1000)} s of connecting. Reconnect and send signin or resume.`),
      limits.authTimeoutMs,
    );
    ws.on('message', (data: Buffer, isBinary) => {
      conn.isAlive = true;
      conn.receive(data, isBinary);
    });
    ws.on('pong', () => {
      conn.isAlive = true;
    });
    ws.on('error', () => {
      // 'close' follows; frames over the limit (PRE_SIGNIN_MAX_FRAME_BYTES, then HARD_MAX_FRAME_BYTES) land here and close with 1009.
    });
    ws.on('close', () => this.closed(conn));
    if (this.moved) {
      this.sendMoved(conn);
      return;
    }
    conn.sendFrame({ type: 'welcome', session: this.deps.session });
  }

  private closed(conn: HostConnection): void {
    conn.dispose();
    this.connections.delete(conn);
    this.deps.fanOut.forget(conn);
    this.deps.freeze.forget(conn);
    if (conn.user) this.deps.onClosed(conn as SignedInConnection);
  }

  private route(conn: HostConnection, data: Buffer, isBinary: boolean): void {
    const parsed = parseClientFrame(data, isBinary);
    if (!parsed.ok) {
      const { code, message, re, field } = parsed.error;
      if (code === 'unsupported_version') conn.fail(code, message, re);
      else conn.sendError(code, message, { ...(re !== undefined && { re }), ...(field !== undefined && { field }) });
      return;
    }
    const frame = parsed.frame;
    // A hand-over is under way: writes wait (write-freeze.ts).
    if (this.deps.freeze.hold(conn, frame.type, () => this.route(conn, data, isBinary))) return;
    try {
      if (frame.type === 'ping') {
        conn.reply(frame.id, { now: Date.now() } satisfies ReplyData<'ping'>);
      } else if (frame.type === 'signin' || frame.type === 'resume') {
        this.signIn(conn, frame);
      } else if (!conn.user) {
        throw new RequestError('not_signed_in', 'Sign in first: send signin (name and password) or resume (token).');
      } else {
        const handler = this.deps.handlers[frame.type] as Handler<typeof frame.type>;
        handler(conn as SignedInConnection, frame);
      }
    } catch (error) {
      replyError(conn, frame.id, error, this.deps.log);
    }
  }

  private signIn(conn: HostConnection, frame: RequestFrame<'signin' | 'resume'>): void {
    if (conn.user) throw new RequestError('already_signed_in', 'This connection is signed in already. Open a new connection to sign in as someone else.');
    if (conn.signingIn) throw new RequestError('already_signed_in', 'A sign-in is already being checked on this connection; wait for its answer.');
    conn.signingIn = true;
    const { signIn } = this.deps;
    const attempt = frame.type === 'signin' ? signIn.withPassword(conn, frame) : signIn.withToken(conn, frame);
    attempt
      .catch((error: unknown) => replyError(conn, frame.id, error, this.deps.log))
      .finally(() => {
        conn.signingIn = false;
      });
  }
}
