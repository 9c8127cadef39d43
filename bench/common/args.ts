// Command-line helpers shared by the benchmarks' run.ts.

/** The options every benchmark with a results file takes, for node:util parseArgs. */
export const COMMON_OPTIONS = {
  quick: { type: 'boolean', default: false },
  out: { type: 'string' },
  strict: { type: 'boolean', default: false },
} as const;

/** `value` as a positive whole number (underscores allowed: 1_000_000), `fallback` when not given; throws naming --`name` otherwise. */
export function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive whole number, got “${value}”`);
  return n;
}
