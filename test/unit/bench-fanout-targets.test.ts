// The fan-out bench's verdicts (bench/fanout/report.ts): issue 10's TLS
// targets are judged against the plain host of the same run, and a missing
// side is "not run", never a pass. The real run is `npm run bench -- fanout`.
import { describe, expect, it } from 'vitest';
import { ratiosOf, targetsOf, type Row } from '../../bench/fanout/report.js';
import { medianRatios, medianRows, serverOrder } from '../../bench/fanout/rounds.js';
import type { ServerKind } from '../../bench/fanout/ipc.js';

function row(server: ServerKind, phase: Row['phase'], deliveredPerSec: number, p99: number, clients = 100): Row {
  return {
    clients,
    server,
    phase,
    offeredPerSec: phase === 'fixed' ? 1000 : null,
    receivers: clients,
    sinkBytesRatio: null,
    sentPerSec: deliveredPerSec,
    deliveredPerSec,
    deliveriesPerSec: deliveredPerSec * clients,
    p50: p99 / 3,
    p90: p99 / 2,
    p99,
    max: p99 * 1.2,
    serverCpuPercent: 50,
    serverEventLoopPercent: 60,
    serverApprox: false,
    serverLoopDelayP99: 2,
    clientCpuPercent: 40,
    clientLoopDelayP99: 1,
    otherCpuPercent: 0,
    stealPercent: 0,
    attempts: 1,
    undelivered: 0,
    drained: true,
    errors: 0,
    firstError: null,
    acks: 1000,
    sentTotal: 1000,
  };
}

const verdicts = (rows: Row[]) => Object.fromEntries(targetsOf(rows, [100], 1000, []).map((t) => [t.name, t.pass]));
const TLS_THROUGHPUT = 'saturation, 100 clients: host-tls delivered msg/s ≥ 0.8 × host (plain)';
const TLS_P99 = 'fixed 1000 msg/s, 100 clients: host-tls p99 < 10 ms';

describe('fan-out bench targets', () => {
  it('TLS passes at 80% of the plain host’s saturation throughput and p99 under 10 ms, and fails just below/above', () => {
    const plain = [row('host', 'fixed', 1000, 3), row('host', 'saturate', 10_000, 15), row('bare', 'saturate', 2000, 90)];
    expect(verdicts([...plain, row('host-tls', 'fixed', 1000, 9.9), row('host-tls', 'saturate', 8000, 18)])).toMatchObject({ [TLS_THROUGHPUT]: true, [TLS_P99]: true });
    expect(verdicts([...plain, row('host-tls', 'fixed', 1000, 10), row('host-tls', 'saturate', 7999, 18)])).toMatchObject({ [TLS_THROUGHPUT]: false, [TLS_P99]: false });
  });

  it('a TLS phase that left deliveries missing fails its p99 target however fast it was', () => {
    const lossy = { ...row('host-tls', 'fixed', 990, 2), undelivered: 12 };
    expect(verdicts([row('host', 'saturate', 10_000, 15), lossy])[TLS_P99]).toBe(false);
  });

  it('without the plain host in the run the TLS throughput target is not judged', () => {
    const targets = targetsOf([row('host-tls', 'saturate', 8000, 18)], [100], 1000, []);
    const target = targets.find((t) => t.name === TLS_THROUGHPUT)!;
    expect(target.pass).toBeNull();
    expect(target.detail).toMatch(/not run/);
  });

  it('ratios TLS / plain per client count', () => {
    const [r] = ratiosOf([row('host', 'saturate', 10_000, 20), row('host-tls', 'saturate', 9000, 25)], [100], 'host-tls', 'host');
    expect(r!.saturateDelivered).toBeCloseTo(0.9);
    expect(r!.saturateP99).toBeCloseTo(1.25);
    expect(r!.fixedDelivered).toBeNaN();
  });
});

describe('fan-out bench rounds (--rounds)', () => {
  const inRound = (round: number, r: Row): Row => ({ ...r, round });
  // Three rounds; the plain host has one odd round (16,400 msg/s) like the VM's.
  const rounds = [
    [row('host', 'fixed', 1000, 7), row('host', 'saturate', 11_000, 20), row('host-tls', 'fixed', 1000, 7.6), row('host-tls', 'saturate', 9300, 30)],
    [row('host', 'fixed', 1000, 6), row('host', 'saturate', 11_200, 21), row('host-tls', 'fixed', 1000, 12.1), row('host-tls', 'saturate', 9600, 31)],
    [row('host', 'fixed', 1000, 9), row('host', 'saturate', 16_400, 19), row('host-tls', 'fixed', 1000, 6.7), row('host-tls', 'saturate', 9800, 34)],
  ].flatMap((rows, i) => rows.map((r) => inRound(i + 1, r)));

  it('alternates the servers’ order from round to round', () => {
    expect(serverOrder(['host-tls', 'host'], 1)).toEqual(['host-tls', 'host']);
    expect(serverOrder(['host-tls', 'host'], 2)).toEqual(['host', 'host-tls']);
    expect(serverOrder(['host-tls', 'host'], 3)).toEqual(['host-tls', 'host']);
  });

  it('sums rounds up as one row per server and phase, each figure the median, counts added up', () => {
    const summary = medianRows(rounds);
    expect(summary).toHaveLength(4);
    const tlsSaturate = summary.find((r) => r.server === 'host-tls' && r.phase === 'saturate')!;
    expect(tlsSaturate).toMatchObject({ deliveredPerSec: 9600, p99: 31, rounds: 3, acks: 3000 });
    expect(summary.find((r) => r.server === 'host' && r.phase === 'saturate')!.deliveredPerSec).toBe(11_200);
  });

  it('judges the targets on the medians, and says in how many rounds each held', () => {
    const targets = targetsOf(medianRows(rounds), [100], 1000, [], rounds);
    const throughput = targets.find((t) => t.name === TLS_THROUGHPUT)!;
    // Medians 9,600 / 11,200 = ×0.86, although round 3 alone (9,800 / 16,400) is ×0.60.
    expect(throughput.pass).toBe(true);
    expect(throughput.detail).toContain('median of 3 rounds: ×0.85, ×0.86, ×0.60 — met in 2 of 3');
    const p99 = targets.find((t) => t.name === TLS_P99)!;
    expect(p99.pass).toBe(true);
    expect(p99.detail).toContain('p99 7.60 ms (median of 3 rounds: 7.60 ms, 12.10 ms, 6.70 ms — met in 2 of 3)');
  });

  it('pairs TLS with the plain host of the same round: the verdict is the median of the rounds’ ratios', () => {
    // The machine was slow in round 1 and fast for the plain host in round 3: the medians (7,000 / 11,000 = ×0.64)
    // would pair round 3's TLS with round 2's plain host; the rounds' own ratios are ×0.86, ×0.86, ×0.58.
    const pairs: [number, number][] = [[6000, 7000], [9500, 11_000], [7000, 12_000]];
    const uneven = pairs.flatMap(([tls, plain], i) => [inRound(i + 1, row('host-tls', 'saturate', tls, 30)), inRound(i + 1, row('host', 'saturate', plain, 20))]);
    const throughput = targetsOf(medianRows(uneven), [100], 1000, [], uneven).find((t) => t.name === TLS_THROUGHPUT)!;
    expect(throughput.pass).toBe(true);
    expect(throughput.detail).toMatch(/^host-tls 7000 vs host 11000 msg\/s \(×0\.86: the median of the rounds’ ratios\)/);
    const [ratios] = medianRatios(uneven, [100], 'host-tls', 'host');
    expect(ratios!.saturateDelivered).toBeCloseTo(6000 / 7000);
    expect(ratios!.saturateP99).toBeCloseTo(1.5);
  });
});
