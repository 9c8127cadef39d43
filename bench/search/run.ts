// Search benchmark: a session database (the real SessionDatabase, its
// migrations and FTS5 index) holding a million messages in 200 conversations,
// searched by a person who sees 80 of them; and what keeping the index up to
// date costs when messages are written (the host indexes new messages in bulk
// every SEARCH_INDEX_INTERVAL_MS: SessionDatabase.search.indexPending).
//
//   npx tsx bench/search/run.ts                    # 1,000,000 messages, 200 queries per set
//   npx tsx bench/search/run.ts --quick            # 200,000 messages
//   options: --messages N  --queries N  --batches 1,10,100  --sync FULL,NORMAL
//            --no-e2e  --data-dir DIR  --out bench/results/search.json  --strict (exit 1 on FAIL)
//
// Prints how long the build took and the database size, search latency per
// query set (p50/p99/max), insert throughput with and without indexing (and
// the ratio), and PASS/FAIL per target. Gives up after 5 min.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { COMMON_OPTIONS, positiveInt } from '../common/args.js';
import { machineLoad } from '../common/machine-load.js';
import { machineInfo, machineLine } from '../common/machine.js';
import { resultsFile, writeResults } from '../common/results-file.js';
import { runBench } from '../common/run-bench.js';
import { printTargets, targetsExitCode, type Target } from '../common/targets.js';
import { runSearchBench, type InsertRow, type QuerySetResult, type SearchBenchConfig, type SyncMode } from './bench.js';
import { SEARCH_INDEX_INTERVAL_MS } from '../../src-shared/limits.js';
import { DEFAULT_SPEC } from './dataset.js';

const HARD_TIMEOUT_MS = 5 * 60_000;
const P99_TARGET_MS = 50;
const RATIO_TARGET = 0.7;

const { values: args } = parseArgs({
  options: {
    ...COMMON_OPTIONS,
    messages: { type: 'string' },
    queries: { type: 'string' },
    batches: { type: 'string' },
    sync: { type: 'string' },
    'no-e2e': { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
  },
  strict: true,
});

const quick = args.quick === true;
const tmp = fs.mkdtempSync(path.join(path.resolve(args['data-dir'] ?? os.tmpdir()), 'parley-bench-search-'));
const config: SearchBenchConfig = {
  messages: positiveInt(args.messages, quick ? 200_000 : DEFAULT_SPEC.messages, 'messages'),
  queries: positiveInt(args.queries, 200, 'queries'),
  batchSizes: args.batches ? args.batches.split(',').map((s) => positiveInt(s.trim(), 0, 'batches')) : [1, 10, 100],
  syncModes: (args.sync ?? 'FULL,NORMAL').split(',').map((s): SyncMode => {
    const mode = s.trim().toUpperCase();
    if (mode !== 'FULL' && mode !== 'NORMAL') throw new Error(`--sync takes FULL and/or NORMAL, got “${s}”`);
    return mode;
  }),
  insertStretchMs: quick ? 500 : 1000,
  insertRounds: 3,
  endToEnd: !args['no-e2e'],
  dir: tmp,
  seed: DEFAULT_SPEC.seed,
};
const outFile = resultsFile(args.out, 'search');


// ------------------------------------------------------------------ output

const fmt = (n: number | null, digits = 0) => (n === null || !Number.isFinite(n) ? '–' : n.toFixed(digits));
const int = (n: number) => Math.round(n).toLocaleString('en');

function render(header: string[], lines: string[][], leftColumns: number): string {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => `| ${cells.map((c, i) => (i < leftColumns ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i < leftColumns ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [row(header), rule, ...lines.map(row)].join('\n');
}

const searchTable = (rows: QuerySetResult[]) =>
  render(
    ['query set', 'via', 'queries', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'mean ms', 'hits/query', 'more'],
    rows.map((r) => [
      r.name,
      r.via === 'ChatHost over ws' ? 'ChatHost, ws' : 'db.search',
      String(r.latency.count),
      fmt(r.latency.p50, 2),
      fmt(r.latency.p90, 2),
      fmt(r.latency.p99, 2),
      fmt(r.latency.max, 2),
      fmt(r.latency.mean, 2),
      fmt(r.meanHits, 1),
      `${fmt(r.hasMoreShare * 100)}%`,
    ]),
    2,
  );

const insertTable = (rows: InsertRow[]) =>
  render(
    ['synchronous', 'msgs/transaction', 'with index msg/s', 'without index msg/s', 'with / without'],
    rows.map((r) => [r.sync, String(r.batch), int(r.withIndex), int(r.withoutIndex), `${fmt(r.ratio * 100)}%`]),
    1,
  );

// ------------------------------------------------------------------ main

async function main(): Promise<number> {
  const machine = machineInfo();
  console.log('Parley search benchmark — SessionDatabase (SQLite FTS5, unicode61) and its write cost');
  console.log(machineLine(machine));
  console.log(
    `dataset: ${int(config.messages)} messages in ${DEFAULT_SPEC.channels} channels (sizes falling off like 1/rank) + ${DEFAULT_SPEC.dms} DMs (${DEFAULT_SPEC.dmShare * 100}% of messages); ` +
      `${DEFAULT_SPEC.users} people; the searcher is in ${DEFAULT_SPEC.visibleChannels} channels and ${DEFAULT_SPEC.visibleDms} DMs`,
  );
  console.log(`text: 2–60 words (mean ~10) drawn from a ${int(DEFAULT_SPEC.vocabulary)}-word vocabulary with Zipf frequencies (s = ${DEFAULT_SPEC.zipfS}); seed ${config.seed}`);
  console.log(`database files under ${tmp} (removed at the end)`);
  const idleLoad = await machineLoad(1000);
  console.log(`machine load before starting: ${fmt(idleLoad)}% of one core busy (other programs)${idleLoad > 20 ? ' — WARNING: something else is running; figures will be noisy' : ''}`);
  console.log('');

  const result = await runSearchBench(config, (line) => console.log(line));
  const loadAfter = await machineLoad(1000);
  const { build, searches, inserts, indexFlushes, planted } = result;

  console.log('');
  console.log(
    `build: ${int(build.messages)} messages (bulk load, 50,000 per transaction, synchronous=OFF, then one indexPending: ${fmt(build.indexMs / 1000, 1)} s) in ${fmt(build.ms / 1000, 1)} s ` +
      `(${int(build.messages / (build.ms / 1000))} msg/s); session.db ${fmt(build.dbBytes / 2 ** 20)} MiB` +
      (build.ftsBytes === null ? '' : `, of which the FTS index ≈ ${fmt(build.ftsBytes / 2 ** 20)} MiB (${fmt((build.ftsBytes / build.dbBytes) * 100)}%)`),
  );
  console.log(
    `searcher sees ${build.visibleConversations} of ${build.conversations} conversations, ${int(build.visibleMessages)} of ${int(build.messages)} messages (${fmt((build.visibleMessages / build.messages) * 100)}%)`,
  );
  console.log('');
  console.log('Search latency (one query at a time, page of 20 newest hits; buildFtsQuery + SessionDatabase.search.find, which also loads each hit):');
  console.log(searchTable(searches));
  for (const s of searches) {
    console.log(`  ${s.name}: ${s.description}; e.g. ${s.examples.map((e) => `“${e}”`).join(', ')}`);
    console.log(`      slowest: ${s.slowest.map((q) => `“${q.query}” ${fmt(q.ms, 1)} ms (${q.hits} hits)`).join(', ')}`);
  }
  console.log('');
  console.log('Insert throughput through the host\'s CommitBatcher (BEGIN IMMEDIATE, savepoint per write, messages.insert (+ channels.touchDm for DMs), COMMIT), WAL,');
  console.log(`into the ${int(build.messages)}-message database: "with index" also runs indexPending() every ${SEARCH_INDEX_INTERVAL_MS} ms of wall time and once at the end,`);
  console.log(`its time counted; "without" is a copy of the database that is never indexed (median of ${config.insertRounds} × ${config.insertStretchMs} ms, alternating):`);
  console.log(insertTable(inserts));
  console.log('  The host commits once per event-loop turn: 1 message per transaction when sends trickle in, tens under load.');
  console.log(
    `  One indexPending catching up N messages (WAL pages of ${fmt(build.pageSize / 1024)} KiB its commit writes — independent of machine load): ` +
      indexFlushes.map((f) => `N=${int(f.pending)}: ${fmt(f.ms, 1)} ms, ${f.walPages} pages`).join('; '),
  );
  console.log('');

  const targets: Target[] = [];
  for (const s of searches) {
    targets.push({ name: `search p99 < ${P99_TARGET_MS} ms: ${s.name}`, pass: s.latency.p99 < P99_TARGET_MS, detail: `p99 ${fmt(s.latency.p99, 2)} ms over ${s.latency.count} queries` });
  }
  for (const r of inserts.filter((row) => row.sync === 'FULL')) {
    targets.push({
      name: `insert with index ≥ ${RATIO_TARGET * 100}% of without: synchronous=FULL, ${r.batch} per transaction`,
      pass: r.ratio >= RATIO_TARGET,
      detail: `${int(r.withIndex)} vs ${int(r.withoutIndex)} msg/s (${fmt(r.ratio * 100)}%)`,
    });
  }
  for (const r of inserts.filter((row) => row.sync !== 'FULL')) {
    targets.push({
      name: `(information) insert with index vs without: synchronous=${r.sync}, ${r.batch} per transaction`,
      pass: null,
      detail: `${int(r.withIndex)} vs ${int(r.withoutIndex)} msg/s (${fmt(r.ratio * 100)}%)`,
    });
  }
  targets.push({
    name: `correctness: “${planted.word}” found in exactly the ${planted.expected.length} visible messages planted, none of the hidden ones`,
    pass: planted.ok,
    detail: `found ${planted.found.length}, of them in hidden conversations ${planted.hiddenFound.length}`,
  });
  printTargets(targets, 'INFO');
  if (loadAfter > 20) console.log(`\nWARNING: other programs kept ${fmt(loadAfter)}% of a core busy right after the run; figures may be noisy — rerun on an idle machine.`);

  writeResults(outFile, {
    benchmark: 'search',
    date: new Date().toISOString(),
    machine,
    machineLoadBeforePercent: idleLoad,
    config: { ...config, dir: undefined, spec: { ...DEFAULT_SPEC, messages: config.messages } },
    ...result,
    targets,
  });
  return targetsExitCode(args.strict, targets);
}

await runBench(main, { title: 'search benchmark', hardTimeoutMs: HARD_TIMEOUT_MS, cleanup: () => fs.rmSync(tmp, { recursive: true, force: true }) });
