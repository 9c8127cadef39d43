// Files the renderer may upload (files:pick / files:upload). Chosen files are
// kept here as pick tokens, so no path the renderer sends is ever opened
// except a dropped file's, which is checked first. Also guesses the MIME type
// an upload is sent with.
//
// Plain module: no electron import (lint holds src-main/transfer to that).
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { nanoid } from 'nanoid';
import type { PickedFile } from '../../src-shared/ipc/ipc-contract.js';
import { IpcError } from '../../src-shared/ipc/ipc-errors.js';

/** Pick tokens kept at most (oldest forgotten first): a person picks a few files at a time. */
const MAX_PICKS = 256;

const MIME_BY_EXTENSION: Record<string, string> = {
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.mp3': 'audio/mpeg',
  '.mp4': 'video/mp4',
  '.mov': 'video/quicktime',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function guessMimeType(name: string): string {
  return MIME_BY_EXTENSION[path.extname(name).toLowerCase()] ?? '';
}

/** '.png' for 'image/png' (the first extension listed for a type); '' when unknown. */
export function extensionForMimeType(type: string): string {
  const wanted = type.trim().toLowerCase();
  return Object.keys(MIME_BY_EXTENSION).find((ext) => MIME_BY_EXTENSION[ext] === wanted) ?? '';
}

/** Pick tokens handed to the renderer, and the checks on a dropped file's path. */
export class FilePicks {
  private readonly picks = new Map<string, string>();

  /** Remembers the chosen paths and returns what the renderer may see of them. */
  async registerPicks(paths: readonly string[]): Promise<PickedFile[]> {
    const picked: PickedFile[] = [];
    for (const chosen of paths) {
      const full = path.resolve(chosen);
      const stat = await fsp.stat(full).catch(() => null);
      if (!stat?.isFile()) continue;
      const token = nanoid();
      this.picks.set(token, full);
      while (this.picks.size > MAX_PICKS) this.picks.delete(this.picks.keys().next().value as string);
      const name = path.basename(full);
      picked.push({ token, name, size: stat.size, type: guessMimeType(name) });
    }
    return picked;
  }

  /** The path behind a pick token (each token is used once). */
  takePick(token: string): string {
    const chosen = this.picks.get(token);
    if (chosen === undefined) throw new IpcError('unknown_pick', 'That file was not chosen in this window; choose it again.');
    this.picks.delete(token);
    return chosen;
  }

  /** Checks a dropped file's path: absolute, and a regular file (not a folder, device or pipe). */
  async checkDroppedPath(dropped: string): Promise<string> {
    if (!path.isAbsolute(dropped) || dropped.includes('\0')) throw new IpcError('not_a_file', 'Only files can be sent.');
    const stat = await fsp.stat(dropped).catch(() => null);
    if (!stat?.isFile()) throw new IpcError('not_a_file', `${path.basename(dropped)} is not a file that can be sent (folders cannot be sent).`);
    return path.normalize(dropped);
  }
}
