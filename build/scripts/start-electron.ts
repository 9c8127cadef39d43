// `npm start` (after `npm run build`): launches Electron on this folder.
//
// The `electron` package downloads its binary in an install script. npm 11 can
// be set to skip install scripts (and CI sets ELECTRON_SKIP_BINARY_DOWNLOAD=1),
// which leaves node_modules/electron without a binary. When that is the case
// this runs node_modules/electron/install.js once, saying so, then launches.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const electronDir = path.join(root, 'node_modules', 'electron');

/** Where the executable sits inside an Electron distribution (as electron/install.js writes path.txt). */
function platformPath(): string {
  if (process.platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  if (process.platform === 'win32') return 'electron.exe';
  return 'electron';
}

/** The Electron executable, found as node_modules/electron/index.js finds it; null when not installed. */
function electronBinary(): string | null {
  let relative: string | null = null;
  try {
    relative = fs.readFileSync(path.join(electronDir, 'path.txt'), 'utf8');
  } catch {
    // Not installed, unless ELECTRON_OVERRIDE_DIST_PATH points at a distribution.
  }
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  let binary: string;
  if (override) binary = path.join(override, relative ?? platformPath());
  else if (relative !== null) binary = path.join(electronDir, 'dist', relative);
  else return null;
  return fs.existsSync(binary) ? binary : null;
}

function installElectron(): boolean {
  if (!fs.existsSync(path.join(electronDir, 'install.js'))) {
    console.error('node_modules/electron is missing: run `npm install` first.');
    return false;
  }
  console.log(
    'Electron\'s binary is not installed (npm did not run the electron package\'s install script).\n' +
      'Running node_modules/electron/install.js to download it once…',
  );
  const env = { ...process.env };
  // install.js does nothing at all while this is set.
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const result = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { cwd: electronDir, env, stdio: 'inherit' });
  return result.status === 0;
}

let binary = electronBinary();
if (binary === null) {
  if (!installElectron() || (binary = electronBinary()) === null) {
    console.error(
      'Could not install Electron\'s binary (no network, or a proxy in the way?). Try `node node_modules/electron/install.js`\n' +
        'yourself, or set ELECTRON_MIRROR / electron_config_cache (see https://www.electronjs.org/docs/latest/tutorial/installation).',
    );
    process.exit(1);
  }
}

const env = { ...process.env };
// Set, it would make Electron run as plain Node instead of the app.
delete env.ELECTRON_RUN_AS_NODE;
const child = spawn(binary, [root, ...process.argv.slice(2)], { cwd: root, env, stdio: 'inherit', windowsHide: false });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => child.kill(signal));
}
child.on('error', (error) => {
  console.error(`Could not launch Electron (${binary}): ${error.message}`);
  process.exit(1);
});
child.on('close', (code, signal) => {
  if (code === null) console.error(`Electron exited with signal ${signal}`);
  process.exit(code ?? 1);
});
