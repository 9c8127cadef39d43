// A benchmark's targets: each judged PASS or FAIL (or not judged: null),
// printed one a line, and with --strict a FAIL makes the run exit 1.

export interface Target {
  name: string;
  /** null: not judged (not run, or for information only). */
  pass: boolean | null;
  detail: string;
}

/** PASS, FAIL, or `unjudged` (SKIP unless the benchmark calls it otherwise) when there is no verdict. */
export const verdict = (pass: boolean | null, unjudged = 'SKIP'): string => (pass === null ? unjudged : pass ? 'PASS' : 'FAIL');

/** `PASS  <name> — <detail>`, one line per target. */
export function printTargets(targets: Target[], unjudged = 'SKIP'): void {
  for (const t of targets) console.log(`${verdict(t.pass, unjudged)}  ${t.name} — ${t.detail}`);
}

/** The exit code of a run: 1 when --strict and a target failed, else 0. */
export const targetsExitCode = (strict: boolean | undefined, targets: Target[]): number => (strict && targets.some((t) => t.pass === false) ? 1 : 0);
