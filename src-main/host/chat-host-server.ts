// The session host: one Node http.Server on one port serving
//   /ws         the chat WebSocket (PROTOCOL.md),
//   /api/...    session info, file uploads and downloads (file-http-api.ts),
//   /           the built web client.
// Never imports electron: the desktop app runs it in-process, `npm run host`
// runs it headless, and the tests run it on port 0.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  AUTH_TIMEOUT_MS,
  DEFAULT_PORT,
  FILE_RETENTION_DAYS_DEFAULT,
  FILE_THUMBNAIL_MAX_CHARS,
  FILE_TYPE_MAX_CHARS,
  MAX_CONCURRENT_UPLOADS_PER_USER,
  MAX_FILE_BYTES_DEFAULT,
  MIN_FREE_DISK_BYTES,
  HARD_MAX_FRAME_BYTES,
  HEARTBEAT_INTERVAL_MS,
  HISTORY_PAGE_DEFAULT,
  MAX_BUFFERED_BYTES_PER_CONNECTION,
  MAX_MESSAGE_CHARS,
  MAX_SIGNIN_FAILURES_PER_CONNECTION,
  PASSCODE_MAX_CHARS,
  REACTIONS_MAX_PER_MESSAGE,
  REACTION_EMOJI_MAX_CHARS,
  SEARCH_PAGE_DEFAULT,
  PROTOCOL_VERSION,
  RATE_LIMIT_BURST,
  RATE_LIMIT_FRAMES_PER_SECOND,
  RATE_LIMIT_MAX_QUEUED_FRAMES,
  REPLAY_FRAME_EVENTS,
  REPLAY_MAX_EVENTS,
  SEARCH_INDEX_INTERVAL_MS,
  SESSION_NAME_MAX_CHARS,
} from '../../src-shared/limits.js';
import {
  channelKey,
  GENERAL_CHANNEL_ID,
  parseConversationKey,
  type ConversationKey,
} from '../../src-shared/protocol/conversations.js';
import { ERROR_CODES, type ErrorCode } from '../../src-shared/protocol/error-codes.js';
import type {
  ChannelInfo,
  ChatEvent,
  FileInfo,
  Message,
  MessageChange,
  ReplyData,
  RequestFrame,
  SessionInfo,
  SignedIn,
  UserInfo,
} from '../../src-shared/protocol/frames.js';
import {
  cleanChannelName,
  userNameKey,
  validateChannelName,
  validatePassword,
  validateUserName,
} from '../../src-shared/names.js';
import { sanitizeFileName } from '../../src-shared/file-names.js';
import { isSingleEmoji } from '../../src-shared/emoji.js';
import { mentionsName } from '../../src-shared/mentions.js';
import { cleanMessageText } from '../../src-shared/message-text.js';
import { formatBytes } from './byte-sizes.js';
import { CommitBatcher } from './commit-batcher.js';
import { FileHttpApi } from './file-http-api.js';
import { startRetentionSweeper, sweepFiles as sweepStoredFiles, type SweepResult } from './file-retention.js';
import { FILE_ID_PATTERN, FileStore, newFileId } from './file-store.js';
import { issueOfferTicket, issueTicket, offerIdFromUrl, ticketSecret } from './file-tickets.js';
import { parseClientFrame } from './frame-parser.js';
import { HostConnection } from './host-connection.js';
import { hashPassword, newToken, tokenHash, verifyPassword } from './password-hashing.js';
import { SessionDatabase, type ChannelRow, type FileRow, type UserRow } from './session-database.js';
import { buildFtsQuery } from './search-query.js';
import { serveStatic } from './static-files.js';

export interface HostLimits {
  ratePerSecond: number;
  burst: number;
  maxQueuedFrames: number;
  maxBufferedBytes: number;
  heartbeatMs: number;
  authTimeoutMs: number;
}

export interface ChatHostOptions {
  /** Folder holding session.db (created if missing). */
  dataDir: string;
  /** TCP port; 0 picks any free port. Default DEFAULT_PORT. */
  port?: number;
  /** When the port is taken, try the next ones (up to 20). Default: true unless port is 0. */
  portFallback?: boolean;
  /** Address to bind. Default "::" (every interface, IPv4 too); tests use "127.0.0.1". */
  bindAddress?: string;
  /** Session name shown to joiners; remembered in the database. */
  sessionName?: string;
  /** When set, signing in with a password also needs this passcode. */
  passcode?: string;
  /** Folder with the built web client; null serves a placeholder page. */
  webRoot?: string | null;
  /** Serve the web client's source maps (`npm run host -- --dev`). Default false: they answer 404. */
  serveSourceMaps?: boolean;
  limits?: Partial<HostLimits>;
  /** Largest file relayed, in bytes. Default MAX_FILE_BYTES_DEFAULT (4 GiB). */
  maxFileBytes?: number;
  /** Days a relayed file is kept. Default FILE_RETENTION_DAYS_DEFAULT. */
  fileRetentionDays?: number;
  /** Free disk space an upload must leave. Default MIN_FREE_DISK_BYTES (tests set it to simulate a full disk). */
  minFreeDiskBytes?: number;
  log?: (line: string) => void;
}

const THUMBNAIL_PATTERN = /^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/=]+$/;
const MIME_PATTERN = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;
const DAY_MS = 24 * 60 * 60 * 1000;

class RequestError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

interface ChannelState {
  row: ChannelRow;
  members: Set<number>;
}

interface UserState extends UserRow {
  connections: Set<HostConnection>;
}

type Handler<T extends RequestFrame['type']> = (
  conn: HostConnection & { user: { id: number; name: string } },
  frame: Extract<RequestFrame, { type: T }>,
) => void;

const codePoints = (s: string) => [...s].length;

/** A message's text or a file's caption (which may be empty), cleaned (cleanMessageText) and checked against the length rules. */
function checkedText(raw: string, what: 'message' | 'caption'): string {
  const text = cleanMessageText(raw);
  if (text.length === 0 && what === 'message') throw new RequestError('text_empty', 'Type something before sending.', 'text');
  const length = codePoints(text);
  if (length > MAX_MESSAGE_CHARS) {
    const hint = what === 'message' ? 'Split it, or send it as a file.' : 'Shorten it.';
    throw new RequestError('text_too_long', `A ${what} can be at most ${MAX_MESSAGE_CHARS} characters; this one has ${length}. ${hint}`, 'text');
  }
  return text;
}

export class ChatHost {
  private readonly options: Required<Omit<ChatHostOptions, 'passcode' | 'sessionName' | 'limits'>> & {
    passcode: string | undefined;
  };
  readonly limits: HostLimits;
  private db!: SessionDatabase;
  private batcher!: CommitBatcher;
  private store!: FileStore;
  private fileApi!: FileHttpApi;
  private ticketKey!: Buffer;
  private stopSweeper: (() => void) | null = null;
  /** file.complete in progress per file id (a second one waits for the first). */
  private readonly completing = new Map<string, Promise<unknown>>();
  private server: http.Server | null = null;
  private wss: WebSocketServer | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private searchIndexer: NodeJS.Timeout | null = null;
  private readonly connections = new Set<HostConnection>();
  private readonly dirty = new Set<HostConnection>();
  private flushScheduled = false;

  private seq = 0;
  private seqAtBatchStart = 0;
  private readonly users = new Map<number, UserState>();
  private readonly usersByKey = new Map<string, number>();
  private readonly channels = new Map<number, ChannelState>();
  private readonly channelsByName = new Map<string, number>();
  private session!: SessionInfo;
  private stopping = false;
  private _port = 0;

  constructor(options: ChatHostOptions) {
    if (!options || typeof options.dataDir !== 'string' || options.dataDir.length === 0) {
      throw new TypeError('ChatHost needs options.dataDir, the folder for the session database');
    }
    const port = options.port ?? DEFAULT_PORT;
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError(`port must be 0–65535, got ${port}`);
    if (options.portFallback === true && port === 0) {
      throw new TypeError('portFallback makes no sense with port 0 (any free port is taken already)');
    }
    if (options.passcode !== undefined && (options.passcode.length === 0 || options.passcode.length > PASSCODE_MAX_CHARS)) {
      throw new TypeError(`passcode must be 1–${PASSCODE_MAX_CHARS} characters, or left out for an open session`);
    }
    if (options.sessionName !== undefined && (options.sessionName.trim().length === 0 || codePoints(options.sessionName) > SESSION_NAME_MAX_CHARS)) {
      throw new TypeError(`sessionName must be 1–${SESSION_NAME_MAX_CHARS} characters`);
    }
    this.limits = {
      ratePerSecond: RATE_LIMIT_FRAMES_PER_SECOND,
      burst: RATE_LIMIT_BURST,
      maxQueuedFrames: RATE_LIMIT_MAX_QUEUED_FRAMES,
      maxBufferedBytes: MAX_BUFFERED_BYTES_PER_CONNECTION,
      heartbeatMs: HEARTBEAT_INTERVAL_MS,
      authTimeoutMs: AUTH_TIMEOUT_MS,
      ...options.limits,
    };
    for (const [key, value] of Object.entries(this.limits)) {
      if (!(typeof value === 'number' && value > 0)) throw new TypeError(`limits.${key} must be a positive number`);
    }
    const maxFileBytes = options.maxFileBytes ?? MAX_FILE_BYTES_DEFAULT;
    if (!Number.isSafeInteger(maxFileBytes) || maxFileBytes <= 0) throw new TypeError(`maxFileBytes must be a positive whole number of bytes, got ${maxFileBytes}`);
    const fileRetentionDays = options.fileRetentionDays ?? FILE_RETENTION_DAYS_DEFAULT;
    if (!(typeof fileRetentionDays === 'number' && Number.isFinite(fileRetentionDays) && fileRetentionDays > 0)) {
      throw new TypeError(`fileRetentionDays must be a positive number of days, got ${fileRetentionDays}`);
    }
    const minFreeDiskBytes = options.minFreeDiskBytes ?? MIN_FREE_DISK_BYTES;
    if (!Number.isSafeInteger(minFreeDiskBytes) || minFreeDiskBytes < 0) throw new TypeError(`minFreeDiskBytes must be a whole number of bytes ≥ 0, got ${minFreeDiskBytes}`);
    this.options = {
      maxFileBytes,
      fileRetentionDays,
      minFreeDiskBytes,
      dataDir: options.dataDir,
      port,
      portFallback: options.portFallback ?? port !== 0,
      bindAddress: options.bindAddress ?? '::',
      webRoot: options.webRoot ?? null,
      serveSourceMaps: options.serveSourceMaps ?? false,
      passcode: options.passcode,
      log: options.log ?? (() => {}),
    };
    this.pendingSessionName = options.sessionName?.trim();
  }

  private readonly pendingSessionName: string | undefined;

  get port(): number {
    return this._port;
  }

  get sessionInfo(): SessionInfo {
    return this.session;
  }

  get dataFile(): string {
    return path.join(this.options.dataDir, 'session.db');
  }

  // ------------------------------------------------------------------ lifecycle

  async start(): Promise<{ port: number }> {
    fs.mkdirSync(this.options.dataDir, { recursive: true });
    this.db = new SessionDatabase(this.dataFile);
    this.loadState();
    this.store = new FileStore(this.options.dataDir);
    this.ticketKey = ticketSecret(this.db);
    this.fileApi = new FileHttpApi({
      db: this.db,
      store: this.store,
      ticketSecret: this.ticketKey,
      isMember: (userId, conv) => this.mayRead(userId, conv),
      log: this.options.log,
    });
    this.batcher = new CommitBatcher(this.db.db, {
      onBatchStart: () => {
        this.seqAtBatchStart = this.seq;
      },
      onBatchFailed: () => {
        this.seq = this.seqAtBatchStart;
      },
      onFlushed: () => this.flushOutgoing(),
    });

    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: HARD_MAX_FRAME_BYTES,
      perMessageDeflate: false,
      clientTracking: false,
    });
    this.server = http.createServer((req, res) => this.handleHttp(req, res));
    this.server.on('upgrade', (req, socket, head) => this.handleUpgrade(req, socket, head));
    this._port = await this.listen();
    this.heartbeat = setInterval(() => this.beat(), this.limits.heartbeatMs);
    this.heartbeat.unref();
    this.searchIndexer = setInterval(() => this.indexForSearch(), SEARCH_INDEX_INTERVAL_MS);
    this.searchIndexer.unref();
    this.stopSweeper = startRetentionSweeper(() => this.sweepFiles(), this.options.log);
    return { port: this._port };
  }

  /** Adds new messages to the search index in one bulk step (see SessionDatabase.indexPending). */
  private indexForSearch(): void {
    try {
      this.db?.indexPending();
    } catch (error) {
      this.options.log(`search indexing failed (retried in ${SEARCH_INDEX_INTERVAL_MS} ms): ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private loadState(): void {
    let sessionId = this.db.getMeta('session_id');
    if (!sessionId) {
      sessionId = randomUUID();
      this.db.setMeta('session_id', sessionId);
    }
    if (this.pendingSessionName) this.db.setMeta('session_name', this.pendingSessionName);
    const name = this.db.getMeta('session_name') ?? `${os.hostname()}’s session`;
    this.session = { id: sessionId, name, passcodeRequired: this.options.passcode !== undefined, protocol: PROTOCOL_VERSION };

    this.seq = this.db.maxSeq();
    if (!this.db.allChannels().some((c) => c.id === GENERAL_CHANNEL_ID)) {
      this.db.ensureGeneral(++this.seq);
    }
    for (const user of this.db.allUsers()) {
      this.users.set(user.id, { ...user, connections: new Set() });
      this.usersByKey.set(user.nameKey, user.id);
    }
    for (const row of this.db.allChannels()) {
      this.channels.set(row.id, { row, members: new Set() });
      this.channelsByName.set(row.name, row.id);
    }
    for (const { channelId, userId } of this.db.allMemberships()) this.channels.get(channelId)?.members.add(userId);
  }

  private listen(): Promise<number> {
    const server = this.server!;
    const tryListen = (port: number, address: string, attemptsLeft: number): Promise<number> =>
      new Promise((resolve, reject) => {
        const onError = (error: NodeJS.ErrnoException) => {
          server.off('listening', onListening);
          if (error.code === 'EADDRINUSE' && this.options.portFallback && attemptsLeft > 0 && port !== 0) {
            resolve(tryListen(port + 1, address, attemptsLeft - 1));
          } else if ((error.code === 'EAFNOSUPPORT' || error.code === 'EADDRNOTAVAIL') && address === '::') {
            resolve(tryListen(port, '0.0.0.0', attemptsLeft));
          } else if (error.code === 'EADDRINUSE') {
            reject(new Error(`Port ${port} is taken by another program. Pick another with --port, or stop that program.`));
          } else {
            reject(error);
          }
        };
        const onListening = () => {
          server.off('error', onError);
          resolve((server.address() as AddressInfo).port);
        };
        server.once('error', onError);
        server.once('listening', onListening);
        server.listen(port, address);
      });
    return tryListen(this.options.port, this.options.bindAddress, 20);
  }

  /** Closes every socket (1001), commits what is queued, closes the database. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.searchIndexer) clearInterval(this.searchIndexer);
    this.stopSweeper?.();
    const closing: Promise<void>[] = [];
    for (const conn of this.connections) {
      closing.push(new Promise((resolve) => conn.ws.once('close', () => resolve())));
      conn.fail('shutting_down', 'The host is shutting down. The app reconnects by itself when it is back.');
    }
    const serverClosed = new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections?.();
    await Promise.race([Promise.all(closing), new Promise((resolve) => setTimeout(resolve, 2000))]);
    for (const conn of this.connections) conn.ws.terminate();
    this.batcher?.flush();
    for (const user of this.users.values()) {
      if (user.connections.size > 0) this.persistDelivered(user);
    }
    this.indexForSearch();
    this.wss?.close();
    await serverClosed;
    this.db?.close();
  }

  // ------------------------------------------------------------------ HTTP

  private handleHttp(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = req.url ?? '/';
    if (this.fileApi.handle(req, res)) return;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { 'content-type': 'text/plain; charset=utf-8', allow: 'GET, HEAD' }).end('Only GET and HEAD here.');
      return;
    }
    if (url === '/api/session') {
      const body = JSON.stringify({ ...this.session, online: this.onlineCount() });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(body);
      return;
    }
    if (url === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('ok');
      return;
    }
    if (url.startsWith('/api/')) {
      res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ error: 'No such API.' }));
      return;
    }
    serveStatic(this.options.webRoot, req, res, { serveSourceMaps: this.options.serveSourceMaps });
  }

  private handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const pathname = (req.url ?? '').split('?')[0];
    if (pathname !== '/ws' || this.stopping) {
      socket.end(`HTTP/1.1 ${this.stopping ? '503 Service Unavailable' : '404 Not Found'}\r\nConnection: close\r\n\r\n`);
      return;
    }
    this.wss!.handleUpgrade(req, socket, head, (ws) => this.handleSocket(ws, req));
  }

  // ------------------------------------------------------------------ sockets

  private handleSocket(ws: WebSocket, req: http.IncomingMessage): void {
    const conn = new HostConnection(
      ws,
      `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`,
      this.limits,
      (c, data, isBinary) => this.handleFrame(c, data, isBinary),
      (c) => this.markDirty(c),
    );
    this.connections.add(conn);
    conn.authTimer = setTimeout(
      () => conn.fail('auth_timeout', `Sign in within ${Math.round(this.limits.authTimeoutMs / 1000)} s of connecting. Reconnect and send signin or resume.`),
      this.limits.authTimeoutMs,
    );
    ws.on('message', (data: Buffer, isBinary) => {
      conn.isAlive = true;
      conn.receive(data, isBinary);
    });
    ws.on('pong', () => {
      conn.isAlive = true;
    });
    ws.on('error', () => {
      // 'close' follows; oversize frames (over HARD_MAX_FRAME_BYTES) land here and close with 1009.
    });
    ws.on('close', () => this.handleClose(conn));
    conn.sendFrame({ type: 'welcome', session: this.session });
  }

  private handleClose(conn: HostConnection): void {
    conn.dispose();
    this.connections.delete(conn);
    this.dirty.delete(conn);
    const user = conn.user ? this.users.get(conn.user.id) : undefined;
    if (!user || !user.connections.delete(conn)) return;
    if (user.connections.size === 0) {
      this.persistDelivered(user);
      if (!this.stopping) this.broadcastPresence(user, false);
    }
  }

  private beat(): void {
    for (const conn of this.connections) {
      if (!conn.isAlive) {
        conn.dispose();
        conn.ws.terminate();
        continue;
      }
      conn.isAlive = false;
      try {
        conn.ws.ping();
      } catch {
        // socket already closing
      }
    }
  }

  private handleFrame(conn: HostConnection, data: Buffer, isBinary: boolean): void {
    const parsed = parseClientFrame(data, isBinary);
    if (!parsed.ok) {
      const { code, message, re, field } = parsed.error;
      if (code === 'unsupported_version') conn.fail(code, message, re);
      else conn.sendError(code, message, { ...(re !== undefined && { re }), ...(field !== undefined && { field }) });
      return;
    }
    const frame = parsed.frame;
    try {
      if (frame.type === 'ping') {
        conn.reply(frame.id, { now: Date.now() } satisfies ReplyData<'ping'>);
        return;
      }
      if (frame.type === 'signin' || frame.type === 'resume') {
        if (conn.user) throw new RequestError('already_signed_in', 'This connection is signed in already. Open a new connection to sign in as someone else.');
        if (conn.signingIn) throw new RequestError('already_signed_in', 'A sign-in is already being checked on this connection; wait for its answer.');
        conn.signingIn = true;
        const attempt = frame.type === 'signin' ? this.signIn(conn, frame) : this.resume(conn, frame);
        attempt
          .catch((error: unknown) => this.replyError(conn, frame.id, error))
          .finally(() => {
            conn.signingIn = false;
          });
        return;
      }
      if (!conn.user) throw new RequestError('not_signed_in', 'Sign in first: send signin (name and password) or resume (token).');
      const handler = this.handlers[frame.type] as Handler<typeof frame.type>;
      handler(conn as HostConnection & { user: { id: number; name: string } }, frame);
    } catch (error) {
      this.replyError(conn, frame.id, error);
    }
  }

  private replyError(conn: HostConnection, re: string, error: unknown): void {
    if (error instanceof RequestError) {
      if (ERROR_CODES[error.code].fatal) return conn.fail(error.code, error.message, re);
      conn.sendError(error.code, error.message, { re, ...(error.field !== undefined && { field: error.field }) });
      if (error.code === 'wrong_password' || error.code === 'passcode_wrong' || error.code === 'token_invalid') {
        if (++conn.signInFailures >= MAX_SIGNIN_FAILURES_PER_CONNECTION) {
          conn.fail('too_many_attempts', `${MAX_SIGNIN_FAILURES_PER_CONNECTION} failed sign-ins on one connection; it is closed. Check the name and password and reconnect.`);
        }
      }
      return;
    }
    this.options.log(`request ${re} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    conn.sendError('server_error', 'The host could not do that (it logged why). Nothing was changed; try again.', { re });
  }

  // ------------------------------------------------------------------ sign-in

  private async signIn(conn: HostConnection, frame: RequestFrame<'signin'>): Promise<void> {
    const passcode = this.options.passcode;
    if (passcode !== undefined) {
      if (!frame.passcode) throw new RequestError('passcode_required', 'This session needs a passcode — ask whoever hosts it.', 'passcode');
      if (frame.passcode !== passcode) throw new RequestError('passcode_wrong', 'That passcode is wrong — check it with whoever hosts the session.', 'passcode');
    }
    const nameCheck = validateUserName(frame.name);
    if (!nameCheck.ok) throw new RequestError('name_invalid', nameCheck.message, 'name');
    const name = nameCheck.value;
    const key = userNameKey(name);
    const mode = frame.mode ?? 'auto';

    let user = this.userByKey(key);
    if (!user) {
      if (mode === 'login') throw new RequestError('unknown_name', `Nobody called “${name}” has signed in here yet. Check the spelling, or create the name.`, 'name');
      const passwordCheck = validatePassword(frame.password);
      if (!passwordCheck.ok) throw new RequestError('password_invalid', passwordCheck.message, 'password');
      const hash = await hashPassword(frame.password);
      user = this.userByKey(key); // someone may have claimed it while we hashed
      if (!user) {
        user = await this.createUser(name, key, hash);
        await this.completeSignIn(conn, frame.id, user, frame.after, true);
        return;
      }
    }
    if (mode === 'register') {
      throw new RequestError('name_taken', `“${user.name}” is taken — pick another name, or sign in with its password.`, 'name');
    }
    if (!(await verifyPassword(frame.password, user.passwordHash))) {
      throw new RequestError('wrong_password', `Wrong password for “${user.name}”. If that name isn't yours, pick another — it is taken.`, 'password');
    }
    this.refuseRemoved(user);
    await this.completeSignIn(conn, frame.id, user, frame.after, true);
  }

  private async resume(conn: HostConnection, frame: RequestFrame<'resume'>): Promise<void> {
    const userId = this.db.userIdForToken(tokenHash(frame.token));
    const user = userId === undefined ? undefined : this.users.get(userId);
    if (!user) throw new RequestError('token_invalid', 'That saved sign-in is no longer valid — sign in with your name and password.', 'token');
    this.refuseRemoved(user);
    await this.completeSignIn(conn, frame.id, user, frame.after, false, frame.token);
  }

  private refuseRemoved(user: UserState): void {
    if (user.removed) throw new RequestError('account_removed', `An admin removed “${user.name}” from this session. Ask an admin to let you back in.`);
  }

  private userByKey(key: string): UserState | undefined {
    const id = this.usersByKey.get(key);
    return id === undefined ? undefined : this.users.get(id);
  }

  /** Claims a name. The first account of a session is its admin. Joins #general. */
  private async createUser(name: string, key: string, passwordHash: string): Promise<UserState> {
    const row = this.db.insertUser(name, key, passwordHash, this.users.size === 0, this.seq);
    const user: UserState = { ...row, connections: new Set() };
    this.users.set(user.id, user);
    this.usersByKey.set(key, user.id);
    await new Promise<void>((resolve, reject) =>
      this.batcher.run(
        () => {
          this.db.addMember(GENERAL_CHANNEL_ID, user.id);
          return this.writeMessage(channelKey(GENERAL_CHANNEL_ID), user, 'join', '', null);
        },
        (result) => {
          if (!result.ok) return reject(result.error);
          this.channels.get(GENERAL_CHANNEL_ID)!.members.add(user.id);
          this.fanOutMessage(result.value);
          resolve();
        },
      ),
    );
    return user;
  }

  /**
   * Sends the snapshot, replays what the user missed and registers the
   * connection for live events — in one synchronous step, so that no event
   * falls between the replay and the live stream, and none is sent twice.
   */
  private async completeSignIn(conn: HostConnection, re: string, user: UserState, after: number | undefined, issueToken: boolean, token?: string): Promise<void> {
    if (conn.closed) return;
    let resumeToken = token;
    if (issueToken || !resumeToken) {
      resumeToken = newToken();
      this.db.insertToken(tokenHash(resumeToken), user.id);
    }
    // Without `after`, replay from what this user's devices last received (so a
    // DM sent while they were away arrives now).
    const from = Math.min(after ?? user.deliveredSeq, this.seq);
    const missed = this.db.replay(user.id, from, REPLAY_MAX_EVENTS + 1);
    const resync = missed.length > REPLAY_MAX_EVENTS;
    const replay = resync ? [] : missed;

    if (conn.authTimer) clearTimeout(conn.authTimer);
    conn.authTimer = null;
    conn.user = { id: user.id, name: user.name };
    conn.tokenHash = tokenHash(resumeToken);
    conn.signInFailures = 0;
    const cameOnline = user.connections.size === 0;
    user.connections.add(conn);
    const dms = this.db.dmsOf(user.id).map((dm) => ({ conv: dm.conv, peer: dm.userA === user.id ? dm.userB : dm.userA, lastSeq: dm.lastSeq }));
    const joined = [...this.channels.values()].filter((c) => c.members.has(user.id)).map((c) => ({ conv: channelKey(c.row.id) }));

    const signedIn: SignedIn = {
      user: { id: user.id, name: user.name, isAdmin: user.isAdmin },
      token: resumeToken,
      session: this.session,
      lastSeq: this.seq,
      resync,
      replayCount: replay.length,
      channels: this.channelList(user.id),
      users: this.userList(),
      dms,
      convStates: this.db.convStates(user.id, [...joined, ...dms]),
    };
    conn.reply(re, signedIn);
    for (let i = 0; i < replay.length; i += REPLAY_FRAME_EVENTS) {
      conn.sendFrame({ type: 'events', events: replay.slice(i, i + REPLAY_FRAME_EVENTS), replay: true });
    }
    conn.lastSeq = this.seq;
    if (this.seq > user.deliveredSeq) user.deliveredSeq = this.seq;
    if (cameOnline) this.broadcastPresence(user, true);
  }

  private persistDelivered(user: UserState): void {
    try {
      this.db.setDeliveredSeq(user.id, user.deliveredSeq);
    } catch (error) {
      this.options.log(`could not save delivery position of user ${user.id}: ${String(error)}`);
    }
  }

  // ------------------------------------------------------------------ requests

  private readonly handlers: { [T in Exclude<RequestFrame['type'], 'signin' | 'resume' | 'ping'>]: Handler<T> } = {
    send: (conn, frame) => {
      const text = checkedText(frame.text, 'message');
      const recipients = this.requireAccess(conn.user.id, frame.conv);
      const sender = this.users.get(conn.user.id)!;
      this.batcher.run(
        () => {
          const existing = this.db.messageByClientId(sender.id, frame.clientMsgId);
          if (existing) return { message: existing, duplicate: true };
          if (frame.replyTo !== undefined) {
            const original = this.db.messageBySeq(frame.replyTo);
            if (!original || original.conv !== frame.conv) {
              throw new RequestError('message_not_found', 'The message you reply to is not in this conversation; pick another.', 'replyTo');
            }
            if (original.deleted) throw new RequestError('message_deleted', 'The message you reply to was deleted; send without the reply.', 'replyTo');
          }
          const message = this.writeMessage(frame.conv, sender, 'text', text, frame.clientMsgId, undefined, frame.replyTo);
          return { message, duplicate: false };
        },
        (result) => {
          if (!result.ok) return this.replyError(conn, frame.id, result.error);
          conn.reply(frame.id, result.value satisfies ReplyData<'send'>);
          if (result.value.duplicate) return;
          this.fanOut({ seq: result.value.message.seq, type: 'message', message: result.value.message }, recipients());
        },
      );
    },

    history: (conn, frame) => {
      this.requireAccess(conn.user.id, frame.conv);
      const limit = frame.limit ?? HISTORY_PAGE_DEFAULT;
      const { conv, before, after, around } = frame;
      if ([before, after, around].filter((x) => x !== undefined).length > 1) {
        throw new RequestError('invalid_field', 'Send at most one of before, after and around.', 'before');
      }
      const older = (seq: number, count: number) => {
        const rows = this.db.history(conv, seq, count + 1);
        return { rows: rows.length > count ? rows.slice(1) : rows, more: rows.length > count };
      };
      const newer = (seq: number, count: number) => {
        const rows = this.db.historyAfter(conv, seq, count + 1);
        return { rows: rows.slice(0, count), more: rows.length > count };
      };
      let reply: ReplyData<'history'>;
      if (after !== undefined) {
        const page = newer(after, limit);
        const first = page.rows[0]?.seq ?? after + 1;
        reply = { conv, messages: page.rows, hasMore: this.db.hasOlder(conv, first), hasNewer: page.more };
      } else if (around !== undefined) {
        const target = this.db.messageBySeq(around);
        if (!target || target.conv !== conv) throw new RequestError('message_not_found', `There is no message ${around} in this conversation.`, 'around');
        const olderCount = Math.floor((limit - 1) / 2);
        const before = older(around, olderCount);
        const later = newer(around, limit - 1 - olderCount);
        reply = { conv, messages: [...before.rows, target, ...later.rows], hasMore: before.more, hasNewer: later.more };
      } else {
        const page = older(before ?? this.seq + 1, limit);
        reply = { conv, messages: page.rows, hasMore: page.more, hasNewer: false };
      }
      conn.reply(frame.id, reply);
    },

    'message.edit': (conn, frame) => {
      const user = this.users.get(conn.user.id)!;
      this.changeMessage(conn, frame, (message) => {
        if (message.from !== user.id) throw new RequestError('not_allowed', 'You can only edit your own messages.', 'seq');
        if (message.kind !== 'text' && message.kind !== 'file') throw new RequestError('not_allowed', 'Join and leave notices cannot be edited.', 'seq');
        if (message.deleted) throw new RequestError('message_deleted', 'That message was deleted; there is nothing to edit.', 'seq');
        const text = checkedText(frame.text, message.kind === 'file' ? 'caption' : 'message');
        if (text === message.text) return null;
        const change: MessageChange = { kind: 'edit', by: { id: user.id, name: user.name } };
        this.db.editMessage(message, text, this.mentionsIn(message.conv, user.id, text), ++this.seq, change);
        return change;
      });
    },

    'message.delete': (conn, frame) => {
      const user = this.users.get(conn.user.id)!;
      this.changeMessage(
        conn,
        frame,
        (message) => {
          if (message.from !== user.id && !user.isAdmin) throw new RequestError('not_allowed', 'You can only delete your own messages (admins can delete any).', 'seq');
          if (message.deleted) return null;
          const change: MessageChange = { kind: 'delete', by: { id: user.id, name: user.name } };
          this.db.deleteMessage(message, user.id, ++this.seq, change);
          return change;
        },
        (before) => {
          if (before.file) this.store.remove(before.file.id).catch((error: unknown) => this.options.log(`could not delete file ${before.file!.id}: ${String(error)}`));
        },
      );
    },

    react: (conn, frame) => {
      if (!isSingleEmoji(frame.emoji)) {
        throw new RequestError('reaction_invalid', `React with one emoji (at most ${REACTION_EMOJI_MAX_CHARS} UTF-16 units), not text.`, 'emoji');
      }
      const user = this.users.get(conn.user.id)!;
      this.changeMessage(conn, frame, (message) => {
        if (message.deleted) throw new RequestError('message_deleted', 'That message was deleted; it takes no reactions.', 'seq');
        if (message.kind !== 'text' && message.kind !== 'file') throw new RequestError('not_allowed', 'Join and leave notices take no reactions.', 'seq');
        if (frame.on && this.db.reactionWouldExceed(message.seq, frame.emoji, REACTIONS_MAX_PER_MESSAGE)) {
          throw new RequestError('too_many_reactions', `A message holds at most ${REACTIONS_MAX_PER_MESSAGE} different emoji; add yours to one already there.`, 'emoji');
        }
        const change: MessageChange = { kind: 'reaction', by: { id: user.id, name: user.name }, emoji: frame.emoji, added: frame.on };
        if (!this.db.setReaction(message.seq, frame.emoji, user.id, frame.on, this.seq + 1, change)) return null;
        this.seq++;
        return change;
      });
    },

    search: (conn, frame) => {
      const query = buildFtsQuery(frame.query);
      if (!query.ok) throw new RequestError('query_invalid', query.message, 'query');
      if (frame.conv !== undefined) this.requireAccess(conn.user.id, frame.conv);
      const result = this.db.search(conn.user.id, query.match, {
        ...(frame.conv !== undefined && { conv: frame.conv }),
        ...(frame.before !== undefined && { before: frame.before }),
        limit: frame.limit ?? SEARCH_PAGE_DEFAULT,
      });
      conn.reply(frame.id, result satisfies ReplyData<'search'>);
    },

    read: (conn, frame) => {
      this.requireAccess(conn.user.id, frame.conv);
      const userId = conn.user.id;
      this.batcher.run(
        () => {
          const before = this.db.readSeq(userId, frame.conv);
          return { before, now: this.db.markRead(userId, frame.conv, Math.min(frame.seq, this.seq)) };
        },
        (result) => {
          if (!result.ok) return this.replyError(conn, frame.id, result.error);
          const { before, now } = result.value;
          conn.reply(frame.id, { conv: frame.conv, seq: now } satisfies ReplyData<'read'>);
          if (now <= before) return;
          // The reader's other devices, and in a DM the other person ("Seen"); nobody else.
          const parsed = parseConversationKey(frame.conv);
          const notice = { type: 'read', conv: frame.conv, user: userId, seq: now };
          for (const id of parsed?.kind === 'dm' ? parsed.userIds : [userId]) {
            for (const other of this.users.get(id)?.connections ?? []) if (other !== conn) other.sendFrame(notice);
          }
        },
      );
    },

    mute: (conn, frame) => {
      this.requireAccess(conn.user.id, frame.conv);
      const userId = conn.user.id;
      this.batcher.run(
        () => this.db.setMuted(userId, frame.conv, frame.muted),
        (result) => {
          if (!result.ok) return this.replyError(conn, frame.id, result.error);
          conn.reply(frame.id, { conv: frame.conv, muted: frame.muted } satisfies ReplyData<'mute'>);
          const notice = { type: 'mute', conv: frame.conv, muted: frame.muted };
          for (const other of this.users.get(userId)?.connections ?? []) if (other !== conn) other.sendFrame(notice);
        },
      );
    },

    'user.remove': (conn, frame) => {
      const target = this.adminTarget(conn.user.id, frame.userId, 'remove yourself');
      this.batcher.run(
        () => this.db.setUserRemoved(target.id, frame.removed),
        (result) => {
          if (!result.ok) return this.replyError(conn, frame.id, result.error);
          target.removed = frame.removed;
          if (frame.removed) {
            for (const other of target.connections) other.fail('account_removed', 'An admin removed you from this session. Ask an admin to let you back in.');
          }
          this.publishUser(conn, frame.id, target);
        },
      );
    },

    'user.admin': (conn, frame) => {
      const target = this.adminTarget(conn.user.id, frame.userId, 'change your own admin rights');
      this.batcher.run(
        () => this.db.setUserAdmin(target.id, frame.admin),
        (result) => {
          if (!result.ok) return this.replyError(conn, frame.id, result.error);
          target.isAdmin = frame.admin;
          this.publishUser(conn, frame.id, target);
        },
      );
    },

    signout: (conn, frame) => {
      const hash = conn.tokenHash;
      this.batcher.run(
        () => {
          if (hash !== null) this.db.deleteToken(hash);
        },
        (result) => {
          if (!result.ok) return this.replyError(conn, frame.id, result.error);
          conn.reply(frame.id, {} satisfies ReplyData<'signout'>);
          conn.fail('signed_out', 'You signed out on this device. Sign in again to continue.');
        },
      );
    },

    'channel.create': (conn, frame) => {
      const check = validateChannelName(frame.name);
      if (!check.ok) throw new RequestError('channel_name_invalid', check.message, 'name');
      const name = check.value;
      if (this.channelsByName.has(name)) {
        throw new RequestError('channel_exists', `#${name} exists already — join it, or pick another name.`, 'name');
      }
      const topic = (frame.topic ?? '').trim();
      const creator = this.users.get(conn.user.id)!;
      this.batcher.run(
        () => {
          const row = this.db.insertChannel(name, topic, creator.id, ++this.seq);
          this.db.addMember(row.id, creator.id);
          const joined = this.writeMessage(channelKey(row.id), creator, 'join', '', null);
          return { row, joined };
        },
        (result) => {
          if (!result.ok) {
            const taken = String((result.error as Error)?.message ?? '').includes('UNIQUE');
            return this.replyError(conn, frame.id, taken ? new RequestError('channel_exists', `#${name} exists already — join it, or pick another name.`, 'name') : result.error);
          }
          const { row, joined } = result.value;
          this.channels.set(row.id, { row, members: new Set([creator.id]) });
          this.channelsByName.set(row.name, row.id);
          conn.reply(frame.id, { channel: this.channelInfo(row.id, creator.id) } satisfies ReplyData<'channel.create'>);
          const { joined: _joined, ...info } = this.channelInfo(row.id, creator.id);
          this.fanOut({ seq: row.createdSeq, type: 'channel.created', channel: info }, this.signedInUserIds());
          this.fanOutMessage(joined);
        },
      );
    },

    'channel.join': (conn, frame) => {
      const channel = this.findChannel(frame.channel);
      const user = this.users.get(conn.user.id)!;
      if (channel.members.has(user.id)) {
        conn.reply(frame.id, { channel: this.channelInfo(channel.row.id, user.id) } satisfies ReplyData<'channel.join'>);
        return;
      }
      this.batcher.run(
        () => {
          this.db.addMember(channel.row.id, user.id);
          return this.writeMessage(channelKey(channel.row.id), user, 'join', '', null);
        },
        (result) => {
          if (!result.ok) return this.replyError(conn, frame.id, result.error);
          channel.members.add(user.id);
          conn.reply(frame.id, { channel: this.channelInfo(channel.row.id, user.id) } satisfies ReplyData<'channel.join'>);
          this.fanOutMessage(result.value);
        },
      );
    },

    'channel.members': (conn, frame) => {
      const members = this.requireAccess(conn.user.id, channelKey(frame.channelId));
      conn.reply(frame.id, { channelId: frame.channelId, userIds: [...members()].sort((a, b) => a - b) } satisfies ReplyData<'channel.members'>);
    },

    'channel.leave': (conn, frame) => {
      const channel = this.channels.get(frame.channelId);
      if (!channel) throw new RequestError('channel_not_found', `There is no channel ${frame.channelId}. Ask for channel.list to see them.`, 'channelId');
      if (channel.row.id === GENERAL_CHANNEL_ID) throw new RequestError('cannot_leave_general', 'Everyone stays in #general so the whole session can be reached.', 'channelId');
      const user = this.users.get(conn.user.id)!;
      if (!channel.members.has(user.id)) throw new RequestError('not_a_member', `You are not in #${channel.row.name}.`, 'channelId');
      this.batcher.run(
        () => {
          const message = this.writeMessage(channelKey(channel.row.id), user, 'leave', '', null);
          this.db.removeMember(channel.row.id, user.id);
          return message;
        },
        (result) => {
          if (!result.ok) return this.replyError(conn, frame.id, result.error);
          conn.reply(frame.id, { channelId: channel.row.id } satisfies ReplyData<'channel.leave'>);
          this.fanOutMessage(result.value); // the leaver's devices see it too
          channel.members.delete(user.id);
        },
      );
    },

    'channel.list': (conn, frame) => {
      conn.reply(frame.id, { channels: this.channelList(conn.user.id) } satisfies ReplyData<'channel.list'>);
    },

    'users.list': (conn, frame) => {
      conn.reply(frame.id, { users: this.userList() } satisfies ReplyData<'users.list'>);
    },

    // Ephemeral: not stored, no seq; goes to the conversation's other members.
    typing: (conn, frame) => {
      const recipients = this.requireAccess(conn.user.id, frame.conv);
      const notice = { type: 'typing', conv: frame.conv, user: { id: conn.user.id, name: conn.user.name } };
      for (const userId of recipients()) {
        if (userId === conn.user.id) continue;
        for (const other of this.users.get(userId)?.connections ?? []) other.sendFrame(notice);
      }
      conn.reply(frame.id, {} satisfies ReplyData<'typing'>);
    },

    'file.begin': (conn, frame) => {
      this.requireAccess(conn.user.id, frame.conv);
      const clean = this.cleanFileFields(frame);
      this.beginUpload(conn.user.id, frame, clean).then(
        (reply) => conn.reply(frame.id, reply),
        (error: unknown) => this.replyError(conn, frame.id, error),
      );
    },

    'file.offer': (conn, frame) => {
      this.requireAccess(conn.user.id, frame.conv);
      const clean = this.cleanFileFields(frame);
      const offerIds = new Set(frame.offer.urls.map(offerIdFromUrl));
      if (offerIds.size !== 1 || offerIds.has(null)) {
        throw new RequestError('invalid_field', 'Every offer URL must end in /offers/<the same offer id>.', 'offer');
      }
      this.offerFile(conn.user.id, frame, clean).then(
        ({ message, duplicate }) => {
          conn.reply(frame.id, { message, duplicate } satisfies ReplyData<'file.offer'>);
          if (!duplicate) this.fanOutMessage(message);
        },
        (error: unknown) => this.replyError(conn, frame.id, error),
      );
    },

    'file.direct': (conn, frame) => {
      const row = FILE_ID_PATTERN.test(frame.fileId) ? this.db.fileById(frame.fileId) : undefined;
      // The same refusals as file.ticket: a non-member learns nothing about the file.
      if (!row) throw new RequestError('file_not_found', 'No such file.', 'fileId');
      this.requireAccess(conn.user.id, row.conv as ConversationKey);
      if (!row.offer || row.state === 'expired') {
        throw new RequestError('file_not_found', 'The sender does not offer this file directly; download it from the host.', 'fileId');
      }
      const { ticket, expiresAt } = issueOfferTicket(Buffer.from(row.offer.key, 'base64url'), offerIdFromUrl(row.offer.urls[0]!)!, conn.user.id);
      conn.reply(frame.id, { urls: row.offer.urls, ticket, expiresAt } satisfies ReplyData<'file.direct'>);
    },

    'file.complete': (conn, frame) => {
      this.completeUpload(conn.user.id, frame.fileId, frame.sha256).then(
        ({ message, duplicate }) => {
          conn.reply(frame.id, { message, duplicate } satisfies ReplyData<'file.complete'>);
          if (!duplicate) this.fanOutMessage(message);
        },
        (error: unknown) => this.replyError(conn, frame.id, error),
      );
    },

    'file.cancel': (conn, frame) => {
      const row = this.uploadOf(conn.user.id, frame.fileId);
      if (row.state === 'offered') {
        // The sender withdraws an offer whose relay copy is unfinished: its message stays, the file expires now.
        this.batcher
          .runAsync(() => this.db.markOfferExpired(row.id, Date.now()))
          .then(async (withdrawn) => {
            if (!withdrawn) throw new RequestError('file_not_found', 'That file was shared already; only unfinished uploads can be cancelled.', 'fileId');
            await this.store.remove(row.id);
          })
          .then(
            () => conn.reply(frame.id, { fileId: row.id } satisfies ReplyData<'file.cancel'>),
            (error: unknown) => this.replyError(conn, frame.id, error),
          );
        return;
      }
      if (row.state !== 'uploading') throw new RequestError('file_not_found', 'That file was shared already; only unfinished uploads can be cancelled.', 'fileId');
      this.batcher
        .runAsync(() => this.db.deleteFile(row.id))
        .then(() => this.store.remove(row.id))
        .then(
          () => conn.reply(frame.id, { fileId: row.id } satisfies ReplyData<'file.cancel'>),
          (error: unknown) => this.replyError(conn, frame.id, error),
        );
    },

    'file.ticket': (conn, frame) => {
      const row = FILE_ID_PATTERN.test(frame.fileId) ? this.db.fileById(frame.fileId) : undefined;
      if (!row) throw new RequestError('file_not_found', 'No such file.', 'fileId');
      this.requireAccess(conn.user.id, row.conv as ConversationKey);
      if (row.state !== 'complete' || row.expiresAt === null || row.expiresAt <= Date.now()) {
        throw new RequestError('file_not_found', 'The host no longer holds this file (it expired), or it is not fully uploaded yet.', 'fileId');
      }
      const { ticket, expiresAt } = issueTicket(this.ticketKey, row.id, conn.user.id);
      conn.reply(frame.id, { url: `/api/files/${row.id}?ticket=${ticket}`, expiresAt } satisfies ReplyData<'file.ticket'>);
    },
  };

  // ------------------------------------------------------------------ files

  /** file.begin / file.offer: size limit, MIME type, thumbnail, caption and name, checked and cleaned. */
  private cleanFileFields(frame: { size: number; mimeType?: string | undefined; thumbnail?: string | undefined; text?: string | undefined; name: string }): {
    name: string;
    type: string;
    thumbnail: string | null;
    caption: string;
  } {
      const max = this.options.maxFileBytes;
      if (frame.size > max) {
        throw new RequestError('file_too_large', `Files can be at most ${formatBytes(max)} in this session; this one is ${formatBytes(frame.size)}.`, 'size');
      }
      const declaredType = (frame.mimeType ?? '').trim().toLowerCase();
      const type = declaredType.length <= FILE_TYPE_MAX_CHARS && MIME_PATTERN.test(declaredType) ? declaredType : 'application/octet-stream';
      let thumbnail: string | null = null;
      if (frame.thumbnail !== undefined) {
        if (frame.thumbnail.length > FILE_THUMBNAIL_MAX_CHARS || !THUMBNAIL_PATTERN.test(frame.thumbnail)) {
          throw new RequestError('invalid_field', `thumbnail must be a data:image/(png|jpeg|webp);base64,… URL of at most ${FILE_THUMBNAIL_MAX_CHARS} characters.`, 'thumbnail');
        }
        thumbnail = frame.thumbnail;
      }
      const caption = checkedText(frame.text ?? '', 'caption');
      return { name: sanitizeFileName(frame.name), type, thumbnail, caption };
  }

  /** file.offer: stores the file row (state 'offered') and its message in one commit. */
  private async offerFile(
    userId: number,
    frame: RequestFrame<'file.offer'>,
    clean: { name: string; type: string; thumbnail: string | null; caption: string },
  ): Promise<{ message: Message; duplicate: boolean }> {
    const sender = this.users.get(userId)!;
    return this.batcher.runAsync(() => {
      const existing = this.db.fileByClientId(userId, frame.clientMsgId);
      if (existing) {
        const message = existing.messageSeq === null ? undefined : this.db.messageBySeq(existing.messageSeq);
        if (!message) throw new RequestError('invalid_field', 'That clientMsgId belongs to an upload that is not finished; complete it with file.complete.', 'clientMsgId');
        return { message, duplicate: true };
      }
      if (this.db.messageByClientId(userId, frame.clientMsgId)) {
        throw new RequestError('invalid_field', 'That clientMsgId was used for another message.', 'clientMsgId');
      }
      const id = newFileId();
      const file: FileInfo = { id, name: clean.name, size: frame.size, type: clean.type, sha256: frame.sha256, thumbnail: clean.thumbnail, expiresAt: null, direct: true };
      const message = this.writeMessage(frame.conv, sender, 'file', clean.caption, frame.clientMsgId, file);
      this.db.insertOffer({
        id,
        conv: frame.conv,
        uploaderId: userId,
        clientMsgId: frame.clientMsgId,
        ...clean,
        size: frame.size,
        sha256: frame.sha256,
        messageSeq: message.seq,
        offer: { urls: frame.offer.urls, key: frame.offer.key },
      });
      return { message, duplicate: false };
    });
  }

  private async beginUpload(
    userId: number,
    frame: RequestFrame<'file.begin'>,
    clean: { name: string; type: string; thumbnail: string | null; caption: string },
  ): Promise<ReplyData<'file.begin'>> {
    const existing = this.db.fileByClientId(userId, frame.clientMsgId);
    if (existing) return this.beginReply(existing, true);
    const free = await this.store.freeBytes();
    const reserve = this.options.minFreeDiskBytes;
    if (free - frame.size < reserve) {
      throw new RequestError(
        'disk_full',
        `The host has ${formatBytes(free)} free and keeps ${formatBytes(reserve)} in reserve, so it cannot take ${formatBytes(frame.size)}.`,
        'size',
      );
    }
    const { row, duplicate } = await this.batcher.runAsync(() => {
      const again = this.db.fileByClientId(userId, frame.clientMsgId);
      if (again) return { row: again, duplicate: true };
      if (this.db.uploadsInProgress(userId) >= MAX_CONCURRENT_UPLOADS_PER_USER) {
        throw new RequestError('too_many_transfers', `At most ${MAX_CONCURRENT_UPLOADS_PER_USER} uploads at once; finish or cancel one first.`);
      }
      const row = this.db.insertFile({
        id: newFileId(),
        conv: frame.conv,
        uploaderId: userId,
        clientMsgId: frame.clientMsgId,
        ...clean,
        size: frame.size,
      });
      return { row, duplicate: false };
    });
    return this.beginReply(row, duplicate);
  }

  private async beginReply(row: FileRow, duplicate: boolean): Promise<ReplyData<'file.begin'>> {
    const offset = row.state === 'uploading' || row.state === 'offered' ? await this.store.bytesHeld(row.id) : row.size;
    return { fileId: row.id, uploadUrl: `/api/uploads/${row.id}`, offset, duplicate };
  }

  /** The file `fileId` if `userId` uploaded it (else file_not_found: others learn nothing). */
  private uploadOf(userId: number, fileId: string): FileRow {
    const row = FILE_ID_PATTERN.test(fileId) ? this.db.fileById(fileId) : undefined;
    if (!row || row.uploaderId !== userId) throw new RequestError('file_not_found', 'You have no upload with that id.', 'fileId');
    return row;
  }

  private async completeUpload(userId: number, fileId: string, sha256: string): Promise<{ message: Message; duplicate: boolean }> {
    // One file.complete per file at a time: a second waits, then looks again.
    const inFlight = this.completing.get(fileId);
    if (inFlight) {
      await inFlight.catch(() => {});
      return this.completeUpload(userId, fileId, sha256);
    }
    const row = this.uploadOf(userId, fileId);
    if (row.state !== 'offered' && row.state !== 'uploading') {
      const message = row.messageSeq === null ? undefined : this.db.messageBySeq(row.messageSeq);
      if (!message) throw new RequestError('file_not_found', 'That file is gone.', 'fileId');
      return { message, duplicate: true };
    }
    // An offered file's relay copy: store it; its message exists already.
    const offered = row.state === 'offered';
    const work = offered ? this.storeOfferedCopy(row, sha256) : this.finishUpload(row, sha256);
    this.completing.set(fileId, work);
    try {
      return { message: await work, duplicate: offered };
    } finally {
      this.completing.delete(fileId);
    }
  }

  private async finishUpload(row: FileRow, sha256: string): Promise<Message> {
    const sender = this.users.get(row.uploaderId)!;
    this.requireAccess(sender.id, row.conv as ConversationKey);
    return this.completeCopy(
      row,
      sha256,
      async () => {
        await this.batcher.runAsync(() => this.db.deleteFile(row.id));
        await this.store.remove(row.id);
        throw new RequestError('checksum_mismatch', 'The file arrived damaged (its SHA-256 differs from what was sent); the host deleted it. Send it again.', 'sha256');
      },
      (digest) =>
        this.batcher.runAsync(() => {
          const expiresAt = Date.now() + Math.round(this.options.fileRetentionDays * DAY_MS);
          const file: FileInfo = { id: row.id, name: row.name, size: row.size, type: row.type, sha256: digest, thumbnail: row.thumbnail, expiresAt, direct: false };
          const message = this.writeMessage(row.conv as ConversationKey, sender, 'file', row.caption, row.clientMsgId, file);
          if (!this.db.completeFile(row.id, digest, expiresAt, message.seq)) throw new Error(`upload ${row.id} vanished while completing`);
          return message;
        }),
    );
  }

  /** file.complete on an offered file: checks size and hash, moves the copy into place, starts its retention. */
  private async storeOfferedCopy(row: FileRow, sha256: string): Promise<Message> {
    const message = row.messageSeq === null ? undefined : this.db.messageBySeq(row.messageSeq);
    if (!message) throw new RequestError('file_not_found', 'That file is gone.', 'fileId');
    return this.completeCopy(
      row,
      sha256,
      async () => {
        // The message stays (receivers can still fetch the file from the sender); only the copy goes.
        await this.store.remove(row.id);
        throw new RequestError('checksum_mismatch', 'The copy arrived damaged, or differs from the file offered (its SHA-256 does not match); the host deleted it. Send it again.', 'sha256');
      },
      async (digest) => {
        const stored = await this.batcher.runAsync(() => this.db.storeOffered(row.id, digest, Date.now() + Math.round(this.options.fileRetentionDays * DAY_MS)));
        if (!stored) {
          // Its message was deleted while the copy arrived (message.delete): drop the copy.
          await this.store.remove(row.id);
          throw new RequestError('file_not_found', 'That file’s message was deleted while its copy arrived; the host dropped the copy.', 'fileId');
        }
        return this.db.messageBySeq(row.messageSeq!) ?? message;
      },
    );
  }

  /**
   * What both completions share: one completion of a file at a time, every
   * byte there, the SHA-256 the sender gave (and, for an offer, the one it
   * offered) — else `rejectCopy` removes what must go and throws — then the
   * copy moves into place and `publish` records it; if that fails, the move
   * is undone.
   */
  private async completeCopy<T>(row: FileRow, sha256: string, rejectCopy: () => Promise<never>, publish: (digest: string) => Promise<T>): Promise<T> {
    if (this.store.busy.has(row.id)) throw new RequestError('upload_incomplete', 'Bytes of this file are still arriving; complete it when the upload has finished.', 'fileId');
    this.store.busy.add(row.id);
    try {
      const held = await this.store.bytesHeld(row.id);
      if (held < row.size) {
        throw new RequestError('upload_incomplete', `The host holds ${held} of ${row.size} bytes; send the rest first (HEAD ${`/api/uploads/${row.id}`} tells where to continue).`, 'fileId');
      }
      const digest = await this.store.digest(row.id);
      if (digest !== sha256.toLowerCase() || (row.sha256 !== null && digest !== row.sha256)) await rejectCopy();
      await this.store.finish(row.id);
      try {
        return await publish(digest);
      } catch (error) {
        await this.store.unfinish(row.id).catch(() => {});
        throw error;
      }
    } finally {
      this.store.busy.delete(row.id);
    }
  }

  /** Whether `userId` may read conversation `conv` (member of the channel, or part of the DM). */
  private mayRead(userId: number, conv: string): boolean {
    try {
      this.requireAccess(userId, conv as ConversationKey);
      return true;
    } catch {
      return false;
    }
  }

  /** Deletes expired files, stale uploads and expired offers' partial copies now (also runs at start and hourly). */
  sweepFiles(): Promise<SweepResult> {
    return sweepStoredFiles(this.db, this.store, Math.round(this.options.fileRetentionDays * DAY_MS));
  }

  /**
   * Checks that `userId` may use conversation `conv`; returns a function
   * giving the user ids its events go to (evaluated after commit).
   */
  private requireAccess(userId: number, conv: ConversationKey): () => Iterable<number> {
    const parsed = parseConversationKey(conv);
    if (!parsed) throw new RequestError('conversation_invalid', `“${conv}” is not a conversation. DM keys list the lower user id first: dm:3:7.`, 'conv');
    if (parsed.kind === 'channel') {
      const channel = this.channels.get(parsed.channelId);
      if (!channel) throw new RequestError('conversation_invalid', `There is no channel ${parsed.channelId}.`, 'conv');
      if (!channel.members.has(userId)) throw new RequestError('not_a_member', `Join #${channel.row.name} first.`, 'conv');
      return () => channel.members;
    }
    const [a, b] = parsed.userIds;
    if (a !== userId && b !== userId) throw new RequestError('conversation_invalid', 'You can only use direct messages you are part of.', 'conv');
    const peer = a === userId ? b : a;
    if (!this.users.has(peer)) throw new RequestError('user_not_found', `There is nobody with id ${peer} in this session.`, 'conv');
    return () => [a, b];
  }

  private findChannel(ref: number | string): ChannelState {
    if (typeof ref === 'number') {
      const channel = this.channels.get(ref);
      if (!channel) throw new RequestError('channel_not_found', `There is no channel ${ref}.`, 'channel');
      return channel;
    }
    const name = cleanChannelName(ref);
    const id = this.channelsByName.get(name);
    if (id === undefined) throw new RequestError('channel_not_found', `There is no #${name}. Create it, or pick one from the channel list.`, 'channel');
    return this.channels.get(id)!;
  }

  // ------------------------------------------------------------------ writes and fan-out

  /** Inserts a message with the next seq, working out whom it mentions. Runs inside a batch. */
  private writeMessage(
    conv: ConversationKey,
    sender: UserRow,
    kind: Message['kind'],
    text: string,
    clientMsgId: string | null,
    file?: FileInfo,
    replyTo?: number,
  ): Message {
    const seq = ++this.seq;
    const ts = Date.now();
    const mentions = kind === 'text' || kind === 'file' ? this.mentionsIn(conv, sender.id, text) : [];
    this.db.insertMessage({ seq, conv, senderId: sender.id, senderName: sender.name, clientMsgId, kind, text, ts, replyTo: replyTo ?? null, mentions });
    const parsed = parseConversationKey(conv);
    if (parsed?.kind === 'dm') this.db.touchDm(conv, parsed.userIds[0], parsed.userIds[1], seq);
    // A reply's quote is read back from the database (the original as it is now).
    if (replyTo !== undefined) return this.db.messageBySeq(seq)!;
    return { seq, conv, from: sender.id, fromName: sender.name, clientMsgId, kind, text, ts, ...(file && { file }), ...(mentions.length > 0 && { mentions }) };
  }

  /**
   * Who `text` notifies (PROTOCOL.md, "Mentions"): in a channel each member
   * named, and for @here every member online now; in a DM the other person
   * when named. Never the sender.
   */
  private mentionsIn(conv: string, senderId: number, text: string): number[] {
    if (!text.includes('@')) return [];
    const parsed = parseConversationKey(conv);
    const here = parsed?.kind === 'channel' && mentionsName(text, 'here');
    const mentioned: number[] = [];
    for (const userId of this.membersOf(conv)) {
      const user = this.users.get(userId);
      if (!user || userId === senderId) continue;
      if ((here && user.connections.size > 0) || mentionsName(text, user.name)) mentioned.push(userId);
    }
    return mentioned.sort((a, b) => a - b);
  }

  /** Who receives a conversation's events: its channel's members, or the DM's two people. */
  private membersOf(conv: string): Iterable<number> {
    const parsed = parseConversationKey(conv);
    if (!parsed) return [];
    return parsed.kind === 'channel' ? this.channels.get(parsed.channelId)?.members ?? [] : parsed.userIds;
  }

  private fanOutMessage(message: Message): void {
    this.fanOut({ seq: message.seq, type: 'message', message }, this.membersOf(message.conv));
  }

  /**
   * message.edit / message.delete / react: finds message `frame.seq` (one the
   * user may read) inside a batch and lets `apply` change it. `apply` returns
   * the change (having taken the next seq as the change's own), or null when
   * nothing changed: then the reply carries the message and no event goes out.
   * `afterCommit` gets the message as it was before.
   */
  private changeMessage(
    conn: HostConnection & { user: { id: number } },
    frame: { id: string; seq: number },
    apply: (message: Message) => MessageChange | null,
    afterCommit?: (before: Message) => void,
  ): void {
    this.batcher.run(
      () => {
        const before = this.db.messageBySeq(frame.seq);
        if (!before || !this.mayRead(conn.user.id, before.conv)) {
          throw new RequestError('message_not_found', 'There is no such message in your conversations; it may have been in one you left.', 'seq');
        }
        const change = apply(before);
        return { before, change, rev: this.seq, message: change ? this.db.messageBySeq(frame.seq)! : before };
      },
      (result) => {
        if (!result.ok) return this.replyError(conn, frame.id, result.error);
        const { before, change, rev, message } = result.value;
        conn.reply(frame.id, { message });
        if (!change) return;
        this.fanOut({ seq: rev, type: 'message.updated', message, change }, this.membersOf(message.conv));
        afterCommit?.(before);
      },
    );
  }

  /** user.remove / user.admin: only an admin, never on oneself, on someone who exists. */
  private adminTarget(actorId: number, targetId: number, selfAction: string): UserState {
    if (!this.users.get(actorId)?.isAdmin) throw new RequestError('not_allowed', 'Only an admin can do that; ask one of the session’s admins.');
    if (targetId === actorId) throw new RequestError('not_allowed', `You cannot ${selfAction}; ask another admin.`, 'userId');
    const target = this.users.get(targetId);
    if (!target) throw new RequestError('user_not_found', `There is nobody with id ${targetId} in this session.`, 'userId');
    return target;
  }

  /** Replies with `user`'s info and sends it to everyone signed in as a `user` frame. */
  private publishUser(conn: HostConnection, re: string, user: UserState): void {
    const info = this.userInfo(user);
    conn.reply(re, { user: info } satisfies ReplyData<'user.remove'>);
    const frame = { type: 'user', user: info };
    for (const other of this.connections) if (other.user) other.sendFrame(frame);
  }

  /** Queues one event for every connection of the given users. Serialised once. */
  private fanOut(event: ChatEvent, userIds: Iterable<number>): void {
    const serialised = JSON.stringify(event);
    for (const userId of userIds) {
      const user = this.users.get(userId);
      if (!user || user.connections.size === 0) continue;
      for (const conn of user.connections) conn.queueEvent(serialised, event.seq);
      if (event.seq > user.deliveredSeq) user.deliveredSeq = event.seq;
    }
  }

  private markDirty(conn: HostConnection): void {
    this.dirty.add(conn);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flushOutgoing());
    }
  }

  /** Sends each connection everything queued for it as one frame. */
  private flushOutgoing(): void {
    this.flushScheduled = false;
    for (const conn of this.dirty) conn.flushEvents();
    this.dirty.clear();
  }

  private broadcastPresence(user: UserState, online: boolean): void {
    const frame = { type: 'presence', user: this.userInfo(user), online };
    for (const conn of this.connections) {
      if (conn.user && conn.user.id !== user.id) conn.sendFrame(frame);
    }
    this.notifyOnlineCount();
  }

  private readonly onlineCountListeners = new Set<(count: number) => void>();

  /**
   * Calls `listener` with onlineCount() whenever it changes (somebody's first
   * connection signs in, or their last one closes) — e.g. to refresh the
   * mDNS TXT record. Returns the function that unsubscribes.
   */
  onOnlineCountChange(listener: (count: number) => void): () => void {
    this.onlineCountListeners.add(listener);
    return () => this.onlineCountListeners.delete(listener);
  }

  private notifyOnlineCount(): void {
    if (this.onlineCountListeners.size === 0) return;
    const count = this.onlineCount();
    for (const listener of [...this.onlineCountListeners]) {
      try {
        listener(count);
      } catch (error) {
        this.options.log(`online-count listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  // ------------------------------------------------------------------ projections

  private userInfo(user: UserState): UserInfo {
    const online = [...user.connections].some((conn) => !conn.closed);
    return { id: user.id, name: user.name, online, isAdmin: user.isAdmin, ...(user.removed && { removed: true }) };
  }

  private userList(): UserInfo[] {
    return [...this.users.values()].map((u) => this.userInfo(u));
  }

  private signedInUserIds(): number[] {
    return [...this.users.values()].filter((u) => u.connections.size > 0).map((u) => u.id);
  }

  onlineCount(): number {
    let count = 0;
    for (const user of this.users.values()) if (user.connections.size > 0) count++;
    return count;
  }

  private channelInfo(channelId: number, viewer: number): ChannelInfo {
    const { row, members } = this.channels.get(channelId)!;
    return { id: row.id, name: row.name, topic: row.topic, createdBy: row.createdBy, memberCount: members.size, joined: members.has(viewer) };
  }

  private channelList(viewer: number): ChannelInfo[] {
    return [...this.channels.keys()].map((id) => this.channelInfo(id, viewer));
  }
}
