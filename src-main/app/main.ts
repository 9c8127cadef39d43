// Electron's entry point (package.json "main" → dist/main/main.js, an ES
// module bundled by build/scripts/build-main.ts). Kept to wiring: what
// the app does lives in desktop-app.ts and the plain modules it uses.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app } from 'electron';
import { SessionAdvertiser } from '../discovery/session-advertiser.js';
import { SessionBrowser } from '../discovery/session-browser.js';
import { startDesktopApp } from './desktop-app.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const log = (line: string) => console.log(`parley: ${line}`);

startDesktopApp({
  // Beside this file in dist/main (inside app.asar when packaged).
  preloadPath: path.join(here, 'preload.cjs'),
  // The repository root when run with `electron .`, app.asar when packaged.
  rendererRoot: path.join(app.getAppPath(), 'dist', 'renderer'),
  createSessionBrowser: () => new SessionBrowser({ log: (line: string) => log(`discovery: ${line}`) }),
  createAdvertiser: ({ port, txt, name }) => new SessionAdvertiser({ port, txt, name, log: (line) => log(`discovery: ${line}`) }),
  log,
});
