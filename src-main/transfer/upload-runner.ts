// The upload side of the desktop app's TransferManager (file-transfers.ts):
// one run of an upload, the offer server behind direct transfer, and the
// file.cancel a cancelled upload sends.
//
// Uploads need file.begin / file.complete over the WebSocket. Main opens its
// own short-lived ChatClient per upload and resumes it with the renderer's
// token (the host allows several connections per person). That reuses the
// protocol as it is — no second HTTP form of file.begin to keep in step — and
// the connection lives exactly as long as the upload.
//
// Direct transfer (PROTOCOL.md, "Direct transfer"): the runner owns one
// OfferServer, started on the first upload. Each upload hashes the file from
// disk, registers it there and sends file.offer so members see the card at
// once; then it uploads the relay copy with the same clientMsgId (that upload's
// progress drives the card). A host without file.offer gets today's relay-only
// upload. Offers stay registered while the app runs (a cancel unregisters).
// A cancel also sends file.cancel for the host's file id — running, paused or
// failed alike — so the host drops its partial copy at once instead of keeping
// it until its own sweep.
//
// An end-to-end encrypted DM file (request.e2e) is never offered directly (the
// offer server would serve plaintext): main encrypts it into a staged
// ciphertext (encrypted-files.ts) and uploads that to the host with the
// envelope, the neutral name and no thumbnail.
//
// Every connection to the host (the ChatClient, the PUT / HEAD) is pinned to
// the session's identity (`pinFor`, pinned-http.ts); the offer server presents
// this device's own identity (`deviceIdentity`) and file.offer tells the host
// its fingerprint, so receivers can pin it.
//
// Plain module: no electron import (lint holds src-main/transfer to that).
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { ChatClient, WebSocketConstructor } from '../../src-shared/chat-client.js';
import { fileKeyOf } from '../../src-shared/e2e/dm-file.js';
import { E2E_FILE_NEUTRAL_NAME } from '../../src-shared/limits.js';
import { defaultStagingDir, stageEncryptedUpload, stagedUploadPath } from './encrypted-files.js';
import { hashFileRange } from './file-hashing.js';
import { guessMimeType } from './file-picks.js';
import { OfferServer, type DeviceIdentity, type OfferServerOptions } from './offer-server.js';
import { connectHostClient, type PinLookup } from './pinned-http.js';
import type { SessionPin } from '../trust/pinned-tls.js';
import { TransferError } from './transfer-error.js';
import { uploadFile } from './relay-upload.js';
import type { TransferProgress } from './transfer-progress.js';
import { webSocketUrl, type Transfer, type UploadRequest } from './transfer-record.js';

/** Hand-overs one upload follows before it gives up (a session does not move more than once in a minute or so). */
const UPLOAD_MAX_MOVES = 3;

export interface UploadRunnerOptions {
  /** WebSocket constructor for main's own ChatClient (the `ws` package); wss connections are pinned on top of it. */
  WebSocket: WebSocketConstructor;
  /** The identity to pin for a host URL (null: not trusted, and an https host is then refused). */
  pinFor: PinLookup;
  /** This device's identity for the offer server, loaded on the first offer. Without it uploads are relay-only. */
  deviceIdentity?: () => Promise<DeviceIdentity>;
  /** Network retries inside one run (uploadFile default 5). */
  retries?: number;
  log: (line: string) => void;
  /** Offer uploads directly (default true). */
  direct?: boolean;
  /** The offer server's bind address and advertised addresses (default: all interfaces, LAN IPv4s). */
  offerServer?: Pick<OfferServerOptions, 'host' | 'addresses' | 'port'>;
  /** Main's private folder for the staged ciphertext of encrypted DM files (encrypted-files.ts; default defaultStagingDir()). */
  stagingDir?: string;
}

export class UploadRunner {
  private offerServer: OfferServer | null = null;
  private offerServerStarting: Promise<OfferServer> | null = null;
  private disposed = false;

  constructor(private readonly options: UploadRunnerOptions) {}

  /**
   * One run of an upload: file.offer once (when direct), then the relay copy,
   * resuming what the host holds. If the session is handed over meanwhile
   * (the host sends `moved`), the run goes on at the new host: same
   * clientMsgId, so it is the same upload there (PROTOCOL.md, "Hand-over"),
   * and the same pin — the new host must present the same session identity.
   */
  async run(transfer: Transfer, request: UploadRequest, signal: AbortSignal, onProgress: (p: TransferProgress) => void): Promise<void> {
    const pin = this.options.pinFor(request.hostHttpBase);
    for (let moves = 0; ; moves++) {
      const movedTo = await this.runAt(transfer, request, pin, signal, onProgress);
      if (movedTo === null) return;
      if (moves >= UPLOAD_MAX_MOVES) throw new TransferError('host_unreachable', 'The session moved several times during this upload; send the file again.', true);
      this.options.log(`files: the session moved to ${new URL(movedTo).host}; the upload carries on there`);
      request.hostHttpBase = movedTo;
    }
  }

  /** The run at one host: null when done, or the origin the session moved to (the attempt here was given up). */
  private async runAt(transfer: Transfer, request: UploadRequest, pin: SessionPin | null, signal: AbortSignal, onProgress: (p: TransferProgress) => void): Promise<string | null> {
    const here = new AbortController();
    const stop = () => here.abort(signal.reason);
    signal.addEventListener('abort', stop);
    let movedTo: string | null = null;
    let client: ChatClient;
    try {
      client = await connectHostClient(webSocketUrl(request.hostHttpBase), request.token, pin, this.options.WebSocket);
    } catch (error) {
      signal.removeEventListener('abort', stop);
      throw error;
    }
    client.on('moved', ({ to }) => {
      movedTo = to[0] ?? null;
      here.abort(new Error('the session moved'));
    });
    try {
      await this.uploadHere(transfer, request, client, pin, here.signal, onProgress);
      return null;
    } catch (error) {
      if (movedTo !== null && !signal.aborted) return movedTo;
      throw error;
    } finally {
      signal.removeEventListener('abort', stop);
      client.close();
    }
  }

  private async uploadHere(transfer: Transfer, request: UploadRequest, client: ChatClient, pin: SessionPin | null, signal: AbortSignal, onProgress: (p: TransferProgress) => void): Promise<void> {
    if (request.e2e) {
      await this.uploadEncrypted(transfer, request, request.e2e, client, pin, signal, onProgress);
      return;
    }
    const type = guessMimeType(request.path);
    if (!transfer.offerSettled && request.direct !== false) await this.offer(transfer, request, client, type, signal);
    await uploadFile({
      client,
      baseUrl: request.hostHttpBase,
      pin,
      conv: request.conv,
      path: request.path,
      clientMsgId: request.clientMsgId,
      ...(type !== '' && { type }),
      ...(request.thumbnail !== undefined && { thumbnail: request.thumbnail }),
      ...(request.caption !== undefined && { text: request.caption }),
      signal,
      // Not `cancel`: cancelOnHost sends file.cancel, for a paused upload as much as a running one.
      onBegin: (fileId) => {
        transfer.fileId = fileId;
      },
      onProgress,
      ...(this.options.retries !== undefined && { retries: this.options.retries }),
    });
  }

  /** An encrypted DM file: stage its ciphertext (once), upload that, then delete it. */
  private async uploadEncrypted(
    transfer: Transfer,
    request: UploadRequest,
    e2e: NonNullable<UploadRequest['e2e']>,
    client: ChatClient,
    pin: SessionPin | null,
    signal: AbortSignal,
    onProgress: (p: TransferProgress) => void,
  ): Promise<void> {
    const key = e2e.key === null ? null : await fileKeyOf({ key: e2e.key });
    const staged = await stageEncryptedUpload({ source: request.path, target: stagedUploadPath(this.options.stagingDir ?? defaultStagingDir(), request.clientMsgId), key, bindingId: request.clientMsgId, signal });
    await uploadFile({
      client,
      baseUrl: request.hostHttpBase,
      pin,
      conv: request.conv,
      path: staged.path,
      name: E2E_FILE_NEUTRAL_NAME,
      e2e: e2e.envelope,
      clientMsgId: request.clientMsgId,
      signal,
      onBegin: (fileId) => {
        transfer.fileId = fileId;
      },
      onProgress,
      ...(this.options.retries !== undefined && { retries: this.options.retries }),
    });
    await this.removeStaged(transfer);
  }

  /** The staged ciphertext of an encrypted upload, once done or cancelled. */
  async removeStaged(transfer: Transfer): Promise<void> {
    if (!transfer.upload?.e2e) return;
    const staged = stagedUploadPath(this.options.stagingDir ?? defaultStagingDir(), transfer.upload.clientMsgId);
    await fsp.rm(staged, { force: true }).catch((error: unknown) => this.options.log(`files: could not remove ${staged}: ${String(error)}`));
  }

  /** The offer server, started on first use (null when direct transfer is off or it cannot start). */
  private async offers(): Promise<OfferServer | null> {
    const { deviceIdentity } = this.options;
    if (this.options.direct === false || this.disposed || !deviceIdentity) return null;
    if (this.offerServer) return this.offerServer;
    this.offerServerStarting ??= deviceIdentity().then((identity) => new OfferServer({ ...this.options.offerServer, identity }).start());
    try {
      this.offerServer = await this.offerServerStarting;
      if (this.disposed) await this.offerServer.stop();
      return this.offerServer;
    } catch (error) {
      this.offerServerStarting = null;
      this.options.log(`files: could not start the offer server: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }

  /** The offer server once started (tests). */
  get offerServerForTests(): OfferServer | null {
    return this.offerServer;
  }

  /**
   * Hashes the file, registers it with the offer server and sends file.offer,
   * so members see the file at once. Any failure but an abort (old host:
   * unknown_type, no LAN address, …) leaves the upload relay-only.
   */
  private async offer(transfer: Transfer, request: UploadRequest, client: ChatClient, type: string, signal: AbortSignal): Promise<void> {
    const server = await this.offers();
    if (!server) {
      transfer.offerSettled = true;
      return;
    }
    const stat = await fsp.stat(request.path);
    const hash = createHash('sha256');
    await hashFileRange(request.path, hash, 0, stat.size, signal);
    const sha256 = hash.digest('hex');
    const offer = server.register({ path: request.path, size: stat.size, sha256, name: path.basename(request.path), ...(type !== '' && { mimeType: type }) });
    try {
      const urls = server.urls(offer.offerId).slice(0, 8);
      if (urls.length === 0) throw new Error('no LAN address to offer the file on');
      const { message } = await client.request('file.offer', {
        conv: request.conv,
        clientMsgId: request.clientMsgId,
        name: path.basename(request.path),
        size: stat.size,
        sha256,
        ...(type !== '' && { mimeType: type }),
        ...(request.thumbnail !== undefined && { thumbnail: request.thumbnail }),
        ...(request.caption !== undefined && { text: request.caption }),
        offer: { urls, key: offer.key, identity: server.identity },
      });
      transfer.offerId = offer.offerId;
      if (message.file) transfer.fileId = message.file.id;
    } catch (error) {
      server.unregister(offer.offerId);
      if (signal.aborted) throw error;
      this.options.log(`files: ${transfer.name} goes through the host only (file.offer: ${error instanceof Error ? error.message : String(error)})`);
    }
    transfer.offerSettled = true;
  }

  /** A cancelled upload withdraws its offer (then cancelOnHost). */
  withdrawOffer(transfer: Transfer): void {
    if (transfer.offerId !== undefined) {
      this.offerServer?.unregister(transfer.offerId);
      delete transfer.offerId;
    }
  }

  /**
   * Tells the host to drop what it holds of a cancelled upload (file.cancel) —
   * running, paused or failed alike, once file.offer / file.begin gave an id.
   * Over a short-lived connection of its own, like the upload's (a paused one
   * has none); after the card has gone, so an unreachable host does not hold it.
   */
  async cancelOnHost(transfer: Transfer): Promise<void> {
    const request = transfer.upload;
    const fileId = transfer.fileId;
    if (!request || fileId === undefined) return;
    delete transfer.fileId;
    let client: ChatClient | null = null;
    try {
      client = await connectHostClient(webSocketUrl(request.hostHttpBase), request.token, this.options.pinFor(request.hostHttpBase), this.options.WebSocket);
      await client.request('file.cancel', { fileId });
    } catch (error) {
      // Unreachable, or it holds nothing any more: the host's own sweep deletes what is left.
      this.options.log(`files: could not tell the host to drop ${transfer.name}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      client?.close();
    }
  }

  /** No offer server starts from now on (quitting; the manager then stops its transfers and calls stopOfferServer). */
  beginDispose(): void {
    this.disposed = true;
  }

  /** Stops the offer server, or the one still starting. */
  async stopOfferServer(): Promise<void> {
    const server = this.offerServer ?? (await this.offerServerStarting?.catch(() => null));
    this.offerServer = null;
    await server?.stop();
  }
}
