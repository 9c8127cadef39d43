// The hand-over benchmark's session: `messages` messages written through the
// host's own database layer (bench/search/dataset.ts: 300 people, 150
// channels, 50 DMs, words with a Zipf distribution; bulk-loaded, then indexed
// for search as a host opening it would), and `fileBytes` of relayed files
// uploaded through the real HTTP API (file.begin, streamed PUT, file.complete,
// SHA-256 computed by the host) — so the successor has real hashes to verify.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SessionDatabase } from '../../src-main/host/database/session-database.js';
import { hashPassword } from '../../src-main/host/password-hashing.js';
import { uploadFile } from '../../src-main/transfer/relay-upload.js';
import type { SessionPin } from '../../src-main/trust/pinned-tls.js';
import type { ChatClient } from '../../src-shared/chat-client.js';
import { channelKey, GENERAL_CHANNEL_ID } from '../../src-shared/protocol/conversations.js';
import { buildDataset, DEFAULT_SPEC, SEARCHER_NAME } from '../search/dataset.js';

/** The admin of the built session (user 1 of the dataset), who takes it over. */
export const ADMIN_NAME = SEARCHER_NAME;
export const PASSWORD = 'bench-password-1';
/** No single relayed file larger than this: a session's files are many, not one. */
export const FILE_MAX_BYTES = 64 * 2 ** 20;
const BLOCK = 2 ** 20;

/** Writes the messages into `dataDir`/session.db (a folder a ChatHost then opens); returns ms taken and the database's size. */
export async function buildMessages(dataDir: string, messages: number): Promise<{ ms: number; dbBytes: number; lastSeq: number }> {
  const start = performance.now();
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'session.db');
  const db = new SessionDatabase(file);
  try {
    // Bulk load only: no fsync per transaction. The hosts below run with the production pragmas.
    db.connectionForInspection.exec('PRAGMA synchronous = OFF');
    const dataset = buildDataset(db, { ...DEFAULT_SPEC, messages }, { passwordHash: await hashPassword(PASSWORD) });
    db.search.indexPending();
    db.connectionForInspection.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    return { ms: performance.now() - start, dbBytes: fs.statSync(file).size, lastSeq: dataset.lastSeq };
  } finally {
    db.close();
  }
}

/** File sizes adding up to `totalBytes`, none over FILE_MAX_BYTES. */
export function fileSizes(totalBytes: number): number[] {
  const count = Math.max(1, Math.ceil(totalBytes / FILE_MAX_BYTES));
  return Array.from({ length: count }, (_, i) => Math.floor(totalBytes / count) + (i < totalBytes % count ? 1 : 0));
}

/**
 * Uploads files adding up to `totalBytes` into #general through the host's
 * HTTP API, one after the other, as `client`. Each is a random 1 MiB block
 * stamped with the file's and the block's number (so every file differs),
 * written to `scratchDir` first and removed after.
 */
export async function uploadFiles(options: { client: ChatClient; baseUrl: string; pin: SessionPin; totalBytes: number; scratchDir: string }): Promise<{ ms: number; files: number }> {
  const start = performance.now();
  const block = randomBytes(BLOCK);
  const sizes = fileSizes(options.totalBytes);
  const source = path.join(options.scratchDir, 'upload.bin');
  for (const [index, size] of sizes.entries()) {
    const fd = fs.openSync(source, 'w');
    try {
      for (let offset = 0, n = 0; offset < size; offset += BLOCK, n++) {
        block.writeUInt32BE(index, 0);
        block.writeUInt32BE(n, 4);
        fs.writeSync(fd, block, 0, Math.min(BLOCK, size - offset));
      }
    } finally {
      fs.closeSync(fd);
    }
    await uploadFile({ client: options.client, baseUrl: options.baseUrl, pin: options.pin, conv: channelKey(GENERAL_CHANNEL_ID), path: source, name: `recording-${index + 1}.bin` });
  }
  fs.rmSync(source, { force: true });
  return { ms: performance.now() - start, files: sizes.length };
}
