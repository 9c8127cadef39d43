// `npm run build:main`: bundles the Electron main process and the preload with
// esbuild into dist/main/.
//
//  - dist/main/main.js: ES module (package.json is "type": "module"; Electron
//    ≥ 28 loads an ESM main). Everything is bundled except `electron` (provided
//    by Electron) and `libsql` (a native module: it stays in node_modules, and
//    electron-builder unpacks its .node from the asar). So the packaged app
//    only needs libsql's few packages from node_modules (electron-builder.yml).
//    Bundled CommonJS dependencies (ws, bonjour-service) call require() on Node
//    built-ins, hence the `require` made with createRequire in the banner.
//  - dist/main/preload.cjs: CommonJS, because a sandboxed preload cannot be an
//    ES module; built for the browser platform so that any Node built-in import
//    fails the build (a sandboxed preload can only require `electron`).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = path.join(root, 'dist', 'main');

/** What main.js may import at run time besides Node built-ins. */
export const MAIN_EXTERNALS = ['electron', 'libsql'] as const;

/**
 * Bundled CommonJS dependencies (ws, bonjour-service) call require() on Node
 * built-ins; an ES module has no `require`, so each Node bundle starts by making one.
 */
export const NODE_ESM_REQUIRE_BANNER =
  "import { createRequire as __parleyCreateRequire } from 'node:module'; const require = __parleyCreateRequire(import.meta.url);";

export async function buildMain({ quiet = false }: { quiet?: boolean } = {}): Promise<void> {
  fs.rmSync(outDir, { recursive: true, force: true });
  const started = Date.now();
  await Promise.all([
    esbuild.build({
      absWorkingDir: root,
      entryPoints: { main: 'src-main/app/main.ts' },
      outdir: outDir,
      bundle: true,
      platform: 'node',
      format: 'esm',
      // Electron 41 runs Node 24.
      target: 'node22',
      external: [...MAIN_EXTERNALS],
      banner: { js: NODE_ESM_REQUIRE_BANNER },
      sourcemap: true,
      legalComments: 'linked',
      logLevel: 'warning',
    }),
    esbuild.build({
      absWorkingDir: root,
      entryPoints: ['src-main/app/preload.ts'],
      outfile: path.join(outDir, 'preload.cjs'),
      bundle: true,
      platform: 'browser',
      format: 'cjs',
      target: 'chrome130',
      external: ['electron'],
      sourcemap: true,
      logLevel: 'warning',
    }),
  ]);
  if (!quiet) console.log(`dist/main: main.js + preload.cjs built in ${Date.now() - started} ms`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildMain();
}
