// What the fan-out bench prints at the end: the table of phases, the ratios
// (plain host / bare loop, TLS host / plain host) and the targets.
import { median } from '../common/median.js';
import type { Target } from '../common/targets.js';
import type { ServerKind } from './ipc.js';

export interface Row {
  clients: number;
  server: ServerKind;
  phase: 'fixed' | 'saturate';
  offeredPerSec: number | null;
  /** Clients that timed deliveries (all, or the probes). */
  receivers: number;
  /** With probes: the least bytes a sink received / a probe's mean, in the phase. */
  sinkBytesRatio: number | null;
  sentPerSec: number;
  /** Messages per second that reached every client: deliveries / clients / window. */
  deliveredPerSec: number;
  /** Deliveries (one message reaching one client) per second. */
  deliveriesPerSec: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  serverCpuPercent: number;
  serverEventLoopPercent: number;
  /** The window timers ran late; CPU and loop figures cover a longer stretch. */
  serverApprox: boolean;
  clientCpuPercent: number;
  /** Event-loop delay p99 over the window, ms (monitorEventLoopDelay, its 1-ms sampling taken off): the server's and the load generator's. */
  serverLoopDelayP99: number;
  clientLoopDelayP99: number;
  /** Busy time of the whole machine not spent by the server or the load generator (other programs, kernel threads), % of one core. */
  otherCpuPercent: number;
  /** CPU time the hypervisor gave to other guests, % of one core. */
  stealPercent: number;
  /** Measurements taken (more than one when other programs were busy). */
  attempts: number;
  undelivered: number;
  drained: boolean;
  errors: number;
  firstError: string | null;
  acks: number;
  sentTotal: number;
  /** With `--rounds`: the round this row was measured in (1-based). */
  round?: number;
  /** A summary of several rounds (rounds.ts): how many. */
  rounds?: number;
}

export interface Durability {
  clients: number;
  server: ServerKind;
  acked: number;
  stored: number | null;
  journalMode: string | null;
}

/** The issue's figures. */
export const TARGETS = {
  /** Plain host, fixed 1,000 msg/s at 100 clients (issue 4). */
  plainP99Ms: 20,
  p99Clients: 100,
  /** Issue 10: TLS may cost at most 20% of the plain host's saturation throughput at 100 clients… */
  tlsThroughputRatio: 0.8,
  tlsThroughputClients: 100,
  /** …and keep p99 under 10 ms at 100 clients and 1,000 msg/s. */
  tlsP99Ms: 10,
} as const;

export const fmt = (n: number | null, digits = 0) => (n === null || !Number.isFinite(n) ? '–' : n.toFixed(digits));
export const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && b > 0 && Number.isFinite(a) ? a / b : NaN);
/** A ratio with two decimals, or two significant digits when it is tiny (0.0021). */
export const fmtRatio = (r: number) => (Number.isFinite(r) && r > 0 && r < 0.1 ? r.toPrecision(2) : fmt(r, 2));

export function table(rows: Row[]): string {
  const rounds = rows.some((r) => r.round !== undefined && r.round > 1);
  const header = ['clients', 'server', 'phase', ...(rounds ? ['round'] : []), 'offered msg/s', 'delivered msg/s', 'deliveries/s', 'p50 ms', 'p99 ms', 'max ms', 'srv cpu%', 'srv loop%', 'srv delay p99', 'gen cpu%', 'gen delay p99', 'other cpu%', 'undelivered'];
  const lines = rows.map((r) => [
    String(r.clients),
    r.server,
    r.phase,
    ...(rounds ? [String(r.round ?? '')] : []),
    r.offeredPerSec === null ? `max (${fmt(r.sentPerSec)})` : fmt(r.offeredPerSec),
    fmt(r.deliveredPerSec),
    fmt(r.deliveriesPerSec),
    fmt(r.p50, 2),
    fmt(r.p99, 2),
    fmt(r.max, 1),
    `${r.serverApprox ? '~' : ''}${fmt(r.serverCpuPercent)}`,
    `${r.serverApprox ? '~' : ''}${fmt(r.serverEventLoopPercent)}`,
    fmt(r.serverLoopDelayP99, 1),
    fmt(r.clientCpuPercent),
    fmt(r.clientLoopDelayP99, 1),
    fmt(Math.max(0, r.otherCpuPercent)),
    r.undelivered === 0 ? '0' : `${r.undelivered}${r.drained ? '' : ' (not drained)'}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const render = (cells: string[]) => `| ${cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [render(header), `|${widths.map((w, i) => (i < 3 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...lines.map(render)].join('\n');
}

export interface Ratios {
  clients: number;
  fixedDelivered: number;
  fixedP99: number;
  /** Server CPU at the same offered load: what the difference costs. */
  fixedCpu: number;
  saturateDelivered: number;
  saturateP99: number;
  /**
   * Server CPU per delivered message at saturation. The load generator pays
   * for TLS too (it decrypts for every client) and shares the machine, so
   * this is the host's own cost where throughput mixes both.
   */
  saturateCpuPerMessage: number;
}

type Find = (clients: number, server: ServerKind, phase: Row['phase']) => Row | undefined;

export const finder =
  (rows: Row[]): Find =>
  (clients, server, phase) =>
    rows.find((r) => r.clients === clients && r.server === server && r.phase === phase);

const cpuPerMessage = (r: Row | undefined) => (r && r.deliveredPerSec > 0 ? r.serverCpuPercent / r.deliveredPerSec : undefined);

/** `a` / `b` at every client count. */
export function ratiosOf(rows: Row[], clientCounts: number[], a: ServerKind, b: ServerKind): Ratios[] {
  const find = finder(rows);
  return clientCounts.map((clients) => {
    const [af, bf, as, bs] = [find(clients, a, 'fixed'), find(clients, b, 'fixed'), find(clients, a, 'saturate'), find(clients, b, 'saturate')];
    return {
      clients,
      fixedDelivered: ratio(af?.deliveredPerSec, bf?.deliveredPerSec),
      fixedP99: ratio(af?.p99, bf?.p99),
      fixedCpu: ratio(af?.serverCpuPercent, bf?.serverCpuPercent),
      saturateDelivered: ratio(as?.deliveredPerSec, bs?.deliveredPerSec),
      saturateP99: ratio(as?.p99, bs?.p99),
      saturateCpuPerMessage: ratio(cpuPerMessage(as), cpuPerMessage(bs)),
    };
  });
}

export function printRatios(title: string, ratios: Ratios[]): void {
  if (ratios.every((r) => !Number.isFinite(r.fixedDelivered) && !Number.isFinite(r.saturateDelivered))) return;
  console.log(title);
  for (const r of ratios) {
    console.log(
      `  ${String(r.clients).padStart(3)} clients: fixed delivered ×${fmtRatio(r.fixedDelivered)}, fixed p99 ×${fmtRatio(r.fixedP99)}, fixed server cpu ×${fmtRatio(r.fixedCpu)}; ` +
        `saturation delivered ×${fmtRatio(r.saturateDelivered)}, saturation p99 ×${fmtRatio(r.saturateP99)}, saturation server cpu per message ×${fmtRatio(r.saturateCpuPerMessage)}`,
    );
  }
  console.log('');
}

/**
 * With several rounds: the figure in each round and how many met the target,
 * e.g. " (median of 3 rounds: 7.6, 6.7, 12.1 ms — met in 2 of 3)".
 */
type RoundsNote = (figure: (round: number) => number | undefined, met: (value: number) => boolean, show: (value: number) => string) => string;

/** How many rounds `rows` come from (1 for a run without `--rounds`). */
export const roundCount = (rows: readonly Row[]) => Math.max(1, ...rows.map((r) => r.round ?? 1));

function roundsNoteFor(everyRound: Row[]): RoundsNote {
  const rounds = roundCount(everyRound);
  return (figure, met, show) => {
    if (rounds < 2) return '';
    const values = Array.from({ length: rounds }, (_, i) => figure(i + 1)).filter((v): v is number => v !== undefined && Number.isFinite(v));
    return ` (median of ${rounds} rounds: ${values.map(show).join(', ')} — met in ${values.filter(met).length} of ${rounds})`;
  };
}

/** The p99 target on one server's fixed phase. */
function p99Target(find: Find, server: ServerKind, limitMs: number, offeredRate: number, note: RoundsNote, inRound: (round: number) => Find): Target {
  const clients = TARGETS.p99Clients;
  const row = find(clients, server, 'fixed');
  const met = (p99: number) => p99 < limitMs;
  const target: Target = {
    name: `fixed ${offeredRate} msg/s, ${clients} clients: ${server} p99 < ${limitMs} ms`,
    pass: row ? met(row.p99) && row.undelivered === 0 : null,
    detail: row
      ? `p99 ${fmt(row.p99, 2)} ms${row.undelivered > 0 ? `, ${row.undelivered} deliveries missing` : ''}` +
        note((round) => inRound(round)(clients, server, 'fixed')?.p99, met, (p99) => `${fmt(p99, 2)} ms`)
      : `not run (no ${clients}-client ${server} run)`,
  };
  if (offeredRate !== 1000) target.detail += ' (offered rate differs from the target’s 1,000 msg/s)';
  return target;
}

/**
 * The targets, judged on `rows` (one per client count, server and phase: a
 * single run's, or the medians of several rounds). `everyRound`: all rounds'
 * rows, for the per-round figures in the details.
 */
export function targetsOf(rows: Row[], clientCounts: number[], offeredRate: number, storage: Durability[], everyRound: Row[] = rows): Target[] {
  const find = finder(rows);
  const note = roundsNoteFor(everyRound);
  const inRound = (round: number) => finder(everyRound.filter((r) => (r.round ?? 1) === round));
  const targets: Target[] = [];
  for (const clients of clientCounts) {
    const hs = find(clients, 'host', 'saturate');
    const bs = find(clients, 'bare', 'saturate');
    targets.push({
      name: `saturation, ${clients} clients: host delivered msg/s ≥ bare`,
      pass: hs && bs ? hs.deliveredPerSec >= bs.deliveredPerSec : null,
      detail: hs && bs ? `host ${fmt(hs.deliveredPerSec)} vs bare ${fmt(bs.deliveredPerSec)} msg/s (×${fmtRatio(ratio(hs.deliveredPerSec, bs.deliveredPerSec))})` : 'not run (needs host and bare)',
    });
  }
  targets.push(p99Target(find, 'host', TARGETS.plainP99Ms, offeredRate, note, inRound));
  const clients = TARGETS.tlsThroughputClients;
  const ts = find(clients, 'host-tls', 'saturate');
  const ps = find(clients, 'host', 'saturate');
  const roundRatio = (round: number) => ratio(inRound(round)(clients, 'host-tls', 'saturate')?.deliveredPerSec, inRound(round)(clients, 'host', 'saturate')?.deliveredPerSec);
  // Over several rounds each round is a pair measured back to back, so the
  // verdict is on the median of the pairs' ratios (not on the ratio of two
  // medians, which can pair one round's TLS with another round's plain).
  const rounds = roundCount(everyRound);
  const tlsRatio = rounds > 1 ? median(Array.from({ length: rounds }, (_, i) => roundRatio(i + 1)).filter(Number.isFinite)) : ratio(ts?.deliveredPerSec, ps?.deliveredPerSec);
  targets.push({
    name: `saturation, ${clients} clients: host-tls delivered msg/s ≥ ${TARGETS.tlsThroughputRatio} × host (plain)`,
    pass: ts && ps ? tlsRatio >= TARGETS.tlsThroughputRatio : null,
    detail:
      ts && ps
        ? `host-tls ${fmt(ts.deliveredPerSec)} vs host ${fmt(ps.deliveredPerSec)} msg/s (×${fmtRatio(tlsRatio)}${rounds > 1 ? ': the median of the rounds’ ratios' : ''})` +
          note(roundRatio, (r) => r >= TARGETS.tlsThroughputRatio, (r) => `×${fmtRatio(r)}`)
        : 'not run (needs host-tls and host)',
  });
  targets.push(p99Target(find, 'host-tls', TARGETS.tlsP99Ms, offeredRate, note, inRound));
  targets.push({
    name: 'durability: every acknowledged send is in session.db',
    pass: storage.length === 0 ? null : storage.every((s) => s.stored === s.acked),
    detail: storage.map((s) => `${s.server} ${s.clients}: ${s.stored}/${s.acked}`).join(', '),
  });
  return targets;
}
