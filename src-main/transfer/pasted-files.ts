// Pasted files in the desktop app: a file from the clipboard (a screenshot, an
// image copied in a browser) has no place on disk, so the renderer sends its
// bytes over IPC (files:upload `pasted`, at most PASTED_FILE_MAX_BYTES) and
// main keeps them in a private temporary file — a folder of its own under
// userData (0700) per paste, the file 0600 — uploads that exactly like a
// dropped file (TransferManager: progress, pause, resume, retry, cancel), and
// deletes it once the upload is done or cancelled. A failed upload keeps its
// file, so Retry can continue; what an earlier run left behind (quit
// mid-upload, crash) is deleted at start-up.
//
// Why not the renderer's own HTTP upload: the desktop renderer makes no
// request to a LAN address (DESIGN.md; its CSP allows connect-src 'self' only),
// and only main can pin the host's certificate.
//
// Plain module: no electron import (lint holds src-main/transfer to that).
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { nanoid } from 'nanoid';
import { sanitizeFileName } from '../../src-shared/file-names.js';
import type { PastedFile } from '../../src-shared/ipc/ipc-contract.js';
import { IpcError } from '../../src-shared/ipc/ipc-errors.js';
import type { TransferManager } from './file-transfers.js';
import { extensionForMimeType } from './file-picks.js';
import type { UploadRequest } from './transfer-record.js';

/** Creates `dir` private to this user (mkdir's mode is masked by the umask and ignored for a folder that exists). */
export async function makePrivateDir(dir: string): Promise<void> {
  await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
  await fsp.chmod(dir, 0o700);
}

/** The name a pasted file is uploaded under: sanitised, and with an extension from its type when it has none. */
export function pastedFileName(name: string, type: string): string {
  const base = name.trim() === '' ? 'pasted' : sanitizeFileName(name);
  return path.extname(base) === '' ? `${base}${extensionForMimeType(type)}` : base;
}

export class PastedFiles {
  private readonly dir: string;
  private cleaning: Promise<void> = Promise.resolve();

  constructor(
    dir: string,
    private readonly log: (line: string) => void = () => {},
  ) {
    this.dir = path.resolve(dir);
  }

  /** Deletes what an earlier run left. Called once at start-up; write() waits for it. */
  cleanLeftovers(): Promise<void> {
    this.cleaning = fsp.rm(this.dir, { recursive: true, force: true }).catch((error: unknown) => this.log(`files: could not clear ${this.dir}: ${String(error)}`));
    return this.cleaning;
  }

  /** Writes the bytes to a new private file and returns its path. */
  async write(pasted: PastedFile): Promise<string> {
    await this.cleaning;
    try {
      await makePrivateDir(this.dir);
      const folder = path.join(this.dir, nanoid());
      await fsp.mkdir(folder, { mode: 0o700 });
      const file = path.join(folder, pastedFileName(pasted.name, pasted.type));
      await fsp.writeFile(file, pasted.bytes, { mode: 0o600, flag: 'wx' });
      return file;
    } catch (error) {
      throw new IpcError('disk_failed', `Could not keep the pasted file to send it: ${error instanceof Error ? error.message : String(error)}. Save it to disk and drag it into the window instead.`);
    }
  }

  /** Deletes a pasted file (its folder); only ever one this class wrote. */
  async remove(file: string): Promise<void> {
    const folder = path.dirname(path.resolve(file));
    if (path.dirname(folder) !== this.dir) return;
    await fsp.rm(folder, { recursive: true, force: true }).catch((error: unknown) => this.log(`files: could not remove a pasted file: ${String(error)}`));
  }

  /**
   * Writes the paste and uploads it like a dropped file — relay copy only, as
   * the file is gone once uploaded — and deletes it when the upload is done or
   * cancelled. Returns the transfer id.
   */
  async upload(transfers: Pick<TransferManager, 'upload' | 'whenFinished'>, pasted: PastedFile, request: Omit<UploadRequest, 'path' | 'direct'>): Promise<string> {
    const file = await this.write(pasted);
    const transferId = transfers.upload({ ...request, path: file, direct: false });
    void transfers.whenFinished(transferId).then(() => this.remove(file));
    return transferId;
  }
}
