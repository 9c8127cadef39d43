// The desktop app's unfinished transfers, remembered across a quit or a crash
// (issue 11: nothing is lost on the device). One small JSON file in userData,
// rewritten whole and atomically (the storage is passed in: src-main/app gives
// atomic-json-file.ts with mode 0600) whenever a transfer starts or ends — not
// on progress: the bytes already moved are known without it (a download's
// .part on disk, an upload's offset on the host, asked again on resume).
//
// An entry holds what a new TransferManager needs to continue the SAME
// transfer once the person is signed in to that session again:
// - both: the session (its id, the person's id, the host's address and the
//   session identity that was pinned there), when it started;
// - a download: the file (id, size, sha256), the folder and name to save as —
//   the .part beside it is what resumes, with a Range request;
// - an upload: the source path, the conversation and clientMsgId (file.begin
//   with the same clientMsgId continues the same upload: one message), and
//   the source's size and mtime, so a file changed since is not sent half old,
//   half new; for an encrypted DM file, its envelope (what the host sees
//   anyway) — the staged ciphertext in main's staging folder is what resumes,
//   never the file key (encrypted-files.ts).
// No secret is kept: the sign-in token comes from the renderer signing in again.
//
// Plain module: no electron import (lint holds src-main/transfer to that).
import { z } from 'zod';
import { E2E_MAX_ENVELOPE_BYTES, FILE_CAPTION_MAX_UTF16, MAX_RESUMABLE_TRANSFERS, RESUMABLE_TRANSFER_MAX_AGE_MS } from '../../src-shared/limits.js';
import { fileInfo } from '../../src-shared/protocol/frames.js';

/** Where the journal is read from and written to (src-main/app: userData/transfers.json, 0600, atomic). */
export interface TransferJournalStorage {
  /** The parsed JSON, or undefined when there is no journal yet. May throw (unreadable, not JSON). */
  read(): unknown;
  write(value: unknown): void;
}

const session = {
  id: z.string().min(1).max(128),
  createdAt: z.number().int().nonnegative(),
  sessionId: z.string().min(1).max(512),
  userId: z.number().int().positive(),
  hostHttpBase: z.string().url().max(2048),
  /** The session identity pinned at hostHttpBase when the transfer started (null: a --plain host). */
  identity: z.string().min(1).max(256).nullable(),
};

const downloadEntry = z.object({
  ...session,
  kind: z.literal('download'),
  download: z.object({ file: fileInfo, dir: z.string().min(1).max(4096), name: z.string().min(1).max(1024) }),
});

const uploadEntry = z.object({
  ...session,
  kind: z.literal('upload'),
  upload: z.object({
    path: z.string().min(1).max(4096),
    conv: z.string().min(1).max(512),
    clientMsgId: z.string().min(1).max(128),
    /** The source as it was when the upload started. */
    size: z.number().int().nonnegative(),
    mtimeMs: z.number().nonnegative(),
    direct: z.boolean().optional(),
    /** The caption file.begin sends again (a plain file's: the host shows it to members anyway). */
    caption: z.string().max(FILE_CAPTION_MAX_UTF16).optional(),
    /** An encrypted DM file: the envelope file.begin sends again (no key: the staged ciphertext resumes). */
    e2e: z.object({ envelope: z.string().min(1).max(E2E_MAX_ENVELOPE_BYTES) }).optional(),
  }),
});

const entrySchema = z.discriminatedUnion('kind', [downloadEntry, uploadEntry]);
export type JournalEntry = z.infer<typeof entrySchema>;
export type DownloadEntry = z.infer<typeof downloadEntry>;
export type UploadEntry = z.infer<typeof uploadEntry>;

const JOURNAL_VERSION = 1;

export interface TransferJournalOptions {
  log?: (line: string) => void;
  /** Date.now, injectable for tests. */
  now?: () => number;
  maxEntries?: number;
  maxAgeMs?: number;
}

export class TransferJournal {
  private readonly entries = new Map<string, JournalEntry>();
  private readonly log: (line: string) => void;
  private readonly now: () => number;

  /** Reads what an earlier run left; expired and malformed entries are dropped (and returned in `expired`). */
  constructor(
    private readonly storage: TransferJournalStorage,
    private readonly options: TransferJournalOptions = {},
  ) {
    this.log = options.log ?? (() => {});
    this.now = options.now ?? Date.now;
    this.expired = this.load();
  }

  /** Entries too old to resume when the journal was read (their .part files are the caller's to delete). */
  readonly expired: JournalEntry[];

  private load(): JournalEntry[] {
    let raw: unknown;
    try {
      raw = this.storage.read();
    } catch (error) {
      this.log(`files: the list of unfinished transfers is unreadable (${error instanceof Error ? error.message : String(error)}); starting empty`);
      return [];
    }
    if (raw === undefined) return [];
    const shape = z.object({ version: z.literal(JOURNAL_VERSION), entries: z.array(z.unknown()) }).safeParse(raw);
    if (!shape.success) {
      this.log('files: the list of unfinished transfers is not in the expected shape; starting empty');
      return [];
    }
    const expired: JournalEntry[] = [];
    const oldest = this.now() - (this.options.maxAgeMs ?? RESUMABLE_TRANSFER_MAX_AGE_MS);
    for (const item of shape.data.entries) {
      const entry = entrySchema.safeParse(item);
      if (!entry.success) {
        this.log(`files: dropping a malformed unfinished transfer (${entry.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")})`);
        continue;
      }
      if (entry.data.createdAt < oldest) expired.push(entry.data);
      else this.entries.set(entry.data.id, entry.data);
    }
    if (expired.length > 0) this.save();
    return expired;
  }

  /** The entries, oldest first. */
  list(): JournalEntry[] {
    return [...this.entries.values()];
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** Remembers a transfer (replacing one with its id); past the limit the oldest is forgotten. */
  put(entry: JournalEntry): void {
    this.entries.delete(entry.id);
    this.entries.set(entry.id, entry);
    const max = this.options.maxEntries ?? MAX_RESUMABLE_TRANSFERS;
    for (const id of [...this.entries.keys()].slice(0, Math.max(0, this.entries.size - max))) this.entries.delete(id);
    this.save();
  }

  /** Forgets a transfer that finished, was cancelled or can never finish. */
  remove(id: string): void {
    if (this.entries.delete(id)) this.save();
  }

  /**
   * A journal that cannot be written must not stop the transfer itself: it
   * runs, and only its resume after a restart is lost (said in the log).
   */
  private save(): void {
    try {
      this.storage.write({ version: JOURNAL_VERSION, entries: [...this.entries.values()] });
    } catch (error) {
      this.log(`files: could not save the list of unfinished transfers: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
