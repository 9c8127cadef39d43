// Several rounds of the same comparison in one run (`--rounds N`), the order
// of the servers alternating from round to round, summed up as one row per
// client count, server and phase whose figures are the medians over the rounds.
//
// Why: on a small shared machine one server's saturation throughput can move
// by half between two runs minutes apart (plain host 9,700–16,400 msg/s at 100
// clients on the 2-core VM, README "Results"), so a single pair's ratio says as
// much about the moment as about TLS. Alternating rounds measure both servers
// through the same stretch of time, and the median of each figure is not
// moved by one odd round. Every round's rows are still printed, and the targets
// say in how many rounds they held.
import { median } from '../common/median.js';
import type { ServerKind } from './ipc.js';
import { ratiosOf, type Ratios, type Row } from './report.js';

/** The servers in the order round `round` (1-based) measures them: as given in odd rounds, reversed in even ones. */
export function serverOrder(servers: readonly ServerKind[], round: number): ServerKind[] {
  return round % 2 === 1 ? [...servers] : [...servers].reverse();
}

const MEDIAN_FIELDS = [
  'sentPerSec',
  'deliveredPerSec',
  'deliveriesPerSec',
  'p50',
  'p90',
  'p99',
  'max',
  'serverCpuPercent',
  'serverEventLoopPercent',
  'serverLoopDelayP99',
  'clientCpuPercent',
  'clientLoopDelayP99',
  'otherCpuPercent',
  'stealPercent',
] as const satisfies readonly (keyof Row)[];

/**
 * One row per client count, server and phase, in first-seen order: each
 * figure in MEDIAN_FIELDS is the median over the rounds, the sink check the
 * worst round's, and the counts (undelivered, errors, acks, sent) the sums.
 */
export function medianRows(rows: readonly Row[]): Row[] {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = `${row.clients}|${row.server}|${row.phase}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0]!;
    const summary: Row = { ...first, rounds: group.length };
    for (const field of MEDIAN_FIELDS) summary[field] = median(group.map((r) => r[field]));
    const sinkRatios = group.map((r) => r.sinkBytesRatio).filter((r): r is number => r !== null);
    summary.sinkBytesRatio = sinkRatios.length > 0 ? Math.min(...sinkRatios) : null;
    summary.serverApprox = group.some((r) => r.serverApprox);
    summary.drained = group.every((r) => r.drained);
    summary.attempts = Math.max(...group.map((r) => r.attempts));
    summary.undelivered = sum(group.map((r) => r.undelivered));
    summary.errors = sum(group.map((r) => r.errors));
    summary.firstError = group.find((r) => r.firstError !== null)?.firstError ?? null;
    summary.acks = sum(group.map((r) => r.acks));
    summary.sentTotal = sum(group.map((r) => r.sentTotal));
    return summary;
  });
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * `a` / `b` at every client count, each ratio the median of the rounds'
 * ratios: every round measured the two servers back to back, so its ratio is
 * a pair, and the median is not moved by one odd round.
 */
export function medianRatios(everyRound: readonly Row[], clientCounts: number[], a: ServerKind, b: ServerKind): Ratios[] {
  const rounds = [...new Set(everyRound.map((r) => r.round ?? 1))];
  const perRound = rounds.map((round) => ratiosOf(everyRound.filter((r) => (r.round ?? 1) === round), clientCounts, a, b));
  return clientCounts.map((clients, i) => {
    const pairs = perRound.map((ratios) => ratios[i]!);
    const middle = (field: Exclude<keyof Ratios, 'clients'>) => median(pairs.map((p) => p[field]).filter(Number.isFinite));
    return {
      clients,
      fixedDelivered: middle('fixedDelivered'),
      fixedP99: middle('fixedP99'),
      fixedCpu: middle('fixedCpu'),
      saturateDelivered: middle('saturateDelivered'),
      saturateP99: middle('saturateP99'),
      saturateCpuPerMessage: middle('saturateCpuPerMessage'),
    };
  });
}
