// Files still moving from the session's previous host. A host started from a
// snapshot taken with `files: 'later'` (session-snapshot.ts) has the files'
// records — the messages that carry them show as usual — before their bytes:
// chat resumes first, large files follow. Until a file's bytes have arrived
// and matched the SHA-256 in the snapshot's manifest, a download answers 503
// `file_unavailable` with Retry-After ("still moving from the previous host"),
// which a client treats like any temporary failure: it tries again.
//
// Which files are awaited is worked out at start from the manifest and the
// disk (a file in the manifest whose bytes are not in files/ yet), so a
// restart while files are moving keeps waiting for the rest.
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FileStore } from './file-store.js';
import type { SnapshotFile, SnapshotManifest } from './session-snapshot.js';

export class IncomingFiles {
  private readonly awaited = new Map<string, SnapshotFile>();

  constructor(
    private readonly store: FileStore,
    manifest: SnapshotManifest | null,
    /** The file's record still wants bytes (false once given up on: giveUp marks it expired). */
    private readonly records: { wanted(id: string): boolean; giveUp(id: string): void },
  ) {
    for (const file of manifest?.files ?? []) {
      if (!fs.existsSync(store.finalPath(file.id)) && records.wanted(file.id)) this.awaited.set(file.id, file);
    }
  }

  /** The ids of the files still awaited. */
  get ids(): string[] {
    return [...this.awaited.keys()];
  }

  /**
   * The bytes of file `id` will not come (the previous host lost it, or is
   * gone for good): its record is marked expired, so the message shows it as
   * no longer available and a download answers 404 instead of "try again".
   */
  giveUp(id: string): void {
    if (!this.awaited.delete(id)) return;
    this.records.giveUp(id);
  }

  /** The bytes of file `id` have not arrived from the previous host yet. */
  isMoving(id: string): boolean {
    return this.awaited.has(id);
  }

  /** How many files are still moving. */
  get count(): number {
    return this.awaited.size;
  }

  /**
   * Lands the bytes of an awaited file: written beside the store under a
   * temporary name, hashed on the way, and moved into place only when size
   * and SHA-256 match the manifest. Bytes that do not match are deleted and
   * the file stays awaited (the sender can send it again).
   */
  async receive(id: string, source: Readable | AsyncIterable<Buffer>): Promise<void> {
    const expected = this.awaited.get(id);
    if (!expected) throw new Error(`File ${id} is not awaited from the previous host (unknown, or already arrived).`);
    const temp = `${this.store.finalPath(id)}.moving`;
    const hash = createHash('sha256');
    let size = 0;
    try {
      await pipeline(
        source,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            size += chunk.length;
            if (size > expected.size) throw new Error(`File ${id} arrived larger than the ${expected.size} bytes the snapshot recorded; it stays unavailable until sent again.`);
            hash.update(chunk);
            yield chunk;
          }
        },
        fs.createWriteStream(temp, { mode: 0o600 }),
      );
      if (size !== expected.size || hash.digest('hex') !== expected.sha256) {
        throw new Error(`File ${id} arrived damaged (size or SHA-256 differ from the snapshot's); it stays unavailable until sent again.`);
      }
      await fs.promises.rename(temp, this.store.finalPath(id));
      this.awaited.delete(id);
    } catch (error) {
      await fs.promises.rm(temp, { force: true });
      throw error;
    }
  }
}
