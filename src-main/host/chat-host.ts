// The session host: one Node http.Server on one port serving
//   /ws         the chat WebSocket (PROTOCOL.md)            socket-gateway.ts
//   /api/...    session info, file uploads and downloads    http-routes.ts, file-http-api.ts
//   /           the built web client                        static-files.ts
// ChatHost is the composition root: it checks its options (host-options.ts),
// opens the session's database, builds the parts — session state and access
// checks, the commit batcher and sequence, sign-in, the request handlers by
// domain (handlers/), fan-out, presence, durable delivery positions, file
// uploads — wires them together, and starts and stops them in order.
// Never imports electron: the desktop app runs it in-process, `npm run host`
// runs it headless, and the tests run it on port 0.
import http from 'node:http';
import https from 'node:https';
import fs from 'node:fs';
import path from 'node:path';
import type net from 'node:net';
import type { Readable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { SEARCH_INDEX_INTERVAL_MS } from '../../src-shared/limits.js';
import type { SessionInfo, UserInfo } from '../../src-shared/protocol/frames.js';
import { AvatarHttpApi } from './avatar-http-api.js';
import { CommitBatcher } from './commit-batcher.js';
import { ConversationAccess } from './conversation-access.js';
import { SessionDatabase } from './database/session-database.js';
import { DeliveryPositions } from './delivery-positions.js';
import { FanOut } from './fan-out.js';
import { FileHttpApi } from './file-http-api.js';
import { startRetentionSweeper, sweepFiles, type SweepResult } from './file-retention.js';
import { FileStore } from './file-store.js';
import { ticketSecret } from './file-tickets.js';
import { FileUploads } from './file-uploads.js';
import { IncomingFiles } from './incoming-files.js';
import { channelCareHandlers } from './handlers/channel-care-handlers.js';
import { channelHandlers } from './handlers/channel-handlers.js';
import { deviceHandlers } from './handlers/device-handlers.js';
import { fileHandlers } from './handlers/file-handlers.js';
import { handoverHandlers } from './handlers/handover-handlers.js';
import { HandOverCoordinator } from './handover/handover-coordinator.js';
import { handOverHttp } from './handover/handover-http.js';
import { WriteFreeze } from './handover/write-freeze.js';
import { messageHandlers } from './handlers/message-handlers.js';
import { moderationHandlers } from './handlers/moderation-handlers.js';
import { profileHandlers } from './handlers/profile-handlers.js';
import { readStateHandlers } from './handlers/read-state-handlers.js';
import { threadHandlers } from './handlers/thread-handlers.js';
import type { HostParts } from './handlers/request-context.js';
import { resolveHostOptions, type ChatHostOptions, type HostLimits, type ResolvedHostOptions } from './host-options.js';
import { httpRoutes } from './http-routes.js';
import { MessageWriter } from './message-writer.js';
import { Presence } from './presence.js';
import { SeqCounter } from './seq-counter.js';
import { readSnapshotManifest, takeSessionSnapshot, type SnapshotManifest, type SnapshotOptions } from './session-snapshot.js';
import { SessionState } from './session-state.js';
import { SignIn } from './sign-in.js';
import { SocketGateway } from './socket-gateway.js';
import { plainHttpNotice, refusePlainUpgrade } from './plain-http-notice.js';
import { tlsOrPlainServer } from './tls-or-plain.js';
import { loadOrCreateIdentity, type SessionIdentity } from '../trust/session-identity.js';

export type { ChatHostOptions, HostLimits } from './host-options.js';

/** What runs between start() and stop(). */
interface Running {
  db: SessionDatabase;
  parts: HostParts;
  presence: Presence;
  delivery: DeliveryPositions;
  gateway: SocketGateway;
  /** What listens on the port (with TLS, the front that routes to `servers`); both kinds can end every socket they hold. */
  listener: net.Server & { closeAllConnections(): void };
  /** The HTTP servers that handle the connections (https + the plain notice, or one plain server). */
  servers: http.Server[];
  identity: SessionIdentity | null;
  incoming: IncomingFiles;
  handOver: HandOverCoordinator;
  timers: Array<() => void>;
}

/** What the host's owner hears about a hand-over: the session moved (clients were sent to `to`), then nothing is left to serve (stop the host). */
export type HandOverEvent =
  | { kind: 'moved'; to: string[]; successor: { id: number; name: string } }
  | { kind: 'finished' }
  /** The person offered the session declined it. */
  | { kind: 'declined'; by: { id: number; name: string } };

export class ChatHost {
  private readonly options: ResolvedHostOptions;
  private running: Running | null = null;
  private stopped = false;
  private _port = 0;
  private readonly handOverListeners = new Set<(event: HandOverEvent) => void>();

  constructor(options: ChatHostOptions) {
    this.options = resolveHostOptions(options);
  }

  get limits(): HostLimits {
    return this.options.limits;
  }

  get port(): number {
    return this._port;
  }

  get sessionInfo(): SessionInfo {
    return this.started().parts.state.session;
  }

  /** The session identity (certificate, fingerprint, code); null when the host runs without TLS. */
  get identity(): SessionIdentity | null {
    return this.started().identity;
  }

  /** `https` or `http`: how this host's URLs start (`wss`/`ws` for the chat socket). */
  get scheme(): 'https' | 'http' {
    return this.options.tls ? 'https' : 'http';
  }

  get dataFile(): string {
    return path.join(this.options.dataDir, 'session.db');
  }

  async start(): Promise<{ port: number }> {
    if (this.running || this.stopped) throw new Error('A ChatHost starts once; make a new one to start again.');
    const { options } = this;
    fs.mkdirSync(options.dataDir, { recursive: true });
    // Read (and checked) before anything is opened: a bad manifest stops the start cleanly.
    const manifest = readSnapshotManifest(options.dataDir);
    const identity = options.tls ? await loadOrCreateIdentity(options.dataDir) : null;
    const db = new SessionDatabase(this.dataFile);
    const seq = new SeqCounter(db.maxSeq());
    const delivery = new DeliveryPositions(db, options.log);
    const recovered = delivery.recoverAfterCrash(seq.last);
    if (recovered > 0) {
      // A snapshot (hand-over) is taken while people are online: settling them is expected there, not a sign of a crash.
      options.log(
        manifest
          ? `started from a snapshot of the session: settled the delivery positions of ${recovered} people who were online when it was taken`
          : `the host had stopped without closing; settled the delivery positions of ${recovered} people who were online`,
      );
    }
    const state = new SessionState(db, { sessionName: options.sessionName, passcodeRequired: options.passcode !== undefined, identity: identity?.fingerprint }, () => seq.next());
    const access = new ConversationAccess(state);
    const fanOut = new FanOut(state);
    const batcher = new CommitBatcher(db, { seq, onFlushed: () => fanOut.flush(), log: options.log });
    const messages = new MessageWriter(db, seq, access);
    const store = new FileStore(options.dataDir);
    const incoming = new IncomingFiles(store, manifest, {
      wanted: (id) => db.files.byId(id)?.state === 'complete',
      giveUp: (id) => db.files.markExpired(id),
    });
    if (incoming.count > 0) options.log(`started from a snapshot: ${incoming.count} files are still to arrive from the previous host`);
    const uploads = new FileUploads({ db, store, batcher, state, access, messages, ...options });
    const parts: HostParts = { db, state, access, seq, batcher, messages, fanOut, uploads, store, ticketKey: ticketSecret(db), log: options.log };
    const presence = new Presence(state, fanOut, options.log);
    const freeze = new WriteFreeze();
    const handOver = new HandOverCoordinator({
      dataDir: options.dataDir,
      passcode: options.passcode,
      freeze,
      snapshot: (dir, snapshotOptions) => this.snapshot(dir, snapshotOptions),
      scheme: this.scheme,
      sessionId: state.session.id,
      identity: identity?.fingerprint,
      isAdmin: (userId) => state.user(userId)?.isAdmin === true,
      makeAdmin: async (userId) => {
        const user = state.user(userId);
        if (!user || user.isAdmin) return;
        await batcher.runAsync(() => db.users.setAdmin(userId, true));
        user.isAdmin = true;
        fanOut.toEveryone({ type: 'user', user: state.userInfo(user) });
      },
      moveEveryone: (frame) => gateway.moveAll(frame),
      onMoved: (to, successor) => this.emitHandOver({ kind: 'moved', to, successor }),
      onFinished: () => this.emitHandOver({ kind: 'finished' }),
      onDeclined: (by) => this.emitHandOver({ kind: 'declined', by }),
      log: options.log,
    });
    const gateway = new SocketGateway({
      limits: options.limits,
      session: state.session,
      signIn: new SignIn(parts, presence, delivery, options.passcode),
      handlers: {
        ...messageHandlers(parts),
        ...channelHandlers(parts),
        ...channelCareHandlers(parts),
        ...profileHandlers(parts),
        ...readStateHandlers(parts),
        ...threadHandlers(parts),
        ...moderationHandlers(parts),
        ...fileHandlers(parts),
        ...handoverHandlers(parts, handOver),
        ...deviceHandlers(parts),
      },
      fanOut,
      freeze,
      onClosed: (conn) => {
        handOver.connectionClosed(conn);
        const user = state.user(conn.user.id);
        if (!user || !user.connections.delete(conn) || user.connections.size > 0) return;
        delivery.wentOffline(user);
        if (!gateway.isStopping) presence.changed(user, false);
      },
      log: options.log,
    });
    const fileApi = new FileHttpApi({ db, store, ticketSecret: parts.ticketKey, isMember: (userId, conv) => access.readable(userId, conv) !== null, isMoving: (id) => incoming.isMoving(id), isFrozen: () => freeze.isFrozen, log: options.log });
    const avatarApi = new AvatarHttpApi({ parts, isFrozen: () => freeze.isFrozen });
    const routes = httpRoutes({ fileApi, avatarApi, handOver: handOverHttp(handOver, store, options.log), webRoot: options.webRoot, serveSourceMaps: options.serveSourceMaps, sessionSummary: () => ({ ...state.session, online: state.onlineCount() }) });
    const main = identity ? https.createServer({ key: identity.keyPem, cert: identity.certPem }, routes) : http.createServer(routes);
    main.on('upgrade', (req, socket, head) => gateway.upgrade(req, socket, head));
    let listener: Running['listener'] = main;
    const servers: http.Server[] = [main];
    if (identity) {
      const notice = http.createServer(plainHttpNotice({ name: state.session.name, code: identity.code }, () => this._port));
      notice.on('upgrade', (_req, socket) => refusePlainUpgrade(socket));
      servers.push(notice);
      listener = tlsOrPlainServer(main as https.Server, notice);
    }
    this.running = { db, parts, presence, delivery, gateway, listener, servers, identity, incoming, handOver, timers: [] };
    try {
      this._port = await this.listen(listener);
    } catch (error) {
      await gateway.closeAll();
      db.close();
      this.running = null;
      throw error;
    }
    const indexer = setInterval(() => this.indexForSearch(), SEARCH_INDEX_INTERVAL_MS);
    indexer.unref();
    this.running.timers.push(() => clearInterval(indexer), startRetentionSweeper(() => this.sweepFiles(), options.log));
    return { port: this._port };
  }

  /** Closes every socket (1001), commits what is queued, saves delivery positions, closes the database. */
  async stop(): Promise<void> {
    const running = this.running;
    if (!running || this.stopped) return;
    this.stopped = true;
    for (const stopTimer of running.timers) stopTimer();
    running.handOver.dispose();
    const { listener, servers, gateway, parts, delivery, db } = running;
    const serverClosed = new Promise<void>((resolve) => listener.close(() => resolve()));
    for (const server of servers) {
      if (server !== listener) server.close();
      server.closeAllConnections();
    }
    await gateway.closeAll();
    // Sockets still in a TLS handshake, or that never sent a byte, belong to no
    // HTTP server yet: without this the port would stay held (a browser's
    // speculative connections) and stop() would not finish.
    listener.closeAllConnections();
    parts.batcher.drain();
    for (const user of parts.state.allUsers()) if (user.connections.size > 0) delivery.wentOffline(user);
    this.indexForSearch();
    await serverClosed;
    db.close();
  }

  /**
   * Takes a consistent snapshot of the session into the new folder `outDir`
   * while the host keeps serving; a ChatHost with `dataDir: outDir` continues
   * the session (session-snapshot.ts says what is in it and what is not).
   */
  snapshot(outDir: string, options: SnapshotOptions = {}): Promise<SnapshotManifest> {
    const { parts, identity } = this.started();
    if (this.stopped) return Promise.reject(new Error('The host has stopped: a snapshot needs a running host.'));
    return takeSessionSnapshot({ db: parts.db, batcher: parts.batcher, store: parts.store, identity }, outDir, options);
  }

  /**
   * People this host could hand the session to: online in an app that can
   * host (signin `canHost`), admins first. Anyone else may be offered it too —
   * accepting makes them admin.
   */
  handOverCandidates(options: { elsewhere?: boolean } = {}): UserInfo[] {
    const { state } = this.started().parts;
    // `elsewhere`: only apps on other computers — the hosting app's own window (connected over loopback) cannot take it.
    const loopback = (remote: string) => /^(127\.|::1:|::ffff:127\.)/.test(remote);
    return [...state.allUsers()]
      .filter((user) => [...user.connections].some((conn) => conn.canHost && !conn.closed && !(options.elsewhere && loopback(conn.remote))))
      .map((user) => state.userInfo(user))
      .sort((a, b) => Number(b.isAdmin) - Number(a.isAdmin) || a.name.localeCompare(b.name));
  }

  /**
   * Offers the session to person `userId` (handover.offer to their apps that
   * can host); their app takes it over if they accept. Returns the offer id.
   * Throws when they are not online in such an app, or a hand-over is under way.
   */
  offerHandOver(userId: number): string {
    const { parts, handOver } = this.started();
    const user = parts.state.user(userId);
    const from = this.handOverFrom();
    return handOver.offer(userId, ({ offer, makesAdmin }) => {
      let sent = 0;
      for (const conn of user?.connections ?? []) {
        if (!conn.canHost || conn.closed) continue;
        conn.sendFrame({ type: 'handover.offer', offer, from, makesAdmin });
        sent++;
      }
      return sent;
    });
  }

  /** Hears when the session moved to a successor and when this host has nothing left to serve. Returns the unsubscribe. */
  onHandOver(listener: (event: HandOverEvent) => void): () => void {
    this.handOverListeners.add(listener);
    return () => this.handOverListeners.delete(listener);
  }

  private emitHandOver(event: HandOverEvent): void {
    for (const listener of [...this.handOverListeners]) listener(event);
  }

  /** Who offers a hand-over: the host's owner as the session knows them — the first admin (the person who started it). */
  private handOverFrom(): { id: number; name: string } {
    const admins = [...this.started().parts.state.allUsers()].filter((u) => u.isAdmin);
    const first = admins.sort((a, b) => a.id - b.id)[0];
    return first ? { id: first.id, name: first.name } : { id: 1, name: this.sessionInfo.name };
  }

  /** Files whose bytes have not arrived from the previous host yet (0 unless started from a snapshot taken with `files: 'later'`). */
  get filesStillMoving(): number {
    return this.started().incoming.count;
  }

  /** The ids of the files whose bytes have not arrived from the previous host yet. */
  get filesStillMovingIds(): string[] {
    return this.started().incoming.ids;
  }

  /** The bytes of file `id` will not arrive from the previous host: it is shown as expired from now on. */
  giveUpMovedFile(id: string): void {
    this.started().incoming.giveUp(id);
  }

  /** Lands the bytes of a file still moving from the previous host (checked against the snapshot's SHA-256); downloads work once it resolves. */
  receiveMovedFile(id: string, source: Readable | AsyncIterable<Buffer>): Promise<void> {
    return this.started().incoming.receive(id, source);
  }

  /** Calls `listener` with onlineCount() whenever it changes (e.g. to refresh the mDNS TXT record). Returns the function that unsubscribes. */
  onOnlineCountChange(listener: (count: number) => void): () => void {
    return this.started().presence.onOnlineCountChange(listener);
  }

  onlineCount(): number {
    return this.running?.parts.state.onlineCount() ?? 0;
  }

  /** Deletes expired files, stale uploads and expired offers' partial copies now (also runs at start and hourly). */
  sweepFiles(): Promise<SweepResult> {
    const { parts } = this.started();
    return sweepFiles(parts.db, parts.store, parts.uploads.retentionMs);
  }

  /** Adds new messages to the search index in one bulk step (see SearchIndex.indexPending). */
  private indexForSearch(): void {
    try {
      this.running?.db.search.indexPending();
    } catch (error) {
      this.options.log(`search indexing failed (retried in ${SEARCH_INDEX_INTERVAL_MS} ms): ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private started(): Running {
    if (!this.running) throw new Error('The host has not started: call start() first.');
    return this.running;
  }

  private listen(server: net.Server): Promise<number> {
    const { portFallback, port, bindAddress } = this.options;
    const tryListen = (port: number, address: string, attemptsLeft: number): Promise<number> =>
      new Promise((resolve, reject) => {
        const onError = (error: NodeJS.ErrnoException) => {
          server.off('listening', onListening);
          if (error.code === 'EADDRINUSE' && portFallback && attemptsLeft > 0 && port !== 0) {
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
    return tryListen(port, bindAddress, 20);
  }
}
