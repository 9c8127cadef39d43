// Writing a file only its user may read (0600, folder 0700), whole or not at
// all: a temporary file beside it, fsync'd, renamed into place. The device key
// file and the DM state file both keep secrets this way.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export function writePrivateFileAtomically(file: string, text: string): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = fs.openSync(temp, 'wx', 0o600);
  try {
    fs.writeFileSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}
