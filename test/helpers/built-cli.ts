// The command-line programs as users run them: `npm run host` is
// `node dist/cli/host.js`, built by build/scripts/build-cli.ts. The tests that
// start the programs spawn those same files (cli-process.ts, test/lan).
//
// As a vitest globalSetup (node and lan projects) this makes sure the bundles
// are there and not older than the sources: `npm test` has just built them,
// but `npx vitest run some.test.ts` after an edit must not test stale code.
// esbuild takes well under a second, and only runs when something changed.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli, CLI_PROGRAMS, type CliProgram } from '../../build/scripts/build-cli.js';

export type { CliProgram };

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** `dist/cli/NAME.js`, relative to the repository root (the programs' working directory). */
export const builtCli = (program: CliProgram): string => `dist/cli/${program}.js`;

/** Newest modification time of a file under these folders (ms). */
function newestSource(folders: string[]): number {
  let newest = 0;
  for (const folder of folders) {
    for (const entry of fs.readdirSync(path.join(REPO_ROOT, folder), { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

function bundlesAreCurrent(): boolean {
  const sources = newestSource(['src-main', 'src-shared', 'build/scripts']);
  const lock = fs.statSync(path.join(REPO_ROOT, 'package-lock.json')).mtimeMs;
  return (Object.keys(CLI_PROGRAMS) as CliProgram[]).every((program) => {
    const stat = fs.statSync(path.join(REPO_ROOT, builtCli(program)), { throwIfNoEntry: false });
    return stat !== undefined && stat.mtimeMs >= Math.max(sources, lock);
  });
}

export default async function setup(): Promise<void> {
  if (!bundlesAreCurrent()) await buildCli({ quiet: true });
}
