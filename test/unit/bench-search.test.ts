// Smoke test of the search benchmark (bench/search): a small run produces
// every figure, and search finds the planted word only where the searcher may
// look. The real run is `npm run bench:search` (a million messages).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runSearchBench } from '../../bench/search/bench.js';
import { DEFAULT_SPEC, planConversations, seededRandom } from '../../bench/search/dataset.js';

let dir: string | null = null;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe('search benchmark', () => {
  it('plans 150 channels and 50 DMs, of which the searcher sees 60 and 20', () => {
    const conversations = planConversations(DEFAULT_SPEC, seededRandom(1));
    expect(conversations.filter((c) => c.kind === 'channel')).toHaveLength(150);
    expect(conversations.filter((c) => c.kind === 'dm')).toHaveLength(50);
    expect(conversations.filter((c) => c.kind === 'channel' && c.visible)).toHaveLength(60);
    expect(conversations.filter((c) => c.kind === 'dm' && c.visible)).toHaveLength(20);
    for (const c of conversations) expect(c.members.includes(1)).toBe(c.visible);
  });

  it('runs small: figures for every query set and insert mode, and the planted word only in visible conversations', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-search-test-'));
    const result = await runSearchBench(
      {
        messages: 5000,
        queries: 20,
        batchSizes: [1, 10],
        syncModes: ['NORMAL'],
        insertStretchMs: 50,
        insertRounds: 1,
        endToEnd: true,
        dir,
        seed: 7,
      },
      () => {},
    );
    expect(result.build.messages).toBe(5000);
    expect(result.build.dbBytes).toBeGreaterThan(0);
    expect(result.searches.map((s) => s.name)).toEqual(['common word', 'rare word', 'two words (AND)', 'prefix', 'one conversation', 'common word, end to end']);
    for (const s of result.searches) {
      expect(s.latency.count).toBe(20);
      expect(s.latency.p99).toBeGreaterThan(0);
      expect(s.latency.max).toBeGreaterThanOrEqual(s.latency.p99);
    }
    expect(result.searches[0]!.meanHits).toBe(20); // a top-50 word fills a page
    expect(result.inserts).toHaveLength(2);
    for (const row of result.inserts) {
      expect(row.withIndex).toBeGreaterThan(0);
      expect(row.withoutIndex).toBeGreaterThan(0);
      expect(Number.isFinite(row.ratio)).toBe(true);
    }
    expect(result.build.indexMs).toBeGreaterThan(0);
    expect(result.indexFlushes.map((f) => f.pending)).toEqual([1, 100, 1000, 5000]);
    for (const f of result.indexFlushes) expect(f.walPages).toBeGreaterThan(0);
    expect(result.planted.expected).toHaveLength(DEFAULT_SPEC.planted);
    expect(result.planted.found).toEqual(result.planted.expected);
    expect(result.planted.hiddenFound).toEqual([]);
  });
});
