// Deletes what the host no longer has to keep (PROTOCOL.md, "Files"): the copy
// of a file whose retention ran out (its row and message stay, with an
// expiresAt in the past, so downloads answer file_not_found), unfinished
// uploads untouched for STALE_UPLOAD_MS (row and part both go), and offers
// whose relay copy never completed within the retention period (PROTOCOL.md,
// "Direct transfer"): like an expired copy, the row and message stay, marked
// expired, and whatever partial bytes arrived go.
import { STALE_UPLOAD_MS } from '../../src-shared/limits.js';
import type { SessionDatabase } from './database/session-database.js';
import type { FileStore } from './file-store.js';

export const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

export interface SweepResult {
  expired: number;
  stale: number;
  /** Offered files expired without a relay copy. */
  offers: number;
}

/** `retentionMs`: how long a relay copy is kept; an offer without one lives as long, counted from file.offer. */
export async function sweepFiles(db: SessionDatabase, store: FileStore, retentionMs: number, now = Date.now()): Promise<SweepResult> {
  const expired = db.files.expired(now);
  for (const file of expired) {
    await store.remove(file.id);
    db.files.markExpired(file.id);
  }
  const stale = db.files.staleUploads(now - STALE_UPLOAD_MS).filter((file) => !store.busy.has(file.id));
  for (const file of stale) {
    db.files.delete(file.id);
    await store.remove(file.id);
  }
  // Bytes still arriving (or file.complete under way) wait for the next sweep.
  const offers = db.files.expiredOffers(now - retentionMs).filter((file) => !store.busy.has(file.id));
  let expiredOffers = 0;
  for (const file of offers) {
    // Marked first, so a PUT that starts now is refused; not marked = its copy completed meanwhile: keep it.
    if (!db.files.markOfferExpired(file.id, file.createdAt + retentionMs)) continue;
    await store.remove(file.id);
    expiredOffers++;
  }
  return { expired: expired.length, stale: stale.length, offers: expiredOffers };
}

/** Sweeps now and every hour until the returned function is called. The timer never keeps the process alive. */
export function startRetentionSweeper(sweep: () => Promise<unknown>, log: (line: string) => void, intervalMs = SWEEP_INTERVAL_MS): () => void {
  const run = () => {
    sweep().catch((error: unknown) => log(`file retention sweep failed: ${error instanceof Error ? error.message : String(error)}`));
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
