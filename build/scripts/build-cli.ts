// `npm run build:cli`: bundles the three command-line programs with esbuild,
// the way build-main.ts bundles the Electron main process, into dist/cli/:
//
//   dist/cli/host.js      npm run host      (src-main/cli/host-cli.ts)
//   dist/cli/chat.js      npm run chat      (src-main/cli/chat-cli.ts)
//   dist/cli/discover.js  npm run discover  (src-main/cli/discover-cli.ts)
//
// So `npm run host` and friends start plain `node` on built JavaScript: no
// TypeScript loader compiling a few hundred modules at every start, no tsx
// parent process holding memory beside the program, and Ctrl-C/SIGTERM reach
// the program itself (bench/cli-startup measures the difference).
//
// Each file is one self-contained ES module for Node 20 (package.json
// "engines"; "type": "module"), every pure-JS dependency bundled. Only
// `libsql` stays external: a native module, it is loaded from node_modules
// at run time. Not minified, with a linked source map (`node
// --enable-source-maps dist/cli/host.js` for stack traces in TypeScript).
// host-cli.ts finds the web client as ../../dist/renderer from its own file:
// the source (src-main/cli/) and the bundle (dist/cli/) are both two folders
// below the repository root, so the same URL works from either.
//
// `--if-stale` (how npm run host/chat/discover call it) builds only when a
// bundle is missing or older than the sources or the installed packages, and
// prints nothing: the common case, nothing changed, then costs only this
// script's start (esbuild is not even loaded), so `npm run chat` as a whole
// starts about as fast as it did through tsx.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestInput } from './newest-input.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = path.join(root, 'dist', 'cli');

/** Output name (dist/cli/NAME.js) → entry point. */
export const CLI_PROGRAMS = {
  host: 'src-main/cli/host-cli.ts',
  chat: 'src-main/cli/chat-cli.ts',
  discover: 'src-main/cli/discover-cli.ts',
} as const;

export type CliProgram = keyof typeof CLI_PROGRAMS;

/** What the bundles may import at run time besides Node built-ins. */
export const CLI_EXTERNALS = ['libsql'] as const;

/** What the bundles are made from: newer than a bundle means rebuild. */
const INPUTS = ['src-main', 'src-shared', 'build/scripts', 'package.json', 'node_modules/.package-lock.json'];

/** Every bundle exists and is at least as new as everything it is built from. */
export function cliBundlesAreCurrent(): boolean {
  const oldest = Math.min(
    ...Object.keys(CLI_PROGRAMS).map((name) => fs.statSync(path.join(outDir, `${name}.js`), { throwIfNoEntry: false })?.mtimeMs ?? -Infinity),
  );
  return oldest >= newestInput(root, INPUTS);
}

export async function buildCli({ quiet = false }: { quiet?: boolean } = {}): Promise<void> {
  const [esbuild, { NODE_ESM_REQUIRE_BANNER }] = await Promise.all([import('esbuild'), import('./build-main.js')]);
  fs.rmSync(outDir, { recursive: true, force: true });
  const started = Date.now();
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: CLI_PROGRAMS,
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // `electron` is refused by lint in every folder these import; listing it
    // here too makes a slip fail at run time instead of bundling Electron's
    // npm wrapper into a headless program.
    external: [...CLI_EXTERNALS, 'electron'],
    banner: { js: NODE_ESM_REQUIRE_BANNER },
    sourcemap: true,
    legalComments: 'linked',
    logLevel: 'warning',
  });
  if (!quiet) console.log(`dist/cli: ${Object.keys(CLI_PROGRAMS).map((name) => `${name}.js`).join(', ')} built in ${Date.now() - started} ms`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const ifStale = process.argv.includes('--if-stale');
  // Nothing on stdout before the program's own output (also under `npm run build:cli --silent`).
  if (!ifStale || !cliBundlesAreCurrent()) await buildCli({ quiet: ifStale || process.env['npm_config_loglevel'] === 'silent' });
}
