// Files in end-to-end encrypted DMs, on the desktop (issue 13; dm-file.ts).
//
// Upload: before the first PUT, main encrypts the picked file from disk,
// chunk by chunk (FileEncryptor, 64 KiB at a time, never the whole file in
// memory), into a staged ciphertext file in its private staging folder (0600),
// and then uploads that file like any other (relay-upload.ts: the same resume
// from the host's offset, the same SHA-256 — of the ciphertext).
// Why a staged copy rather than encrypting inside each PUT: secretstream starts
// every encryption with a fresh random header, so encrypting again after a cut
// or a restart would give different bytes than the host already holds. The
// staged copy is the one ciphertext of this upload: a cut PUT, a pause or an
// app restart continue it byte for byte, and the file key is needed only once,
// while staging — it is never written to disk or to the journal. The price is
// disk space for one copy while the upload runs; it is deleted when the upload
// is done or cancelled.
//
// Download: the ciphertext is downloaded (resumable, SHA-256 checked) into the
// staging folder, then decrypted chunk by chunk into "<name>.decrypting" beside
// the target and moved to a free name only once the last chunk's tag checked
// out. Any failure (a changed byte, a cut-off file, the wrong key) deletes the
// partial plaintext and the ciphertext and says so: nothing half-decrypted is
// ever left under the file's name.
//
// Plain module: no electron import (lint holds src-main/transfer to that).
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { E2eError } from '../../src-shared/e2e/e2e-error.js';
import { encryptedFileSize, FILE_CHUNK_OVERHEAD, FILE_HEADER_BYTES, FileDecryptor, FileEncryptor } from '../../src-shared/e2e/file-cipher.js';
import { sanitizeFileName } from '../../src-shared/file-names.js';
import { E2E_FILE_CHUNK_BYTES } from '../../src-shared/limits.js';
import { moveToFreeName } from './incoming-file-writer.js';
import { abortError, TransferError } from './transfer-error.js';

/** Where staged ciphertext goes when main gives no folder (the desktop app passes one in userData). */
export function defaultStagingDir(): string {
  return path.join(os.tmpdir(), `parley-e2e-staging-${os.userInfo().uid}`);
}

/** The staged ciphertext of an upload, by its clientMsgId (hashed: any id makes a safe file name). */
export function stagedUploadPath(stagingDir: string, clientMsgId: string): string {
  return path.join(stagingDir, `up-${createHash('sha256').update(clientMsgId).digest('hex').slice(0, 32)}.e2e`);
}

/**
 * Start-up: deletes staged ciphertext nothing will continue — every file but
 * the staged uploads in `keep` (the journal's encrypted uploads). Encrypted
 * downloads are not journaled, so their leftovers always go.
 */
export async function sweepStaging(stagingDir: string, keep: ReadonlySet<string>, log: (line: string) => void, startedAt = Date.now()): Promise<void> {
  const entries = await fsp.readdir(stagingDir).catch(() => [] as string[]);
  for (const entry of entries) {
    const file = path.join(stagingDir, entry);
    if (keep.has(file)) continue;
    // A transfer of this run may already be staging: only what an earlier run left goes.
    const stat = await fsp.stat(file).catch(() => null);
    if (!stat || stat.mtimeMs >= startedAt) continue;
    await fsp.rm(file, { force: true }).catch((error: unknown) => log(`files: could not remove ${file}: ${String(error)}`));
  }
}

/** The staging folder, private to this user. */
async function ensureStagingDir(stagingDir: string): Promise<void> {
  await fsp.mkdir(stagingDir, { recursive: true, mode: 0o700 });
}

/**
 * The staged ciphertext of `source` at `target`: made now (through a .tmp, so a
 * crash never leaves a half-made one under the final name), or reused when an
 * earlier run left it complete. `key` is only needed to make it.
 */
export async function stageEncryptedUpload(opts: { source: string; target: string; key: Uint8Array | null; bindingId: string; signal?: AbortSignal }): Promise<{ path: string; size: number }> {
  const { source, target, signal } = opts;
  const plainSize = (await fsp.stat(source)).size;
  const size = encryptedFileSize(plainSize);
  const staged = await fsp.stat(target).catch(() => null);
  if (staged?.isFile() && staged.size === size) return { path: target, size };
  if (!opts.key) {
    throw new TransferError('source_changed', `The encrypted copy of ${path.basename(source)} was not finished before the app stopped, and its key is not kept on disk; send it again.`);
  }
  await ensureStagingDir(path.dirname(target));
  const tmp = `${target}.tmp`;
  const input = await fsp.open(source, 'r');
  const output = await fsp.open(tmp, 'w', 0o600);
  try {
    const encryptor = await FileEncryptor.create(opts.key, opts.bindingId);
    await output.write(encryptor.header);
    const buffer = new Uint8Array(E2E_FILE_CHUNK_BYTES);
    let offset = 0;
    do {
      if (signal?.aborted) throw abortError(signal);
      const want = Math.min(E2E_FILE_CHUNK_BYTES, plainSize - offset);
      const { bytesRead } = await input.read(buffer, 0, want, offset);
      if (bytesRead !== want) throw new TransferError('source_changed', `${path.basename(source)} changed while it was being encrypted; send it again.`);
      offset += bytesRead;
      await output.write(encryptor.push(buffer.subarray(0, bytesRead), offset === plainSize));
    } while (offset < plainSize);
    await output.sync();
  } catch (error) {
    await output.close().catch(() => undefined);
    await fsp.rm(tmp, { force: true });
    throw error;
  } finally {
    await input.close().catch(() => undefined);
  }
  await output.close();
  await fsp.rename(tmp, target);
  return { path: target, size };
}

/**
 * Decrypts the downloaded ciphertext at `cipherPath` into `dir` as `name`
 * (never overwriting: "a (1).txt"), checking every chunk; returns the saved path.
 * On any failure nothing is left: no partial plaintext, no ciphertext.
 */
export async function decryptDownload(opts: { cipherPath: string; dir: string; name: string; key: Uint8Array; bindingId: string; signal?: AbortSignal }): Promise<string> {
  const { cipherPath, signal } = opts;
  const dir = path.resolve(opts.dir);
  const safeName = sanitizeFileName(opts.name);
  const inDir = (name: string) => {
    const full = path.join(dir, name);
    if (path.dirname(full) !== dir) throw new TransferError('io_error', `Refusing the file name ${JSON.stringify(opts.name)}.`);
    return full;
  };
  const partPath = inDir(`${safeName}.decrypting`);
  const input = await fsp.open(cipherPath, 'r');
  let output: fsp.FileHandle | null = null;
  try {
    const total = (await input.stat()).size;
    const header = new Uint8Array(FILE_HEADER_BYTES);
    const got = await input.read(header, 0, FILE_HEADER_BYTES, 0);
    if (got.bytesRead !== FILE_HEADER_BYTES || total < FILE_HEADER_BYTES + FILE_CHUNK_OVERHEAD) throw new E2eError('file_truncated', 'The encrypted file is too short.');
    const decryptor = await FileDecryptor.create(opts.key, header, opts.bindingId);
    output = await fsp.open(partPath, 'w', 0o600);
    const buffer = new Uint8Array(E2E_FILE_CHUNK_BYTES + FILE_CHUNK_OVERHEAD);
    for (let at = FILE_HEADER_BYTES; at < total; ) {
      if (signal?.aborted) throw abortError(signal);
      const { bytesRead } = await input.read(buffer, 0, Math.min(buffer.length, total - at), at);
      if (bytesRead === 0) break;
      at += bytesRead;
      await output.write(decryptor.pull(buffer.subarray(0, bytesRead)));
    }
    decryptor.finish();
    await output.close();
    output = null;
    // A saved file gets the usual mode (the umask's), like any other download.
    await fsp.chmod(partPath, 0o644 & ~process.umask());
    const saved = await moveToFreeName(partPath, safeName, inDir);
    await fsp.rm(cipherPath, { force: true });
    return saved;
  } catch (error) {
    await output?.close().catch(() => undefined);
    await fsp.rm(partPath, { force: true });
    if (signal?.aborted) throw abortError(signal);
    if (error instanceof E2eError) {
      // The ciphertext is useless: the next try downloads it afresh.
      await fsp.rm(cipherPath, { force: true });
      throw new TransferError('decrypt_failed', `${safeName} could not be decrypted (${error.message}); it was not saved. It was changed on the way or by the host; ask the sender to send it again.`, false, { cause: error });
    }
    throw error;
  } finally {
    await input.close().catch(() => undefined);
  }
}
