// Seeding bench/dm-open: 10,000 real encrypted DMs (encrypted in a pool of
// worker threads: ~12 ms each on one core, so one thread would take two
// minutes) and 10,000 plain ones, written straight into the host's SQLite
// with its own schema and code (as bench/renderer does), the host stopped.
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { SessionDatabase } from '../../src-main/host/database/session-database.js';
import { messageId, messageText, type EncryptJob } from './dataset.js';

/** A worker thread does not inherit tsx's loader: it registers it, then loads the TypeScript worker. */
const WORKER_BOOT = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./encrypt-worker.ts', import.meta.url).href)}); });`;

/** Encrypts messages 1..total in `threads` workers; envelopes in message order. */
export async function encryptAll(base: Omit<EncryptJob, 'from' | 'to'>, total: number, threads = Math.max(1, os.availableParallelism())): Promise<string[]> {
  const per = Math.ceil(total / threads);
  const parts = await Promise.all(
    Array.from({ length: threads }, (_, t) => {
      const job: EncryptJob = { ...base, from: 1 + t * per, to: Math.min(total, (t + 1) * per) + 1 };
      return new Promise<string[]>((resolve, reject) => {
        const worker = new Worker(WORKER_BOOT, { eval: true, workerData: job });
        worker.once('message', (envelopes: string[]) => resolve(envelopes));
        worker.once('error', reject);
        worker.once('exit', (code) => code !== 0 && reject(new Error(`an encrypting worker stopped with code ${code}`)));
      });
    }),
  );
  return parts.flat();
}

export interface SeedDm {
  conv: string;
  /** The two people, lower id first (as dmKey orders them). */
  people: [number, number];
  senderId: number;
  senderName: string;
  firstTs: number;
  stepMs: number;
  /** Envelopes of an encrypted DM (message i is envelopes[i-1]); absent: plain text. */
  envelopes?: string[];
}

/** Writes `total` messages into each DM, in one transaction. */
export function insertDms(dataDir: string, total: number, dms: SeedDm[]): void {
  const db = new SessionDatabase(path.join(dataDir, 'session.db'));
  let seq = db.maxSeq();
  db.connectionForInspection.exec('BEGIN');
  for (const dm of dms) {
    for (let i = 1; i <= total; i++) {
      const envelope = dm.envelopes?.[i - 1];
      db.messages.insert({
        seq: ++seq,
        conv: dm.conv,
        senderId: dm.senderId,
        senderName: dm.senderName,
        clientMsgId: envelope === undefined ? null : messageId(i),
        kind: 'text',
        text: envelope === undefined ? messageText(i) : '',
        ts: dm.firstTs + i * dm.stepMs,
        ...(envelope !== undefined && { e2e: envelope }),
      });
    }
    db.channels.touchDm(dm.conv, dm.people[0], dm.people[1], seq); // the sidebar lists it
    // The reader has read it all, so the DM opens at its newest message (with
    // more than a page unread it would open at the "New messages" line).
    for (const person of dm.people) if (person !== dm.senderId) db.readState.markRead(person, dm.conv, seq);
  }
  db.connectionForInspection.exec('COMMIT');
  db.close();
}
