// What a person sees, frame by frame, when #big opens: for each animation
// frame after the click, the range of message numbers visible inside the
// list's window. Opening must show the newest messages from the first frame
// that shows any (no frame of older rows first, no blank frame in between).
//   npx tsx bench/renderer/frames.ts [--total N]
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from '../../test/e2e/helpers/chromium.js';
import { PASSWORD, seedSession, startHost } from './seed.js';

const { values } = parseArgs({ options: { total: { type: 'string', default: '5000' }, frames: { type: 'string', default: '40' } } });
const TOTAL = Number(values.total);
const FRAMES = Number(values.frames);

const seeded = await seedSession({ total: TOTAL, threads: 10, heavyReplies: 20 });
const host = await startHost(seeded.dataDir, path.resolve('dist/renderer'));
const browser = await launchChromium();
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await page.addInitScript('window.__name = (fn) => fn;');
  await page.goto(`http://127.0.0.1:${host.port}/`);
  await page.getByLabel('Name').fill('Reader');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('textbox', { name: 'Message' }).waitFor({ timeout: 15_000 });
  await page.waitForTimeout(500);
  await page.evaluate((frames: number) => {
    const w = window as unknown as { __frames: Promise<string[]> };
    w.__frames = new Promise((resolve) => {
      const out: string[] = [];
      let start = 0;
      const shown = () => {
        const log = document.querySelector('[role="log"]');
        if (!log) return 'no list';
        const view = log.getBoundingClientRect();
        const seen: number[] = [];
        for (const el of log.querySelectorAll('p')) {
          const m = /^msg (\d+):/.exec(el.textContent ?? '');
          if (!m || !el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
          const box = el.getBoundingClientRect();
          if (box.bottom > view.top && box.top < view.bottom) seen.push(Number(m[1]));
        }
        return seen.length ? `${Math.min(...seen)}–${Math.max(...seen)} (${seen.length})` : `none (${log.getAttribute('aria-label')})`;
      };
      const frame = (now: number) => {
        out.push(`${(now - start).toFixed(0).padStart(5)} ms  ${shown()}`);
        if (out.length < frames) requestAnimationFrame(frame);
        else resolve(out);
      };
      document.addEventListener('click', () => ((start = performance.now()), requestAnimationFrame(frame)), { capture: true, once: true });
    });
  }, FRAMES);
  await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /big/ }).first().click();
  const frames = await page.evaluate(() => (window as unknown as { __frames: Promise<string[]> }).__frames);
  console.log(frames.join('\n'));
} finally {
  await browser.close();
  await host.stop();
}
