// A fixed-size latency histogram: logarithmic buckets 2% wide from 1 µs to
// ~100 s, so recording 500 clients × 3,000 messages costs no memory growth and
// percentiles are accurate to about 1%.
import type { IntervalHistogram } from 'node:perf_hooks';
import type { LatencySummary } from '../common/latency-summary.js';

const MIN_MS = 0.001;
const GROWTH = 1.02;
const LOG_GROWTH = Math.log(GROWTH);
const BUCKETS = Math.ceil(Math.log(100_000 / MIN_MS) / LOG_GROWTH) + 1;

export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  count = 0;
  private sum = 0;
  private max = 0;

  record(ms: number): void {
    const value = ms > MIN_MS ? ms : MIN_MS;
    let index = Math.floor(Math.log(value / MIN_MS) / LOG_GROWTH);
    if (index >= BUCKETS) index = BUCKETS - 1;
    this.counts[index]! += 1;
    this.count++;
    this.sum += value;
    if (value > this.max) this.max = value;
  }

  /** The value below which `q` (0–1) of the samples lie (bucket midpoint, geometric). */
  percentile(q: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(this.max, MIN_MS * GROWTH ** (i + 0.5));
    }
    return this.max;
  }

  summary(): LatencySummary {
    return {
      count: this.count,
      p50: this.percentile(0.5),
      p90: this.percentile(0.9),
      p99: this.percentile(0.99),
      max: this.count === 0 ? NaN : this.max,
      mean: this.count === 0 ? NaN : this.sum / this.count,
    };
  }
}

/**
 * How late an event loop got round to things, p99 in ms, from a
 * perf_hooks.monitorEventLoopDelay histogram sampling every `resolutionMs`:
 * its values include that interval, which is taken off.
 */
export function loopDelayP99(histogram: IntervalHistogram, resolutionMs = 1): number {
  return histogram.count === 0 ? NaN : Math.max(0, histogram.percentile(99) / 1e6 - resolutionMs);
}
