// Screenshots of the session-identity screens for docs/screenshots/: the
// desktop's first-contact and identity-changed screens, and the session code
// in the session panel, light and dark, 1280 and 390 px wide. The page is a
// harness (test/renderer/harness/) served by Vite's dev server: it renders
// the real App with a faked platform and ChatClient, since platform.trust
// only exists inside Electron.
//
//   npx tsx test/e2e/helpers/identity-screenshots.ts [out-dir]
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { createServer } from 'vite';
import { launchChromium } from './chromium.js';

const outDir = path.resolve(process.argv[2] ?? 'docs/screenshots');
const root = path.resolve('test/renderer/harness');

interface Shot {
  name: string;
  scene: string;
  kind: 'desktop' | 'web';
  /** What to do once the page is ready (open a dialog, the drawer…). */
  prepare?: (page: import('playwright-core').Page, width: number) => Promise<void>;
}

const openSessionDetails: Shot['prepare'] = async (page, width) => {
  if (width < 700) await page.getByRole('button', { name: 'Conversations' }).click();
  await page.getByRole('button', { name: 'Session details' }).click();
};

const only = process.env.SHOTS?.split(',');
const allShots: Shot[] = [
  { name: 'identity-first-contact', scene: 'first-contact', kind: 'desktop' },
  { name: 'identity-changed', scene: 'changed', kind: 'desktop' },
  {
    name: 'identity-changed-compared',
    scene: 'changed',
    kind: 'desktop',
    prepare: async (page) => {
      await page.getByRole('checkbox', { name: 'I compared the code with the host’s screen and it matches' }).check();
    },
  },
  {
    name: 'identity-find',
    scene: 'find',
    kind: 'desktop',
    prepare: async (page) => {
      await page.getByRole('list', { name: 'Sessions on this network' }).waitFor();
    },
  },
  { name: 'identity-plain-host', scene: 'plain', kind: 'desktop' },
  {
    name: 'hosting',
    scene: 'hosting',
    kind: 'desktop',
    prepare: async (page) => {
      await page.getByRole('checkbox', { name: /Start Parley at login/ }).waitFor();
    },
  },
  {
    name: 'handover-picker',
    scene: 'hosting',
    kind: 'desktop',
    prepare: async (page) => {
      await page.getByRole('button', { name: 'Hand over to…' }).click();
      await page.getByRole('dialog').getByText('Ann').waitFor();
    },
  },
  { name: 'handover-offer', scene: 'offer', kind: 'desktop', prepare: async (page) => void (await page.getByRole('dialog').waitFor()) },
  { name: 'session-moved', scene: 'moved', kind: 'desktop' },
  {
    name: 'desktop-avatars',
    scene: 'avatars',
    kind: 'desktop',
    prepare: async (page) => void (await page.locator('.message img.avatar__image').first().waitFor()),
  },
  { name: 'session-moved-web', scene: 'moved', kind: 'web' },
  { name: 'identity-session-panel', scene: 'panel', kind: 'desktop', prepare: openSessionDetails },
  { name: 'identity-session-panel-web', scene: 'panel', kind: 'web', prepare: openSessionDetails },
  {
    name: 'identity-share-link',
    scene: 'share',
    kind: 'web',
    prepare: async (page) => {
      await page.getByRole('button', { name: 'Share' }).click();
    },
  },
  { name: 'polish-notices', scene: 'polish', kind: 'web', prepare: async (page) => void (await page.getByText('Ann, Ben and 2 others joined').waitFor()) },
  { name: 'polish-loading', scene: 'polish-loading', kind: 'web' },
  { name: 'polish-search', scene: 'polish-search', kind: 'web', prepare: async (page) => void (await page.getByRole('complementary', { name: 'Search results' }).waitFor()) },
  {
    name: 'polish-long-name-sidebar',
    scene: 'polish',
    kind: 'web',
    prepare: async (page, width) => {
      if (width < 700) await page.getByRole('button', { name: 'Conversations' }).click();
    },
  },
];
/** SHOTS=name,name… takes only those. */
const shots = only ? allShots.filter((shot) => only.includes(shot.name)) : allShots;

const server = await createServer({ root, configFile: false, plugins: [react()], logLevel: 'warn', server: { host: '127.0.0.1', port: 0 } });
await server.listen();
const base = server.resolvedUrls?.local[0];
if (!base) throw new Error('the Vite dev server did not say where it listens');
const browser = await launchChromium();
try {
  for (const shot of shots) {
    for (const width of [1280, 390]) {
      for (const scheme of ['light', 'dark'] as const) {
        const page = await browser.newPage({ viewport: { width, height: width > 700 ? 800 : 844 }, colorScheme: scheme, deviceScaleFactor: 1 });
        await page.goto(`${base}?scene=${shot.scene}&kind=${shot.kind}`);
        await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
        await shot.prepare?.(page, width);
        await page.waitForTimeout(300);
        const file = path.join(outDir, `${shot.name}-${width}-${scheme}.png`);
        await page.screenshot({ path: file, fullPage: width < 700 });
        console.log(file);
        await page.close();
      }
    }
  }
} finally {
  await browser.close();
  await server.close();
}
