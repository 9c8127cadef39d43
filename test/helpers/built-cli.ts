// The command-line programs as users run them: `npm run host` is
// `node dist/cli/host.js`, built by build/scripts/build-cli.ts. The tests that
// start the programs spawn those same files (cli-process.ts, test/lan).
//
// As a vitest globalSetup (node and lan projects) this makes sure the bundles
// are there and not older than the sources: `npm test` has just built them,
// but `npx vitest run some.test.ts` after an edit must not test stale code.
// Same test as `npm run chat` makes (build-cli.ts --if-stale); esbuild takes
// well under a second and only runs when something changed.
import { buildCli, cliBundlesAreCurrent, type CliProgram } from '../../build/scripts/build-cli.js';

export type { CliProgram };

/** `dist/cli/NAME.js`, relative to the repository root (the programs' working directory). */
export const builtCli = (program: CliProgram): string => `dist/cli/${program}.js`;

export default async function setup(): Promise<void> {
  if (!cliBundlesAreCurrent()) await buildCli({ quiet: true });
}
