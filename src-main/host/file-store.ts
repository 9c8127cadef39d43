// Where relayed files live on the host's disk, and the running SHA-256 of each
// upload. Bytes are stored under the file id (`<dataDir>/files/<id>.part` while
// uploading, `<dataDir>/files/<id>` once complete) — never under the sender's
// name. Nothing here reads a whole file into memory: hashes are updated as
// bytes arrive, and after a host restart the existing part is re-hashed by
// streaming it.
import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';

/** A new file id: 128 random bits, base64url (22 characters). */
export const newFileId = (): string => randomBytes(16).toString('base64url');
/** What a file id looks like (so a URL segment can never be a path). */
export const FILE_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

interface Running {
  hash: Hash;
  bytes: number;
}

export class FileStore {
  readonly dir: string;
  /** Running hash of the bytes held for each upload, when known (lost on restart). */
  private readonly running = new Map<string, Running>();
  /** Uploads whose bytes are being written (a PUT) or checked (file.complete) right now. */
  readonly busy = new Set<string>();

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'files');
    fs.mkdirSync(this.dir, { recursive: true });
  }

  partPath(id: string): string {
    return path.join(this.dir, `${id}.part`);
  }

  finalPath(id: string): string {
    return path.join(this.dir, id);
  }

  /** Bytes held for an unfinished upload: the size of its part file (0 if none yet). */
  async bytesHeld(id: string): Promise<number> {
    try {
      return (await fs.promises.stat(this.partPath(id))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
  }

  /**
   * The running hash of the part file, matching its current size exactly.
   * When not in memory (host restarted, or a write failed midway) the part is
   * re-hashed by streaming it.
   */
  async runningHash(id: string): Promise<Running> {
    const held = await this.bytesHeld(id);
    const known = this.running.get(id);
    if (known && known.bytes === held) return known;
    const hash = createHash('sha256');
    let bytes = 0;
    if (held > 0) {
      await pipeline(fs.createReadStream(this.partPath(id), { start: 0, end: held - 1 }), async (source: AsyncIterable<Buffer>) => {
        for await (const chunk of source) {
          hash.update(chunk);
          bytes += chunk.length;
        }
      });
    }
    const running = { hash, bytes };
    this.running.set(id, running);
    return running;
  }

  /** Forget the in-memory hash (it no longer matches the disk). */
  forgetHash(id: string): void {
    this.running.delete(id);
  }

  /** Lower-case hex SHA-256 of every byte held, without disturbing the running hash. */
  async digest(id: string): Promise<string> {
    const running = await this.runningHash(id);
    return running.hash.copy().digest('hex');
  }

  /** Moves a finished upload into place. */
  async finish(id: string): Promise<void> {
    await (await fs.promises.open(this.partPath(id), 'a')).close(); // a 0-byte file never got a PUT
    await fs.promises.rename(this.partPath(id), this.finalPath(id));
    this.running.delete(id);
  }

  /** Undoes finish() (the database refused to record it). */
  async unfinish(id: string): Promise<void> {
    await fs.promises.rename(this.finalPath(id), this.partPath(id));
  }

  /** Deletes whatever is held for `id` (part and final); missing files are fine. */
  async remove(id: string): Promise<void> {
    this.running.delete(id);
    await Promise.all([fs.promises.rm(this.partPath(id), { force: true }), fs.promises.rm(this.finalPath(id), { force: true })]);
  }

  /** Bytes free for this process on the disk holding the files. */
  async freeBytes(): Promise<number> {
    const stats = await fs.promises.statfs(this.dir);
    return Number(stats.bavail) * Number(stats.bsize);
  }
}
