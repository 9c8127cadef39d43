// The latency figures the benchmarks report for a set of samples, in ms.

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}
