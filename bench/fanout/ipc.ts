// Messages between the bench (server side, parent process) and the load
// generator (clients, child process).
import type { LatencySummary } from '../common/latency-summary.js';

/** host-tls: the real ChatHost as people use it (wss, clients pinned to its certificate); host: the same host in plain (`--plain`, ws); bare: the naive ws broadcast loop. */
export type ServerKind = 'host-tls' | 'host' | 'bare';

/** What the clients speak: the chat protocol (either host) or the bare loop's JSON. */
export const protocolOf = (kind: ServerKind): 'host' | 'bare' => (kind === 'bare' ? 'bare' : 'host');

/** The TLS host's certificate and key fingerprint, which the clients pin (src-main/trust/pinned-tls.ts). */
export interface BenchPin {
  certPem: string;
  fingerprint: string;
}

export interface PhaseSpec {
  /** fixed: `rate` messages/s in total, paced by a timer. saturate: each sender keeps `window` messages in flight. */
  mode: 'fixed' | 'saturate';
  rate: number;
  window: number;
  senders: number;
  warmupMs: number;
  durationMs: number;
  /** After the window, how long to wait for the messages sent in it to arrive everywhere. */
  drainMs: number;
}

export type ParentToChild =
  | { type: 'connect'; reqId: number; server: ServerKind; url: string; pin: BenchPin | null; clients: number; concurrency: number; password: string; probes: number | null }
  | { type: 'phase'; reqId: number; spec: PhaseSpec }
  | { type: 'disconnect'; reqId: number };

/** A request before the bench numbers it. */
export type Request = ParentToChild extends infer M ? (M extends { reqId: number } ? Omit<M, 'reqId'> : never) : never;

export interface ConnectResult {
  connected: number;
  ms: number;
}

export interface PhaseResult {
  /** Messages sent during the measured window (and in total, warm-up included). */
  sentInWindow: number;
  sentTotal: number;
  /** Deliveries (one message arriving at one client) received during the window. */
  deliveriesInWindow: number;
  windowMs: number;
  /** Deliveries of messages sent in the window that arrived before the drain ended; expected = sentInWindow × clients. */
  windowMessageDeliveries: number;
  expectedWindowDeliveries: number;
  /** Clients that timed deliveries: every client, or the `--probes`. */
  receivers: number;
  /** With probes: the least bytes a sink received in the phase / a probe's mean (≈ 1 when the host served sinks alike). */
  sinkBytesRatio?: number;
  /** Send replies (host) that were acknowledgements, and errors of any kind. */
  acks: number;
  errors: number;
  firstError: string | null;
  latency: LatencySummary;
  /** CPU of the load-generator process over the window, % of one core. */
  clientCpuPercent: number;
  /** The load generator's event-loop delay over the window, p99 in ms: how late it got to what arrived (counted in the latency). */
  clientLoopDelayP99: number;
  drained: boolean;
}

export type ChildToParent =
  | { type: 'ready' }
  | { type: 'result'; reqId: number; ok: true; value: unknown }
  | { type: 'result'; reqId: number; ok: false; error: string };
