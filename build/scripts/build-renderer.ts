// `npm run build:renderer`: Vite builds the renderer (src-renderer, vite.config.ts)
// into dist/renderer — the page the Electron window loads and the host serves
// to browsers — and then marks the build done (dist/.renderer-built).
//
// `--if-stale` (how `npm run host` calls it) builds only when that mark is
// missing or older than what the page is made from, saying so in one line
// (a first start waits several seconds for it); the common case, nothing
// changed, prints nothing and costs only this script's start (Vite is not
// even loaded). Rebuilding every time cost `npm run host` ~4 s per start
// and, worse, emptied dist/renderer under a host already serving it from this
// folder: its open pages got 404s for the chunks they load later.
//
// The mark, not dist/renderer/index.html, says the build finished: Vite writes
// the page before the precompressed copies (vite.config.ts), so a build stopped
// half-way leaves a page but no mark, and the next start builds again.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestInput } from './newest-input.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const mark = path.join(root, 'dist', '.renderer-built');

/** What the page is made from (vite.config.ts imports the CSP and the precompression from src-main). */
const INPUTS = [
  'src-renderer',
  'src-shared',
  'vite.config.ts',
  'src-main/app/content-security-policy.ts',
  'src-main/host/precompressed-files.ts',
  'build/scripts/build-renderer.ts',
  'package.json',
  'node_modules/.package-lock.json',
];

/** The last build finished and nothing it is made from changed since. */
export function rendererBuildIsCurrent(): boolean {
  const built = fs.statSync(mark, { throwIfNoEntry: false })?.mtimeMs ?? -Infinity;
  return built >= newestInput(root, INPUTS) && fs.existsSync(path.join(root, 'dist', 'renderer', 'index.html'));
}

export async function buildRenderer({ quiet = false }: { quiet?: boolean } = {}): Promise<void> {
  const { build } = await import('vite');
  fs.rmSync(mark, { force: true });
  // vite.config.ts names its folders relative to the working directory, as `vite build` at the root would.
  process.chdir(root);
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: quiet ? 'error' : 'warn' });
  fs.writeFileSync(mark, `${new Date().toISOString()}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const ifStale = process.argv.includes('--if-stale');
  const build = !ifStale || !rendererBuildIsCurrent();
  if (build && ifStale) process.stderr.write('Building the web client (dist/renderer): missing, or older than its sources…\n');
  if (build) await buildRenderer({ quiet: ifStale || process.env['npm_config_loglevel'] === 'silent' });
}
