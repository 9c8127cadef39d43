// Open on a file card in the desktop app (files:download with `open: true`):
// main downloads the file into a private cache — not the downloads folder, no
// save dialog — and opens it with the system's app (shell.openPath) once the
// download is done. The card shows that download's progress like any other.
//
// Why not the host's URL in the system browser, as before: the host serves
// TLS with a self-signed certificate that only this app pins, so a browser
// would show a certificate warning; and the desktop renderer reaches no host
// itself (DESIGN.md).
//
// The cache: <userData>/opened-files/<sha256>/<sanitised name>, folders 0700.
// One folder per content hash, so opening the same file again opens the copy
// already there (checked against its hash: the app that showed it may have
// changed it) instead of downloading it once more. Copies older than
// OPENED_FILES_KEEP_MS are deleted at start-up. Main opens nothing from here
// but files it wrote into this folder, and never a program or script.
//
// Plain module: no electron import (lint holds src-main/transfer to that).
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { sanitizeFileName } from '../../src-shared/file-names.js';
import { IpcError } from '../../src-shared/ipc/ipc-errors.js';
import { OPENED_FILES_KEEP_MS } from '../../src-shared/limits.js';
import type { FileInfo } from '../../src-shared/protocol/frames.js';
import { isRunnableName } from './download-runner.js';
import { hashFileRange } from './file-hashing.js';
import type { TransferManager } from './file-transfers.js';
import { makePrivateDir } from './pasted-files.js';

export interface OpenedFilesOptions {
  /** The cache folder (private to this app). */
  dir: string;
  transfers: Pick<TransferManager, 'download' | 'whenFinished' | 'savedPath'>;
  /** shell.openPath: resolves with '' on success or an error message. */
  openPath: (file: string) => Promise<string>;
  log?: (line: string) => void;
}

export interface OpenRequest {
  file: FileInfo;
  hostHttpBase: string;
  token: string;
  /** An encrypted DM file: its key, message id binding and real name (from the decrypted message). */
  e2e?: { key: string; bindingId: string; name: string };
}

export class OpenedFiles {
  private readonly dir: string;
  private readonly log: (line: string) => void;
  /** Downloads started to open a file, by content hash: a second Open meanwhile joins the first. */
  private readonly opening = new Map<string, string>();

  constructor(private readonly options: OpenedFilesOptions) {
    this.dir = path.resolve(options.dir);
    this.log = options.log ?? (() => {});
  }

  /** Deletes copies opened longer ago than OPENED_FILES_KEEP_MS (start-up). */
  async cleanOld(now = Date.now()): Promise<void> {
    const entries = await fsp.readdir(this.dir).catch(() => [] as string[]);
    for (const entry of entries) {
      const folder = path.join(this.dir, entry);
      const stat = await fsp.stat(folder).catch(() => null);
      if (stat && now - stat.mtimeMs > OPENED_FILES_KEEP_MS) {
        await fsp.rm(folder, { recursive: true, force: true }).catch((error: unknown) => this.log(`files: could not clear ${folder}: ${String(error)}`));
      }
    }
  }

  /**
   * Opens `file`: at once when an intact copy is in the cache (null), else
   * starts its download into the cache and opens it when done (the transfer id).
   */
  async open(request: OpenRequest): Promise<string | null> {
    const { file } = request;
    const { e2e } = request;
    const name = sanitizeFileName(e2e?.name ?? file.name);
    if (isRunnableName(name)) throw new IpcError('not_allowed', `Parley does not open programs or scripts (${name}); save it instead if you trust it.`);
    const running = this.opening.get(file.sha256);
    if (running !== undefined) return running;
    const folder = path.join(this.dir, file.sha256);
    const copy = path.join(folder, name);
    // A decrypted copy cannot be checked against the ciphertext's hash: an encrypted file is fetched again.
    if (!e2e && (await this.intact(copy, file))) {
      // Touched, so the start-up clean-up counts from the last Open.
      await fsp.utimes(folder, new Date(), new Date()).catch(() => {});
      await this.openCopy(copy);
      return null;
    }
    // A changed copy would make the download pick "name (1).ext": replace it.
    await fsp.rm(copy, { force: true });
    await makePrivateDir(this.dir);
    await makePrivateDir(folder);
    const transferId = this.options.transfers.download({
      file,
      hostHttpBase: request.hostHttpBase,
      token: request.token,
      dir: folder,
      name,
      open: true,
      ...(e2e && { e2e: { key: e2e.key, bindingId: e2e.bindingId } }),
    });
    this.opening.set(file.sha256, transferId);
    void this.options.transfers.whenFinished(transferId).then(async (state) => {
      this.opening.delete(file.sha256);
      if (state !== 'done') return;
      try {
        await this.openCopy(this.options.transfers.savedPath(transferId));
      } catch (error) {
        this.log(`files: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    return transferId;
  }

  /** The copy exists with the size and SHA-256 the host announced. */
  private async intact(copy: string, file: FileInfo): Promise<boolean> {
    const stat = await fsp.stat(copy).catch(() => null);
    if (!stat?.isFile() || stat.size !== file.size) return false;
    const hash = createHash('sha256');
    await hashFileRange(copy, hash, 0, stat.size);
    return hash.digest('hex') === file.sha256;
  }

  /** Opens a file main wrote into the cache; anything else is refused. */
  private async openCopy(copy: string): Promise<void> {
    const resolved = path.resolve(copy);
    if (path.dirname(path.dirname(resolved)) !== this.dir || isRunnableName(resolved)) {
      throw new IpcError('not_allowed', `Parley opens only files it downloaded to open (not ${path.basename(resolved)}).`);
    }
    const problem = await this.options.openPath(resolved);
    if (problem) throw new IpcError('not_allowed', `Could not open ${path.basename(resolved)}: ${problem}`);
  }
}
