// Bundles a benchmark's child-process script (and the app sources it
// imports) into one ES module that plain `node` runs, the way the packaged
// app runs its code. Under tsx, every process also holds tsx's loader thread
// (its own V8 heap, ~25–30 MB RSS) that shrinks on its own schedule, which is
// noise when a benchmark measures memory. Packages (ws, libsql, …) stay
// imports resolved from node_modules, so the bundle is written under
// bench/results/ (git-ignored), inside the repository.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Returns the path of the bundle: bench/results/build/<name>.mjs. */
export async function bundleForNode(entry: string, name: string): Promise<string> {
  const outfile = path.join(repoRoot, 'bench', 'results', 'build', `${name}.mjs`);
  await esbuild.build({
    absWorkingDir: repoRoot,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}
