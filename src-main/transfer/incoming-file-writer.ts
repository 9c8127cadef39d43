// Receiving a relayed file (PROTOCOL.md, "Download"): checks the disk has room,
// streams the body into "<name>.part" while hashing it, resumes an earlier
// .part with a Range request, and only when the SHA-256 matches moves it to a
// final name that never overwrites anything ("a.txt" → "a (1).txt").
import { createHash } from 'node:crypto';
import { createWriteStream, promises as fsp, type StatsFs } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { numberedFileName, sanitizeFileName } from '../../src-shared/file-names.js';
import type { FileInfo } from '../../src-shared/protocol/frames.js';
import { CHUNK_BYTES, hashFileRange, hashingTap } from './file-hashing.js';
import type { SessionPin } from '../trust/pinned-tls.js';
import { httpError, readSmallBody } from './http-errors.js';
import { pinnedRequest, refusedOr, requirePin } from './pinned-http.js';
import { ProgressMeter, type TransferProgress } from './transfer-progress.js';
import { DOWNLOAD_MOVING_WAIT_MAX_MS, MOVING_FILE_RETRY_AFTER_SECONDS } from '../../src-shared/limits.js';
import { abortError, formatBytes, isNetworkError, sleep, TransferError } from './transfer-error.js';

/** Free space kept beyond the file itself (metadata, other writers). */
export const DISK_MARGIN_BYTES = 16 * 1024 * 1024;
/** Numbered alternatives tried before giving up on a free name. */
const MAX_NAME_ATTEMPTS = 10_000;

export interface DownloadOptions {
  /** http(s)://host:port of the session host. */
  baseUrl: string;
  /**
   * The identity the URL fetched must present: the session's for the host
   * (required for an https host, else not_trusted; unused for a --plain one),
   * the sender's device identity for a sourceUrl (direct-download.ts).
   */
  pin?: SessionPin | null;
  file: FileInfo;
  /** Resume token, sent as Authorization: Bearer. Either this or ticketUrl. */
  token?: string;
  /** "/api/files/<id>?ticket=…" from file.ticket. */
  ticketUrl?: string;
  /** Folder to save into. */
  dir: string;
  signal?: AbortSignal;
  onProgress?: (p: TransferProgress) => void;
  /** Refuse up front when the disk cannot hold the rest of the file. Default true. */
  checkDiskSpace?: boolean;
  /** fs.promises.statfs, injectable for tests. */
  statfs?: (dir: string) => Promise<Pick<StatsFs, 'bavail' | 'bsize'>>;
  /** Dropped connections retried before giving up with 'host_unreachable' (default 5). */
  retries?: number;
  /**
   * Fetch from this absolute URL instead of the host (direct transfer: the
   * sender's offer URL with its ticket). token/ticketUrl are then not needed.
   */
  sourceUrl?: string;
}

export interface DownloadResult {
  /** Where the file was saved. */
  path: string;
  sha256: string;
}

/** Downloads in progress in this process, by .part path: two files with the same name take turns. */
const partLocks = new Map<string, Promise<unknown>>();

/** Downloads `file` into `dir`, verified; see the file comment. */
export function downloadFile(opts: DownloadOptions): Promise<DownloadResult> {
  const partPath = path.join(path.resolve(opts.dir), `${sanitizeFileName(opts.file.name)}.part`);
  const before = partLocks.get(partPath) ?? Promise.resolve();
  const run = before.catch(() => undefined).then(() => download(opts));
  const tail = run.catch(() => undefined);
  partLocks.set(partPath, tail);
  void tail.then(() => {
    if (partLocks.get(partPath) === tail) partLocks.delete(partPath);
  });
  return run;
}

async function download(opts: DownloadOptions): Promise<DownloadResult> {
  const { file, signal } = opts;
  if (signal?.aborted) throw abortError(signal);
  if (!opts.token && !opts.ticketUrl && !opts.sourceUrl) throw new TypeError('downloadFile needs a token, a ticketUrl or a sourceUrl');
  const dir = path.resolve(opts.dir);
  const safeName = sanitizeFileName(file.name);
  const inDir = (name: string) => {
    const full = path.join(dir, name);
    if (path.dirname(full) !== dir) throw new TransferError('io_error', `Refusing the file name ${JSON.stringify(file.name)}.`);
    return full;
  };
  const partPath = inDir(`${safeName}.part`);

  let held = await partSize(partPath);
  if (held > file.size) {
    await fsp.truncate(partPath, 0);
    held = 0;
  }

  if (opts.checkDiskSpace !== false) {
    const fsStat = await (opts.statfs ?? fsp.statfs)(dir);
    const free = Number(fsStat.bavail) * Number(fsStat.bsize);
    const needed = file.size - held + DISK_MARGIN_BYTES;
    if (free < needed) {
      throw new TransferError('disk_full', `Not enough free disk space for ${safeName}: it needs ${formatBytes(needed)} but ${dir} has ${formatBytes(free)} free.`);
    }
  }

  const url = opts.sourceUrl ? new URL(opts.sourceUrl) : new URL(opts.ticketUrl ?? `/api/files/${encodeURIComponent(file.id)}`, opts.baseUrl);
  requirePin(url, opts.pin);
  // The resume token is for the host only, never for a sender's offer server.
  const headers: Record<string, string> = opts.token && !opts.sourceUrl ? { Authorization: `Bearer ${opts.token}` } : {};
  const meter = new ProgressMeter(file.size, held);
  const retries = opts.retries ?? 5;
  let failures = 0;
  // A file still moving from the session's previous host (503 file_unavailable) is waited for, a while.
  let movingSince = 0;
  let sha256 = '';

  for (;;) {
    if (signal?.aborted) throw abortError(signal);
    // Hash what the .part already holds (from an earlier attempt or an earlier loop).
    held = await partSize(partPath);
    const hash = createHash('sha256');
    await hashFileRange(partPath, hash, 0, held, signal);
    opts.onProgress?.(meter.reset(held));
    if (held === file.size && file.size > 0) {
      sha256 = hash.digest('hex');
      break;
    }
    try {
      const got = await fetchInto(url, opts.pin, headers, held, file.sha256, partPath, hash, (n) => opts.onProgress?.(meter.add(n)), signal);
      if (got === 'restart') {
        await fsp.truncate(partPath, 0).catch(() => undefined);
        continue;
      }
      held = await partSize(partPath);
      if (held !== file.size) throw Object.assign(new Error('The host ended the download early.'), { code: 'ECONNRESET' });
      sha256 = hash.digest('hex');
      break;
    } catch (caught) {
      if (signal?.aborted) throw abortError(signal);
      const error = refusedOr(caught, opts.pin);
      if ((error as NodeJS.ErrnoException).code === 'ENOSPC') {
        throw new TransferError('disk_full', `The disk filled up while saving ${safeName}; free some space and try again (it resumes).`, true, { cause: error });
      }
      if (error instanceof TransferError && error.code === 'still_moving') {
        movingSince ||= Date.now();
        if (Date.now() - movingSince > DOWNLOAD_MOVING_WAIT_MAX_MS) {
          throw new TransferError('still_moving', `${safeName} has not arrived at the session's new host yet; try again later (it resumes).`, true, { cause: error });
        }
        await sleep(MOVING_FILE_RETRY_AFTER_SECONDS * 1000, signal);
        continue;
      }
      if (!isNetworkError(error)) throw error;
      if (++failures > retries) {
        throw new TransferError('host_unreachable', `Cannot reach the host to download ${safeName}; it will resume from ${formatBytes(await partSize(partPath))} when tried again.`, true, { cause: error });
      }
      await sleep(Math.min(5000, 250 * 2 ** (failures - 1)), signal);
    }
  }

  if (sha256 !== file.sha256) {
    await fsp.rm(partPath, { force: true });
    throw new TransferError('checksum_mismatch', `${safeName} arrived damaged (its SHA-256 does not match what the sender sent); it was not saved. Download it again.`);
  }
  return { path: await moveToFreeName(partPath, safeName, inDir), sha256 };
}

async function partSize(partPath: string): Promise<number> {
  try {
    return (await fsp.stat(partPath)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

/**
 * One GET: appends the body to partPath (which holds `held` bytes) and feeds it to `hash`.
 * 'restart' when the host sent the whole file instead of the rest (then the .part must start over).
 */
function fetchInto(
  url: URL,
  pin: SessionPin | null | undefined,
  auth: Record<string, string>,
  held: number,
  etag: string,
  partPath: string,
  hash: ReturnType<typeof createHash>,
  onBytes: (n: number) => void,
  signal?: AbortSignal,
): Promise<'done' | 'restart'> {
  return new Promise((resolve, reject) => {
    // Once the body is being written, only the pipeline settles this promise:
    // it waits for the .part to be flushed and closed, so a caller that retries
    // right after an abort or a cut sees the file's final length.
    let piping = false;
    const headers = { ...auth, ...(held > 0 && { Range: `bytes=${held}-`, 'If-Range': `"${etag}"` }) };
    const req = pinnedRequest(url, pin, { method: 'GET', agent: false, signal, headers }, (res) => {
      const status = res.statusCode ?? 0;
      const rangeStart = /^bytes (\d+)-/.exec(String(res.headers['content-range'] ?? ''))?.[1];
      const resumes = held > 0 && status === 206 && Number(rangeStart) === held;
      const fromZero = status === 200;
      if (!resumes && !fromZero) {
        void readSmallBody(res).then((body) => {
          if (status === 416 || status === 206) resolve('restart');
          else reject(httpError(status, body, 'download'));
        });
        return;
      }
      if (fromZero && held > 0) {
        res.destroy();
        resolve('restart');
        return;
      }
      const out = createWriteStream(partPath, { flags: fromZero ? 'w' : 'a', highWaterMark: CHUNK_BYTES });
      piping = true;
      pipeline(res, hashingTap(hash, onBytes), out).then(
        () => resolve('done'),
        (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
      );
    });
    req.on('error', (error) => {
      if (!piping) reject(error);
    });
    req.end();
  });
}

/** Links the verified .part to the first free name (never replacing an existing file) and removes the .part. */
export async function moveToFreeName(partPath: string, safeName: string, inDir: (name: string) => string): Promise<string> {
  for (let n = 0; n < MAX_NAME_ATTEMPTS; n++) {
    const target = inDir(n === 0 ? safeName : numberedFileName(safeName, n));
    try {
      // link fails with EEXIST when the name is taken: atomic, never clobbers.
      await fsp.link(partPath, target);
      await fsp.unlink(partPath);
      return target;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw error;
    }
    // File systems without hard links (FAT, some network shares): claim the name
    // exclusively with an empty file, then rename onto our own placeholder.
    try {
      const handle = await fsp.open(target, 'wx');
      await handle.close();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    await fsp.rename(partPath, target);
    return target;
  }
  throw new TransferError('io_error', `No free name for ${safeName} in its folder.`);
}
