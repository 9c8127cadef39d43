// The successor's side of a hand-over (PROTOCOL.md, "Hand-over"): the same
// steps whether it was asked to (the host's handover.offer, accepted) or takes
// the session itself (`npm run host -- --take-over`, the app's "Take over this
// session"):
//
//   1. handover.start over the successor's signed-in, pinned chat connection
//      → the old host freezes writes and snapshots the session
//   2. fetch the snapshot (manifest, database, identity) over pinned TLS and
//      check it: the database's size and SHA-256 against the manifest, SQLite's
//      full integrity_check, the identity's key against its certificate and
//      its fingerprint against the identity this device pinned — the session
//      keeps its identity, so every pinned client keeps trusting it
//   3. start a ChatHost from it (a new data folder, filled under a temporary
//      name and renamed into place) with the passcode the old host passed
//   4. handover.ready → the old host sends every client here and stops taking
//      part; chat resumes now
//   5. in the background, fetch the relayed files one by one (a file is
//      downloadable as soon as it has arrived and matched its SHA-256), then
//      tell the old host it may stop. A file that cannot be fetched after a
//      few tries is given up on: it shows as expired, never as "try again"
//      forever.
// Anything failing before step 4 sends handover.abort (the old host carries
// on, nothing lost) and removes what was fetched.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, createPrivateKey, X509Certificate } from 'node:crypto';
import type { ChatClient } from '../../src-shared/chat-client.js';
import type { ReplyData } from '../../src-shared/protocol/frames.js';
import { ChatHost, type ChatHostOptions } from '../host/chat-host.js';
import { checkSnapshotDatabase } from '../host/database/snapshot-check.js';
import { SNAPSHOT_MANIFEST_FILE, type SnapshotManifest } from '../host/session-snapshot.js';
import { lanAddresses } from '../http/lan-addresses.js';
import type { SessionPin } from '../trust/pinned-tls.js';
import { spkiFingerprint } from '../trust/spki-fingerprint.js';
import { handOverDone, handOverDownload, handOverGet, HandOverFetchError, type HandOverSource } from './handover-fetch.js';

/** Tries per file before it is given up on, and the wait between them. */
const FILE_ATTEMPTS = 5;
const FILE_RETRY_MS = 2000;

export interface TakeOverOptions {
  /** Signed in to the old host (an admin, or the person it offered the session to) over a socket pinned to `pin`. */
  client: ChatClient;
  /** The old host's origin, https://HOST:PORT. */
  origin: string;
  /** The session identity this device trusts (null only for a --plain session). */
  pin: SessionPin | null;
  /** The host's handover.offer being accepted; absent for a take-over. */
  offer?: string;
  /** Where the session's data goes on this machine: a folder that does not exist yet, or is empty. */
  dataDir: string;
  /** How to host it (port, bind address, web root, limits, log). */
  hostOptions?: Omit<ChatHostOptions, 'dataDir' | 'passcode' | 'tls'>;
  /** Addresses clients may reach this machine on (default: its LAN addresses; the old host adds the one it saw). */
  addresses?: string[];
  log?: (line: string) => void;
}

export interface TakenOver {
  host: ChatHost;
  /** When chat resumed here (the old host sent everyone over), ms since the epoch. */
  movedAt: number;
  /** Settles when every file has arrived or been given up on. */
  files: Promise<{ moved: number; givenUp: string[] }>;
}

export async function takeOverSession(options: TakeOverOptions): Promise<TakenOver> {
  const log = options.log ?? (() => {});
  const { client } = options;
  refuseUsedFolder(options.dataDir);
  const start: ReplyData<'handover.start'> = await client.request('handover.start', options.offer === undefined ? {} : { offer: options.offer });
  const source: HandOverSource = { origin: options.origin, handover: start.handover, secret: start.secret, pin: options.pin };
  const partial = `${options.dataDir}.partial-${randomBytes(6).toString('hex')}`;
  let host: ChatHost | null = null;
  try {
    const manifest = await fetchSnapshot(source, partial, options.pin);
    fs.renameSync(partial, options.dataDir);
    host = new ChatHost({ port: 0, ...options.hostOptions, dataDir: options.dataDir, tls: options.pin !== null, ...(start.passcode !== undefined && { passcode: start.passcode }) });
    const { port } = await host.start();
    log(`hosting the session from the snapshot (seq ${manifest.lastSeq}) on port ${port}; ${manifest.files.length} files to follow`);
    const addresses = options.addresses ?? lanAddresses();
    await client.request('handover.ready', { handover: start.handover, port, addresses: addresses.length > 0 ? addresses.slice(0, 8) : ['127.0.0.1'] });
    const movedAt = Date.now();
    // Once every file has arrived (or been given up on) the manifest has served
    // its purpose; without it a later restart is an ordinary one.
    const files = fetchFiles(host, source, log).then((result) => {
      fs.rmSync(path.join(options.dataDir, SNAPSHOT_MANIFEST_FILE), { force: true });
      return result;
    });
    return { host, movedAt, files };
  } catch (error) {
    await host?.stop().catch(() => {});
    fs.rmSync(partial, { recursive: true, force: true });
    if (host) fs.rmSync(options.dataDir, { recursive: true, force: true });
    const reason = error instanceof Error ? error.message : String(error);
    await client.request('handover.abort', { handover: start.handover, reason: reason.slice(0, 500) }).catch(() => {});
    throw error;
  }
}

function refuseUsedFolder(dataDir: string): void {
  let entries: string[];
  try {
    entries = fs.readdirSync(dataDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (entries.length > 0) throw new Error(`${dataDir} is not empty: taking a session over needs a new folder (--data-dir), so no other session is overwritten.`);
  fs.rmdirSync(dataDir);
}

/** Fetches and checks manifest, database and identity into `dir`; returns the manifest. */
async function fetchSnapshot(source: HandOverSource, dir: string, pin: SessionPin | null): Promise<SnapshotManifest> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.mkdirSync(path.join(dir, 'files'), { mode: 0o700 });
  const manifestText = await readAll(await handOverGet(source, SNAPSHOT_MANIFEST_FILE));
  const manifest = JSON.parse(manifestText) as SnapshotManifest;
  const db = await handOverDownload(source, 'session.db', path.join(dir, 'session.db'));
  if (db.size !== manifest.database.size || db.sha256 !== manifest.database.sha256) {
    throw new Error('The session database arrived damaged (size or SHA-256 differ from the snapshot manifest); try the hand-over again.');
  }
  const facts = checkSnapshotDatabase(path.join(dir, 'session.db'), 'full');
  if (facts.sessionId !== manifest.sessionId) throw new Error('The database is of another session than the manifest says; the hand-over was stopped.');
  if (pin) {
    if (!manifest.identity || manifest.identity.fingerprint !== pin.fingerprint) throw new Error('The snapshot carries another session identity than the one this device trusts; the hand-over was stopped.');
    const key = await readAll(await handOverGet(source, 'identity.key'));
    const cert = await readAll(await handOverGet(source, 'identity.crt'));
    if (spkiFingerprint(cert) !== pin.fingerprint || !new X509Certificate(cert).checkPrivateKey(createPrivateKey(key))) {
      throw new Error('The session identity that arrived does not match the one this device trusts; the hand-over was stopped.');
    }
    fs.writeFileSync(path.join(dir, 'identity.key'), key, { mode: 0o600 });
    fs.writeFileSync(path.join(dir, 'identity.crt'), cert, { mode: 0o600 });
  }
  fs.writeFileSync(path.join(dir, SNAPSHOT_MANIFEST_FILE), manifestText, { mode: 0o600 });
  return manifest;
}

async function fetchFiles(host: ChatHost, source: HandOverSource, log: (line: string) => void): Promise<{ moved: number; givenUp: string[] }> {
  let moved = 0;
  const givenUp: string[] = [];
  for (const id of host.filesStillMovingIds) {
    let lastError: unknown = null;
    for (let attempt = 1; attempt <= FILE_ATTEMPTS; attempt++) {
      try {
        await host.receiveMovedFile(id, await handOverGet(source, `files/${id}`));
        moved++;
        lastError = null;
        break;
      } catch (error) {
        lastError = error;
        // The old host no longer has it: waiting will not bring it back.
        if (error instanceof HandOverFetchError && error.status === 404) break;
        await new Promise((resolve) => setTimeout(resolve, FILE_RETRY_MS));
      }
    }
    if (lastError !== null) {
      host.giveUpMovedFile(id);
      givenUp.push(id);
      log(`file ${id} did not arrive from the old host (${lastError instanceof Error ? lastError.message : String(lastError)}); it shows as no longer available`);
    }
  }
  await handOverDone(source).catch((error: unknown) => log(`could not tell the old host the files arrived (${error instanceof Error ? error.message : String(error)}); it stops by itself when idle`));
  return { moved, givenUp };
}

async function readAll(stream: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}
