// Between a TransferManager and its journal (transfer-journal.ts): what of a
// transfer is written down when it starts, which entries a sign-in resumes,
// and the checks a resumed transfer passes before a byte moves — the same
// session (its identity, not only its id), and for an upload the same source
// file (size and mtime), so nothing half old, half new reaches anyone.
//
// Decisions:
// - The trigger is the renderer signing in (files:signed-in: session id,
//   person id, the host's address now, the token). Entries of another session
//   or another person wait for theirs (someone may use several sessions), until
//   RESUMABLE_TRANSFER_MAX_AGE_MS forgets them.
// - A resumed transfer goes to the session's address as the renderer knows it
//   now (it may have moved: a hand-over keeps the session's id and identity);
//   the identity pinned there must be the one the transfer started with, else
//   it fails saying to start it again.
// - A resumed upload is not offered directly again (its offer died with the
//   old process): the relay copy continues with the same clientMsgId, which
//   the host ties to the same upload and the same message.
// - An encrypted DM file's upload is journaled with its envelope but not its
//   key: it resumes from the staged ciphertext (encrypted-files.ts), which is
//   complete before any byte goes to the host. An encrypted download is not
//   journaled (resuming it would need the file key on disk): after a restart
//   the person downloads it again from the message.
// - Open (a download to open at once) is not resumed: opening a file minutes
//   or days later, unasked, would surprise; its cache is swept (opened-files.ts).
//
// Plain module: no electron import (lint holds src-main/transfer to that).
import fs from 'node:fs';
import type { JournalEntry } from './transfer-journal.js';
import type { DownloadRequest, Transfer, UploadRequest } from './transfer-record.js';
import { TransferError } from './transfer-error.js';

/** Who the renderer is signed in as, where (files:signed-in). */
export interface SignedInSession {
  sessionId: string;
  /** The person's id in the session (protocol user id). */
  userId: number;
  /** http(s)://host:port of the session's host now. */
  hostHttpBase: string;
  token: string;
}

/** The source file as an upload started with it. */
export interface SourceStamp {
  size: number;
  mtimeMs: number;
}

/** The journal entry for a transfer just added, or null when it is not resumed after a restart. */
export function journalEntryFor(transfer: Transfer, who: SignedInSession, identity: string | null, now: number): JournalEntry | null {
  const common = { id: transfer.id, createdAt: now, sessionId: who.sessionId, userId: who.userId, identity };
  if (transfer.download && !transfer.download.open && !transfer.download.e2e) {
    const { file, dir, name, hostHttpBase } = transfer.download;
    return { ...common, hostHttpBase, kind: 'download', download: { file, dir, name } };
  }
  if (transfer.upload && transfer.source) {
    const { path, conv, clientMsgId, direct, hostHttpBase, caption, e2e } = transfer.upload;
    return {
      ...common,
      hostHttpBase,
      kind: 'upload',
      upload: { path, conv, clientMsgId, ...transfer.source, ...(direct !== undefined && { direct }), ...(caption && { caption }), ...(e2e && { e2e: { envelope: e2e.envelope } }) },
    };
  }
  return null;
}

/** The source's size and mtime now (null: gone or not a file). Sync: called as an upload is added, right after its file was picked or checked. */
export function stampSource(path: string): SourceStamp | null {
  try {
    const stat = fs.statSync(path);
    return stat.isFile() ? { size: stat.size, mtimeMs: stat.mtimeMs } : null;
  } catch {
    return null;
  }
}

/** Whether this sign-in resumes the entry: the same session and the same person. */
export const resumedBy = (entry: JournalEntry, who: SignedInSession): boolean => entry.sessionId === who.sessionId && entry.userId === who.userId;

/** The request a resumed entry runs with: this sign-in's address and token. */
export function resumedRequest(entry: JournalEntry, who: SignedInSession): { upload: UploadRequest } | { download: DownloadRequest } {
  const at = { hostHttpBase: who.hostHttpBase, token: who.token };
  if (entry.kind === 'download') return { download: { ...entry.download, ...at } };
  const { path, conv, clientMsgId, direct, caption, e2e } = entry.upload;
  return { upload: { path, conv, clientMsgId, ...at, ...(direct !== undefined && { direct }), ...(caption && { caption }), ...(e2e && { e2e: { envelope: e2e.envelope, key: null } }) } };
}

/** A resumed transfer whose session now presents another identity: it fails, saying what to do. */
export function sessionChanged(entry: JournalEntry, identityNow: string | null): TransferError | null {
  if (entry.identity === null || entry.identity === identityNow) return null;
  const redo = entry.kind === 'download' ? 'download it again' : 'send it again';
  return new TransferError('session_changed', `The session is not the one this transfer started in (its identity changed); ${redo}.`);
}

/** Before each run of an upload: the source must be the file it started with. */
export async function checkSource(transfer: Transfer): Promise<void> {
  const { upload, source } = transfer;
  if (!upload || !source) return;
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(upload.path);
  } catch {
    throw new TransferError('source_gone', `${transfer.name} is no longer at ${upload.path}; send it again.`);
  }
  if (!stat.isFile() || stat.size !== source.size || stat.mtimeMs !== source.mtimeMs) {
    throw new TransferError('source_changed', `${transfer.name} changed since the upload started; send it again.`);
  }
}

/** Failures no retry can fix: the journal forgets them (the card still shows why). */
export const FINAL_FAILURES: ReadonlySet<string> = new Set(['source_gone', 'source_changed', 'session_changed', 'checksum_mismatch', 'file_not_found', 'not_allowed', 'forbidden', 'decrypt_failed']);
