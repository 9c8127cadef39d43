// Where a benchmark writes its results and how: one JSON file,
// bench/results/<benchmark>.json unless --out names another, numbers that are
// not finite (NaN, Infinity) as null, and a line saying where it went.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The results file: `out` (from --out) if given, else bench/results/<benchmark>.json; absolute. */
export function resultsFile(out: string | undefined, benchmark: string): string {
  return path.resolve(out ?? path.join(repoRoot, 'bench', 'results', `${benchmark}.json`));
}

/** Writes `results` to `file` as indented JSON (non-finite numbers as null) and prints where. */
export function writeResults(file: string, results: object): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(results, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`);
  console.log(`\nresults written to ${path.relative(process.cwd(), file) || file}`);
}
