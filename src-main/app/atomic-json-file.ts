// Small JSON files in the user-data folder (settings, tokens), written so that a
// crash or power cut leaves either the old file or the new one, never half of
// one: write a temporary file beside it, fsync, rename over the original.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export interface WriteOptions {
  /** File mode of a new file (0o600 for secrets). */
  mode?: number;
}

/** Reads and parses a JSON file; undefined when it does not exist. Throws on unreadable or invalid JSON. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return JSON.parse(text) as unknown;
}

const RENAME_RETRIES = 5;

export function writeJsonFileAtomic(file: string, value: unknown, { mode = 0o644 }: WriteOptions = {}): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = fs.openSync(temp, 'wx', mode);
  try {
    fs.writeFileSync(fd, `${JSON.stringify(value, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    // Windows: an antivirus or indexer briefly holding the target makes rename
    // fail with EPERM/EBUSY; a few quick retries ride that out.
    for (let attempt = 1; ; attempt++) {
      try {
        fs.renameSync(temp, file);
        break;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (attempt >= RENAME_RETRIES || (code !== 'EPERM' && code !== 'EBUSY' && code !== 'EACCES')) throw error;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20 * attempt);
      }
    }
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  // Make the rename itself durable where directories can be fsynced (not Windows).
  if (process.platform !== 'win32') {
    try {
      const dirFd = fs.openSync(dir, 'r');
      try {
        fs.fsyncSync(dirFd);
      } finally {
        fs.closeSync(dirFd);
      }
    } catch {
      // Best effort: some filesystems refuse fsync on a directory.
    }
  }
}
