// A consistent snapshot of a running session (issue 11, hand-over and
// take-over): a folder another host can be started from — it is a session
// data folder — while this host keeps serving.
//
// Format (SNAPSHOT_FORMAT 1), inside the snapshot folder:
//   session.db      the database, written by SQLite's VACUUM INTO: a compact
//                   copy in rollback-journal mode (no -wal beside it)
//   identity.key    the session's private key (PKCS#8 PEM), mode 0600
//   identity.crt    its certificate, mode 0600 (absent, like the key, for a
//                   host run without TLS)
//   files/<id>      the bytes of each relayed file, when copied with the
//                   database (`files: 'copy'`); with `files: 'later'` they
//                   follow (incoming-files.ts) and the host started from the
//                   folder answers `file_unavailable` for them until then
//   snapshot.json   the manifest (SnapshotManifest): session id, the last seq
//                   the copy holds, the database's size and SHA-256, the
//                   identity's fingerprint, every file's id, size, SHA-256,
//                   path and whether its bytes are in the folder yet
//
// Consistency: the commit batcher is flushed and the copy made in the same
// synchronous turn, so it sits between two batches: every message acknowledged
// before the snapshot was taken is in it (an acknowledgement is only sent
// after its batch committed), none of a later batch is, and no batch is half
// in. The copy is one SQLite read transaction over the live WAL database —
// never a copy of the database file itself. It is checked (quick_check; the
// receiving side should run the full integrity_check, snapshot-check.ts)
// before the folder appears: the folder is built under a temporary name and
// renamed into place, so a folder at `outDir` is always a whole snapshot.
//
// What a successor gets: the same session id, name, identity, accounts
// (password hashes, resume tokens), channels, memberships, messages with
// their seqs, read positions and file records. People online at the snapshot
// are still marked online in the copy; the successor settles their delivery
// positions at the last seq as after a crash (delivery-positions.ts), which is
// exact here — every committed event had been sent in the turn that committed
// it.
//
// Cost: the copy and the check run on the host's event loop (libsql is
// synchronous), in two pauses; measured on a 2-core machine for a 100 MB
// session (400k messages): ~0.3–0.4 s for the copy, ~0.6 s for the check.
// Messages sent meanwhile wait; none is lost.
//
// Not in the snapshot: uploads in progress (their records are, their partial
// bytes are not: the uploader's HEAD answers offset 0 and the upload starts
// over), and the join passcode, which is an option of the host, not part of
// the database. Nor anything committed after it: a hand-over has to stop the
// old host taking writes once its snapshot is taken (or send the tail).
import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { CommitBatcher } from './commit-batcher.js';
import { checkSnapshotDatabase } from './database/snapshot-check.js';
import type { SessionDatabase } from './database/session-database.js';
import { FILE_ID_PATTERN, type FileStore } from './file-store.js';
import { IDENTITY_CERT_FILE, IDENTITY_KEY_FILE, type SessionIdentity } from '../trust/session-identity.js';

export const SNAPSHOT_FORMAT = 1;
export const SNAPSHOT_MANIFEST_FILE = 'snapshot.json';
const DATABASE_FILE = 'session.db';

export interface SnapshotFile {
  id: string;
  size: number;
  sha256: string;
  /** Where its bytes go, relative to the snapshot folder (`files/<id>`). */
  path: string;
  /** The bytes are in the folder (false: they follow the database). */
  included: boolean;
}

export interface SnapshotManifest {
  format: typeof SNAPSHOT_FORMAT;
  sessionId: string;
  /** When the copy was made (ms since the epoch). */
  takenAt: number;
  /** The highest seq in the copy. */
  lastSeq: number;
  database: { path: string; size: number; sha256: string };
  /** The session identity's fingerprint, or null for a host run without TLS (no identity files). */
  identity: { fingerprint: string; keyPath: string; certPath: string } | null;
  files: SnapshotFile[];
}

/** What a snapshot is taken from: the running host's parts. */
export interface SnapshotSource {
  db: SessionDatabase;
  batcher: CommitBatcher;
  store: FileStore;
  identity: SessionIdentity | null;
}

export interface SnapshotOptions {
  /** 'copy' (default): the files' bytes go in the folder too. 'later': only their manifest entries; the bytes follow. */
  files?: 'copy' | 'later';
}

/** Takes a snapshot of the running session into `outDir`, which must not exist yet. Returns its manifest. */
export async function takeSessionSnapshot(source: SnapshotSource, outDir: string, options: SnapshotOptions = {}): Promise<SnapshotManifest> {
  if (fs.existsSync(outDir)) throw new Error(`${outDir} already exists: pick a new folder for the snapshot (it is created, never overwritten).`);
  const partial = `${outDir}.partial-${randomBytes(6).toString('hex')}`;
  fs.mkdirSync(partial, { recursive: true, mode: 0o700 });
  try {
    const dbFile = path.join(partial, DATABASE_FILE);
    // The same turn, no await in between: the copy falls between two batches.
    source.batcher.flush();
    source.db.copyInto(dbFile);
    const takenAt = Date.now();
    // Let the host answer what queued up during the copy before the check blocks it again.
    await new Promise((resolve) => setImmediate(resolve));
    const facts = checkSnapshotDatabase(dbFile, 'quick');
    await syncFile(dbFile);
    const identity = source.identity && {
      fingerprint: source.identity.fingerprint,
      keyPath: IDENTITY_KEY_FILE,
      certPath: IDENTITY_CERT_FILE,
    };
    if (source.identity) {
      await writePrivate(path.join(partial, IDENTITY_KEY_FILE), source.identity.keyPem);
      await writePrivate(path.join(partial, IDENTITY_CERT_FILE), source.identity.certPem);
    }
    fs.mkdirSync(path.join(partial, 'files'), { mode: 0o700 });
    const files: SnapshotFile[] = [];
    for (const file of facts.files) {
      const entry = { ...file, path: `files/${file.id}`, included: false };
      if (options.files !== 'later') entry.included = await copyVerified(source.store.finalPath(file.id), path.join(partial, entry.path), file);
      files.push(entry);
    }
    const manifest: SnapshotManifest = {
      format: SNAPSHOT_FORMAT,
      sessionId: facts.sessionId,
      takenAt,
      lastSeq: facts.lastSeq,
      database: { path: DATABASE_FILE, size: fs.statSync(dbFile).size, sha256: await sha256Of(dbFile) },
      identity,
      files,
    };
    fs.writeFileSync(path.join(partial, SNAPSHOT_MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    fs.renameSync(partial, outDir);
    return manifest;
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

/** The manifest of the snapshot a data folder was made from, or null for a folder that never was one. */
export function readSnapshotManifest(dataDir: string): SnapshotManifest | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dataDir, SNAPSHOT_MANIFEST_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const manifest = JSON.parse(text) as SnapshotManifest;
  if (manifest?.format !== SNAPSHOT_FORMAT || !Array.isArray(manifest.files)) {
    throw new Error(`${SNAPSHOT_MANIFEST_FILE} in ${dataDir} is not a snapshot manifest this version reads (format ${String(manifest?.format)}); take the snapshot again with this version.`);
  }
  // File ids become paths under files/: nothing but a real file id may pass.
  const bad = manifest.files.find((f) => !FILE_ID_PATTERN.test(f?.id) || !Number.isSafeInteger(f.size) || f.size < 0 || !/^[0-9a-f]{64}$/.test(f.sha256));
  if (bad) throw new Error(`${SNAPSHOT_MANIFEST_FILE} in ${dataDir} lists a file with an invalid id, size or SHA-256; take the snapshot again.`);
  return manifest;
}

/**
 * Copies a relayed file, hashing it on the way, and checks it against its
 * record. False when the file is gone from this host (deleted since the copy
 * of the database: its record then says what the successor waits for).
 */
async function copyVerified(from: string, to: string, expected: { size: number; sha256: string }): Promise<boolean> {
  const hash = createHash('sha256');
  let size = 0;
  try {
    await pipeline(
      fs.createReadStream(from),
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          hash.update(chunk);
          size += chunk.length;
          yield chunk;
        }
      },
      fs.createWriteStream(to, { mode: 0o600, flags: 'wx' }),
    );
  } catch (error) {
    fs.rmSync(to, { force: true });
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  if (size !== expected.size || hash.digest('hex') !== expected.sha256) {
    throw new Error(`The stored bytes of file ${path.basename(from)} no longer match their SHA-256 (the host's disk damaged them); the snapshot was not made.`);
  }
  return true;
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Written 0600 (whatever the umask), and on disk before the folder is renamed into place. */
async function writePrivate(file: string, contents: string): Promise<void> {
  await fs.promises.writeFile(file, contents, { mode: 0o600, flag: 'wx' });
  if (process.platform !== 'win32') await fs.promises.chmod(file, 0o600);
  await syncFile(file);
}

async function syncFile(file: string): Promise<void> {
  const handle = await fs.promises.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
