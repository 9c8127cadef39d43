// The search benchmark's measurements, apart from its command line (run.ts),
// so a smoke test can run them small: build the session database, time
// searches through SessionDatabase.search.find (and one case end to end
// through a real ChatHost), and compare insert throughput with and without
// keeping the FTS5 index up to date.
//
// The host indexes new messages in bulk, not per insert: db.search.
// indexPending() adds every message not yet indexed in one statement (one FTS5
// segment). The host calls it every SEARCH_INDEX_INTERVAL_MS, and find()
// calls it first. "With index" below does the same: host-like insert batches
// plus indexPending() every SEARCH_INDEX_INTERVAL_MS of wall time (and once
// at the end), its time counted. "Without" does the same inserts, never
// indexing.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { ChatHost } from '../../src-main/host/chat-host.js';
import { CommitBatcher } from '../../src-main/host/commit-batcher.js';
import { hashPassword } from '../../src-main/host/password-hashing.js';
import { buildFtsQuery } from '../../src-main/host/search-query.js';
import { SessionDatabase } from '../../src-main/host/database/session-database.js';
import { ChatClient, type WebSocketConstructor } from '../../src-shared/chat-client.js';
import { SEARCH_INDEX_INTERVAL_MS, SEARCH_PAGE_DEFAULT } from '../../src-shared/limits.js';
import type { LatencySummary } from '../common/latency-summary.js';
import { median } from '../common/median.js';
import {
  buildDataset,
  DEFAULT_SPEC,
  messageTextMaker,
  PLANTED_WORD,
  SEARCHER_ID,
  SEARCHER_NAME,
  seededRandom,
  WeightedPicker,
  type Dataset,
} from './dataset.js';

const PASSWORD = 'bench-password';

export type SyncMode = 'FULL' | 'NORMAL';

export interface SearchBenchConfig {
  messages: number;
  /** Timed queries per query set. */
  queries: number;
  /** Insert throughput: transaction sizes (messages per CommitBatcher flush). */
  batchSizes: number[];
  syncModes: SyncMode[];
  /** Insert throughput: how long each measured stretch runs, and how many stretches per database (median kept). */
  insertStretchMs: number;
  insertRounds: number;
  /** Also time one query set end to end through a real ChatHost over a WebSocket. */
  endToEnd: boolean;
  /** Folder for the two databases (removed afterwards by the caller). */
  dir: string;
  seed: number;
}

/** The same figures as the fan-out bench's histogram reports, here from every sample. */
export type LatencyFigures = LatencySummary;

export interface QuerySetResult {
  name: string;
  description: string;
  examples: string[];
  latency: LatencyFigures;
  /** Mean hits returned per query (at most the page size), and the share of queries with more. */
  meanHits: number;
  hasMoreShare: number;
  via: 'SessionDatabase.search.find' | 'ChatHost over ws';
  /** The slowest few queries (what makes the tail). */
  slowest: Array<{ query: string; ms: number; hits: number }>;
}

export interface InsertRow {
  sync: SyncMode;
  batch: number;
  withIndex: number;
  withoutIndex: number;
  ratio: number;
  /** Messages inserted per database in this configuration (all rounds). */
  messages: number;
}

/** One indexPending() call catching up `pending` messages: its time and the WAL pages its commit wrote. */
export interface IndexFlushRow {
  pending: number;
  ms: number;
  walPages: number;
}

export interface SearchBenchResult {
  build: {
    messages: number;
    conversations: number;
    visibleConversations: number;
    visibleMessages: number;
    ms: number;
    /** Of `ms`: indexing everything at once (indexPending after the bulk load). */
    indexMs: number;
    dbBytes: number;
    ftsBytes: number | null;
    pageSize: number;
    copyMs: number;
  };
  searches: QuerySetResult[];
  inserts: InsertRow[];
  indexFlushes: IndexFlushRow[];
  planted: { word: string; expected: number[]; found: number[]; hiddenFound: number[]; ok: boolean };
}

// ------------------------------------------------------------------ helpers

export function latencyFigures(samples: number[]): LatencyFigures {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  return {
    count: sorted.length,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: sorted[sorted.length - 1] ?? NaN,
    mean: sorted.length === 0 ? NaN : sorted.reduce((a, b) => a + b, 0) / sorted.length,
  };
}


function fileBytes(file: string): number {
  let total = 0;
  for (const suffix of ['', '-wal', '-shm']) {
    try {
      total += fs.statSync(file + suffix).size;
    } catch {
      // not there
    }
  }
  return total;
}

/**
 * Bytes of the FTS5 index: its shadow tables' pages where SQLite has the
 * dbstat table, else (libsql's build has none) the bytes stored in them
 * (segments + document sizes; B-tree overhead not counted). Null if neither works.
 */
function ftsBytes(db: SessionDatabase): number | null {
  try {
    const row = db.connectionForInspection.prepare("SELECT SUM(pgsize) AS bytes FROM dbstat WHERE name LIKE 'messages_fts%'").get() as { bytes: number | null };
    if (row.bytes !== null) return Number(row.bytes);
  } catch {
    // no dbstat: fall through
  }
  try {
    const row = db.connectionForInspection
      .prepare(
        `SELECT (SELECT IFNULL(SUM(length(block)), 0) FROM messages_fts_data)
              + (SELECT IFNULL(SUM(length(sz)) + 8 * COUNT(*), 0) FROM messages_fts_docsize)
              + (SELECT IFNULL(SUM(length(term)) + 16 * COUNT(*), 0) FROM messages_fts_idx) AS bytes`,
      )
      .get() as { bytes: number | null };
    return row.bytes === null ? null : Number(row.bytes);
  } catch {
    return null;
  }
}

// ------------------------------------------------------------------ query sets

interface QuerySpec {
  text: string;
  conv?: string;
}

interface QuerySetSpec {
  name: string;
  description: string;
  queries: QuerySpec[];
}

const pct = (n: number, of: number) => `${((n / of) * 100).toFixed(n / of < 0.01 ? 2 : 1)}%`;

/** The query sets, drawn (seeded) from the dataset's own word counts. */
export function querySets(dataset: Dataset, count: number, seed: number): QuerySetSpec[] {
  const random = seededRandom(seed);
  const { vocabulary, wordMessages, wordVisibleMessages, conversations } = dataset;
  const total = dataset.spec.messages;
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const ranks = (from: number, to: number) => Array.from({ length: Math.max(0, Math.min(to, vocabulary.length) - from) }, (_, i) => from + i);

  const common = ranks(0, 50);
  const medium = ranks(50, 500);
  const rare = ranks(0, vocabulary.length).filter((r) => wordVisibleMessages[r]! >= 1 && wordVisibleMessages[r]! <= 10);
  const prefixable = ranks(100, 5000).filter((r) => vocabulary[r]!.length >= 6);
  const visibleConvs = conversations.filter((c) => c.visible && c.messages > 0);
  const commonShare = `${pct(wordMessages[common[common.length - 1]!]!, total)}–${pct(wordMessages[0]!, total)} of messages`;
  const rareHits = rare.length > 0 ? rare.map((r) => wordVisibleMessages[r]!) : [0];
  const times = <T>(make: () => T) => Array.from({ length: count }, make);

  const sets: QuerySetSpec[] = [
    {
      name: 'common word',
      description: `one of the 50 most frequent words (each in ${commonShare}); a word of 3+ letters also matches as a prefix, a shorter one only exactly (SEARCH_PREFIX_MIN_CHARS)`,
      queries: times(() => ({ text: vocabulary[pick(common)]! })),
    },
    {
      name: 'rare word',
      description:
        rare.length > 0
          ? `a word with 1–10 hits the searcher may see (${rare.length} such words; mean ${(rareHits.reduce((a, b) => a + b, 0) / rareHits.length).toFixed(1)} visible hits)`
          : `the planted word (no vocabulary word has 1–10 visible hits at this size)`,
      queries: times(() => ({ text: rare.length > 0 ? vocabulary[pick(rare)]! : PLANTED_WORD })),
    },
    {
      name: 'two words (AND)',
      description: 'a top-50 word and a word ranked 50–500, both required',
      queries: times(() => ({ text: `${vocabulary[pick(common)]!} ${vocabulary[pick(medium)]!}` })),
    },
    {
      name: 'prefix',
      description: 'the first 3 letters of a word ranked 100–5000 (matches every word starting so)',
      queries: times(() => ({ text: vocabulary[pick(prefixable)]!.slice(0, 3) })),
    },
    {
      name: 'one conversation',
      description: `a top-50 word in one of the searcher's ${visibleConvs.length} conversations, picked uniformly (so mostly small ones)`,
      queries: times(() => ({ text: vocabulary[pick(common)]!, conv: pick(visibleConvs).conv })),
    },
  ];
  return sets;
}

const describeQuery = (q: QuerySpec) => (q.conv ? `${q.text} (in ${q.conv})` : q.text);

/** The `count` slowest distinct queries. */
function slowest(queries: QuerySpec[], samples: number[], hitCounts: number[], count = 3): QuerySetResult['slowest'] {
  const seen = new Set<string>();
  return samples
    .map((ms, i) => ({ query: describeQuery(queries[i]!), ms, hits: hitCounts[i]! }))
    .sort((a, b) => b.ms - a.ms)
    .filter((q) => !seen.has(q.query) && seen.add(q.query))
    .slice(0, count);
}

function runQuerySet(db: SessionDatabase, set: QuerySetSpec): QuerySetResult {
  const samples: number[] = [];
  const hitCounts: number[] = [];
  let hits = 0;
  let more = 0;
  // Warm-up: statements prepared, pages cached (the figures are for a host that has been running).
  for (const query of set.queries.slice(0, 10)) searchOnce(db, query);
  for (const query of set.queries) {
    const start = performance.now();
    const result = searchOnce(db, query);
    samples.push(performance.now() - start);
    hitCounts.push(result.hits.length);
    hits += result.hits.length;
    if (result.hasMore) more++;
  }
  return {
    name: set.name,
    description: set.description,
    examples: [...new Set(set.queries.map(describeQuery))].slice(0, 3),
    latency: latencyFigures(samples),
    meanHits: hits / set.queries.length,
    hasMoreShare: more / set.queries.length,
    via: 'SessionDatabase.search.find',
    slowest: slowest(set.queries, samples, hitCounts),
  };
}

/** What the host does for one `search` request, minus the socket: build the MATCH expression, run it. */
function searchOnce(db: SessionDatabase, query: QuerySpec) {
  const fts = buildFtsQuery(query.text);
  if (!fts.ok) throw new Error(`query “${query.text}” refused: ${fts.message}`);
  return db.search.find(SEARCHER_ID, fts.match, { limit: SEARCH_PAGE_DEFAULT, ...(query.conv !== undefined && { conv: query.conv }) });
}

// ------------------------------------------------------------------ inserts

/**
 * Inserts `batch` messages per transaction through the host's CommitBatcher
 * (BEGIN IMMEDIATE, a savepoint per write, COMMIT) — the write path of a send:
 * messages.insert, plus channels.touchDm for a DM — until `stretchMs` has passed.
 */
function insertStretch(
  db: SessionDatabase,
  batcher: CommitBatcher,
  next: { seq: number },
  make: () => { conv: string; senderId: number; text: string },
  batch: number,
  stretchMs: number,
  index: boolean,
): { messages: number; ms: number } {
  const start = performance.now();
  let lastIndexed = start;
  let messages = 0;
  let failed: unknown = null;
  do {
    if (index && performance.now() - lastIndexed >= SEARCH_INDEX_INTERVAL_MS) {
      db.search.indexPending();
      lastIndexed = performance.now();
    }
    for (let i = 0; i < batch; i++) {
      const m = make();
      const seq = ++next.seq;
      batcher.run(
        () => {
          db.messages.insert({ seq, conv: m.conv, senderId: m.senderId, senderName: `user${m.senderId}`, clientMsgId: `bench-${seq}`, kind: 'text', text: m.text, ts: Date.now() });
          if (m.conv.startsWith('dm:')) {
            const [, a, b] = m.conv.split(':');
            db.channels.touchDm(m.conv, Number(a), Number(b), seq);
          }
        },
        (result) => {
          if (!result.ok) failed ??= result.error;
        },
      );
    }
    batcher.flush();
    if (failed !== null) throw failed instanceof Error ? failed : new Error(String(failed));
    messages += batch;
  } while (performance.now() - start < stretchMs);
  // What is still pending gets indexed too (the host's timer would do it next), on the clock.
  if (index) db.search.indexPending();
  return { messages, ms: performance.now() - start };
}

function measureInserts(
  withIndex: SessionDatabase,
  withoutIndex: SessionDatabase,
  dataset: Dataset,
  config: SearchBenchConfig,
  log: (line: string) => void,
): InsertRow[] {
  const random = seededRandom(config.seed + 1);
  const text = messageTextMaker(dataset, config.seed + 2);
  const convPicker = new WeightedPicker(dataset.conversations.map((c) => c.messages + 1));
  const make = () => {
    const c = dataset.conversations[convPicker.pick(random)]!;
    return { conv: c.conv, senderId: c.members[Math.floor(random() * c.members.length)]!, text: text() };
  };
  const dbs = [
    { name: 'with index', db: withIndex, batcher: new CommitBatcher(withIndex), next: { seq: withIndex.maxSeq() }, index: true },
    { name: 'without index', db: withoutIndex, batcher: new CommitBatcher(withoutIndex), next: { seq: withoutIndex.maxSeq() }, index: false },
  ];
  const rows: InsertRow[] = [];
  for (const sync of config.syncModes) {
    for (const { db } of dbs) db.connectionForInspection.exec(`PRAGMA synchronous = ${sync}`);
    for (const batch of config.batchSizes) {
      const rates: number[][] = [[], []];
      let messages = 0;
      // Alternate the two databases, so drift (page cache, disk) hits both alike.
      for (let round = 0; round < config.insertRounds; round++) {
        dbs.forEach((d, i) => {
          const { messages: n, ms } = insertStretch(d.db, d.batcher, d.next, make, batch, config.insertStretchMs, d.index);
          rates[i]!.push((n / ms) * 1000);
          if (i === 0) messages += n;
        });
      }
      const row: InsertRow = { sync, batch, withIndex: median(rates[0]!), withoutIndex: median(rates[1]!), ratio: 0, messages };
      row.ratio = row.withIndex / row.withoutIndex;
      log(`  inserts, synchronous=${sync}, ${batch} per transaction: with index ${row.withIndex.toFixed(0)} msg/s, without ${row.withoutIndex.toFixed(0)} msg/s (×${row.ratio.toFixed(2)})`);
      rows.push(row);
    }
  }
  for (const { db } of dbs) db.connectionForInspection.exec('PRAGMA synchronous = FULL');
  return rows;
}

/**
 * One indexPending() catching up `pending` messages (inserted beforehand,
 * outside the clock): how long it takes, and how many WAL pages its commit
 * writes (automatic checkpoints off while counting). Pages do not depend on
 * the machine's load; at the host's rate, `pending` is what arrives in
 * SEARCH_INDEX_INTERVAL_MS.
 */
function measureIndexFlushes(db: SessionDatabase, dataset: Dataset, sizes: number[], seed: number): IndexFlushRow[] {
  const random = seededRandom(seed);
  const text = messageTextMaker(dataset, seed + 1);
  const make = () => {
    const c = dataset.conversations[Math.floor(random() * dataset.conversations.length)]!;
    return { conv: c.conv, senderId: c.members[Math.floor(random() * c.members.length)]!, text: text() };
  };
  const batcher = new CommitBatcher(db);
  const next = { seq: db.maxSeq() };
  db.search.indexPending();
  return sizes.map((pending) => {
    insertStretch(db, batcher, next, make, pending, 0, false);
    db.connectionForInspection.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    db.connectionForInspection.exec('PRAGMA wal_autocheckpoint = 0');
    try {
      const start = performance.now();
      db.search.indexPending();
      const ms = performance.now() - start;
      const row = db.connectionForInspection.prepare('PRAGMA wal_checkpoint(PASSIVE)').get() as { log: number };
      return { pending, ms, walPages: Number(row.log) };
    } finally {
      db.connectionForInspection.exec('PRAGMA wal_autocheckpoint = 1000');
      db.connectionForInspection.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    }
  });
}

// ------------------------------------------------------------------ end to end

async function endToEnd(dataDir: string, set: QuerySetSpec, log: (line: string) => void): Promise<QuerySetResult> {
  const host = new ChatHost({
    dataDir,
    port: 0,
    bindAddress: '127.0.0.1',
    tls: false, // the search path is measured, not the transport
    // 200 queries back to back would (rightly) be throttled at 20 frames/s.
    limits: { ratePerSecond: 100_000, burst: 100_000, maxQueuedFrames: 100_000 },
    log: (line) => log(`  host: ${line}`),
  });
  const { port } = await host.start();
  const client = new ChatClient({ url: `ws://127.0.0.1:${port}/ws`, WebSocket: WebSocket as unknown as WebSocketConstructor, reconnect: false });
  try {
    await client.connect();
    await client.signIn({ name: SEARCHER_NAME, password: PASSWORD });
    const search = (q: QuerySpec) => client.request('search', { query: q.text, limit: SEARCH_PAGE_DEFAULT, ...(q.conv !== undefined && { conv: q.conv }) });
    for (const q of set.queries.slice(0, 10)) await search(q);
    const samples: number[] = [];
    const hitCounts: number[] = [];
    let hits = 0;
    let more = 0;
    for (const q of set.queries) {
      const start = performance.now();
      const result = await search(q);
      samples.push(performance.now() - start);
      hitCounts.push(result.hits.length);
      hits += result.hits.length;
      if (result.hasMore) more++;
    }
    return {
      name: `${set.name}, end to end`,
      description: `${set.description}; request → ChatHost → reply over a loopback WebSocket, validated by ChatClient`,
      examples: [...new Set(set.queries.map((q) => q.text))].slice(0, 3),
      latency: latencyFigures(samples),
      meanHits: hits / set.queries.length,
      hasMoreShare: more / set.queries.length,
      via: 'ChatHost over ws',
      slowest: slowest(set.queries, samples, hitCounts),
    };
  } finally {
    client.close();
    await host.stop();
  }
}

// ------------------------------------------------------------------ the whole run

export async function runSearchBench(config: SearchBenchConfig, log: (line: string) => void = console.log): Promise<SearchBenchResult> {
  const spec = { ...DEFAULT_SPEC, messages: config.messages, seed: config.seed };
  const ftsDir = path.join(config.dir, 'with-fts');
  const plainDir = path.join(config.dir, 'without-fts');
  fs.mkdirSync(ftsDir, { recursive: true });
  fs.mkdirSync(plainDir, { recursive: true });
  const ftsFile = path.join(ftsDir, 'session.db');
  const plainFile = path.join(plainDir, 'session.db');

  // ---- build (bulk load in big transactions, then one indexPending for the whole index)
  log(`building ${config.messages.toLocaleString('en')} messages…`);
  let db = new SessionDatabase(ftsFile);
  // Bulk load only: no fsync per transaction. Measurements below use the production pragmas.
  db.connectionForInspection.exec('PRAGMA synchronous = OFF');
  const passwordHash = await hashPassword(PASSWORD);
  let lastReport = performance.now();
  const loaded = buildDataset(db, spec, {
    passwordHash,
    onProgress: (done) => {
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        log(`  ${done.toLocaleString('en')} messages…`);
      }
    },
  });
  // The bulk load did not index: catch up in one go, as a host opening this database would.
  const indexStart = performance.now();
  db.search.indexPending();
  const indexMs = performance.now() - indexStart;
  const dataset = { ...loaded, buildMs: loaded.buildMs + indexMs };
  db.connectionForInspection.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  db.connectionForInspection.exec('PRAGMA synchronous = FULL');
  const visible = dataset.conversations.filter((c) => c.visible);
  const build = {
    messages: config.messages,
    conversations: dataset.conversations.length,
    visibleConversations: visible.length,
    visibleMessages: visible.reduce((sum, c) => sum + c.messages, 0),
    ms: dataset.buildMs,
    indexMs,
    dbBytes: fileBytes(ftsFile),
    ftsBytes: ftsBytes(db),
    pageSize: Number((db.connectionForInspection.prepare('PRAGMA page_size').get() as { page_size: number }).page_size),
    copyMs: 0,
  };
  log(`  built in ${(build.ms / 1000).toFixed(1)} s (of which indexing ${(indexMs / 1000).toFixed(1)} s), ${(build.dbBytes / 2 ** 20).toFixed(0)} MiB`);

  // ---- correctness: the planted word is found exactly in the visible conversations
  const plantedHits = searchOnce(db, { text: PLANTED_WORD }).hits.map((h) => h.message.seq);
  const expected = [...dataset.plantedVisible].sort((a, b) => b - a);
  const planted = {
    word: PLANTED_WORD,
    expected,
    found: plantedHits,
    hiddenFound: plantedHits.filter((seq) => dataset.plantedHidden.includes(seq)),
    ok: JSON.stringify(plantedHits) === JSON.stringify(expected),
  };

  // ---- search latency
  const sets = querySets(dataset, config.queries, config.seed + 3);
  const searches: QuerySetResult[] = [];
  for (const set of sets) {
    const result = runQuerySet(db, set);
    log(`  search, ${set.name}: p50 ${result.latency.p50.toFixed(2)} ms, p99 ${result.latency.p99.toFixed(2)} ms, max ${result.latency.max.toFixed(2)} ms`);
    searches.push(result);
  }

  // ---- a copy (same size, same pages) that is never indexed
  db.close();
  const copyStart = performance.now();
  fs.copyFileSync(ftsFile, plainFile);
  build.copyMs = performance.now() - copyStart;
  db = new SessionDatabase(ftsFile);
  const plain = new SessionDatabase(plainFile);
  let inserts: InsertRow[];
  let indexFlushes: IndexFlushRow[];
  try {
    inserts = measureInserts(db, plain, dataset, config, log);
    indexFlushes = measureIndexFlushes(db, dataset, [1, 100, 1000, 5000], config.seed + 4);
    for (const f of indexFlushes) log(`  indexPending of ${f.pending} messages: ${f.ms.toFixed(1)} ms, ${f.walPages} WAL pages`);
  } finally {
    plain.close();
    db.close();
  }

  // ---- one case end to end
  if (config.endToEnd) {
    const set = sets[0]!;
    const result = await endToEnd(ftsDir, set, log);
    log(`  search, ${result.name}: p50 ${result.latency.p50.toFixed(2)} ms, p99 ${result.latency.p99.toFixed(2)} ms, max ${result.latency.max.toFixed(2)} ms`);
    searches.push(result);
  }

  return { build, searches, inserts, indexFlushes, planted };
}
