// bench/renderer: the real renderer build in Debian's Chromium against a real
// host whose channel #big holds 100,000 messages.
//   1. time to first paint of the newest messages when the channel is opened
//      (click → the newest message's text is on screen, after two frames);
//   2. the longest main-thread task while scrolling back 2,000 messages
//      (PerformanceObserver 'longtask' reports every task ≥ 50 ms; we also
//      track the longest gap between animation frames).
// Targets (issue 3): first paint under 300 ms, no task over 50 ms.
//
//   npm run bench -- renderer            (or: npx tsx bench/renderer/run.ts [--quick])
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { ChatHost } from '../../src-main/host/chat-host.js';
import { SessionDatabase } from '../../src-main/host/database/session-database.js';
import { ChatClient, type WebSocketConstructor } from '../../src-shared/chat-client.js';
import { channelKey } from '../../src-shared/protocol/conversations.js';
import { launchChromium } from '../../test/e2e/helpers/chromium.js';

const quick = process.argv.includes('--quick');
const TOTAL = quick ? 20_000 : 100_000;
const SCROLL_BACK = 2_000;
const HARD_TIMEOUT_MS = 4 * 60_000;
const WEB_ROOT = path.resolve('dist/renderer');
const hardTimer = setTimeout(() => {
  console.error('bench/renderer: gave up after 4 minutes');
  process.exit(1);
}, HARD_TIMEOUT_MS);

if (!fs.existsSync(path.join(WEB_ROOT, 'index.html'))) {
  console.error('bench/renderer: build the renderer first (npm run build:renderer).');
  process.exit(2);
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-renderer-'));
const log = (line: string) => console.log(line);

// ---- 1. accounts and the channel, through the real host
let host = new ChatHost({ dataDir, port: 0, bindAddress: '127.0.0.1', tls: false, sessionName: 'Renderer bench' });
await host.start();
const wsUrl = `ws://127.0.0.1:${host.port}/ws`;
const writer = new ChatClient({ url: wsUrl, WebSocket: WebSocket as unknown as WebSocketConstructor, reconnect: false });
await writer.connect();
await writer.signIn({ name: 'Writer', password: 'bench-password' });
const reader = new ChatClient({ url: wsUrl, WebSocket: WebSocket as unknown as WebSocketConstructor, reconnect: false });
await reader.connect();
await reader.signIn({ name: 'Reader', password: 'bench-password' });
const { channel } = await writer.request('channel.create', { name: 'big', topic: `${TOTAL.toLocaleString('en')} messages` });
await reader.request('channel.join', { channel: channel.id });
writer.close();
reader.close();
await host.stop();

// ---- 2. bulk history straight into SQLite (the host's own schema and code)
const seedStart = performance.now();
const db = new SessionDatabase(path.join(dataDir, 'session.db'));
const writerId = 1;
let seq = db.maxSeq();
const words = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua'.split(' ');
const start = Date.now() - TOTAL * 30_000;
db.connectionForInspection.exec('BEGIN');
for (let i = 1; i <= TOTAL; i++) {
  const length = 3 + ((i * 7919) % 40);
  const body = Array.from({ length }, (_, k) => words[(i + k * 13) % words.length]).join(' ');
  const text = i % 17 === 0 ? `msg ${i}: ${body}\nsecond line, see https://example.com/${i}` : `msg ${i}: ${body}`;
  db.messages.insert({ seq: ++seq, conv: channelKey(channel.id), senderId: writerId, senderName: 'Writer', clientMsgId: null, kind: 'text', text, ts: start + i * 30_000 });
}
db.connectionForInspection.exec('COMMIT');
db.close();
log(`seeded #big with ${TOTAL.toLocaleString('en')} messages in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

// ---- 3. the renderer in Chromium
host = new ChatHost({ dataDir, port: 0, bindAddress: '127.0.0.1', tls: false, webRoot: WEB_ROOT });
await host.start();
const browser = await launchChromium();
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const page = await context.newPage();
// tsx (esbuild keepNames) wraps named functions in __name(); page code has no such helper.
await page.addInitScript('window.__name = (fn) => fn;');
await page.addInitScript(() => {
  const w = window as unknown as { __longTasks: number[]; __maxFrameGap: number; __trackFrames: boolean };
  w.__longTasks = [];
  w.__maxFrameGap = 0;
  w.__trackFrames = false;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) w.__longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
  let last = performance.now();
  const frame = (now: number) => {
    if (w.__trackFrames) w.__maxFrameGap = Math.max(w.__maxFrameGap, now - last);
    last = now;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
});
await page.goto(`http://127.0.0.1:${host.port}/`);
await page.getByLabel('Name').fill('Reader');
await page.getByLabel('Password', { exact: true }).fill('bench-password');
await page.getByRole('button', { name: 'Sign in' }).click();
await page.getByRole('textbox', { name: 'Message' }).waitFor({ timeout: 15_000 });

const newest = `msg ${TOTAL}:`;
const bigButton = page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /big/ }).first();
await bigButton.waitFor();
// Time from the click to the newest message painted: measured in the page.
await page.evaluate((needle) => {
  const w = window as unknown as { __paintDone: Promise<number>; __clickAt: number };
  w.__paintDone = new Promise<number>((resolve) => {
    const check = () => {
      const log = document.querySelector('[role="log"]');
      if (log && log.textContent?.includes(needle)) {
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
        return true;
      }
      return false;
    };
    const observer = new MutationObserver(() => {
      if (check()) observer.disconnect();
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  document.addEventListener('click', () => (w.__clickAt = performance.now()), { capture: true, once: true });
}, newest);
await bigButton.click();
const firstPaintMs = await page.evaluate(async () => {
  const w = window as unknown as { __paintDone: Promise<number>; __clickAt: number };
  return (await w.__paintDone) - w.__clickAt;
});
log(`first paint of the newest messages: ${firstPaintMs.toFixed(0)} ms`);

// ---- 4. scroll back 2,000 messages with the mouse wheel
await page.evaluate(() => {
  const w = window as unknown as { __longTasks: number[]; __maxFrameGap: number; __trackFrames: boolean };
  w.__longTasks = [];
  w.__maxFrameGap = 0;
  w.__trackFrames = true;
});
const logBox = await page.getByRole('log').boundingBox();
if (!logBox) throw new Error('no message list on screen');
await page.mouse.move(logBox.x + logBox.width / 2, logBox.y + logBox.height / 2);
const target = TOTAL - SCROLL_BACK;
const scrollStart = performance.now();
let oldestVisible = TOTAL;
let steps = 0;
while (oldestVisible > target && performance.now() - scrollStart < 120_000) {
  await page.mouse.wheel(0, -600);
  await page.waitForTimeout(16);
  steps++;
  if (steps % 5 === 0) {
    oldestVisible = await page.evaluate(() => {
      const text = document.querySelector('[role="log"]')?.textContent ?? '';
      let min = Infinity;
      for (const match of text.matchAll(/msg (\d+):/g)) min = Math.min(min, Number(match[1]));
      return min;
    });
  }
}
const scrollSeconds = (performance.now() - scrollStart) / 1000;
const { longTasks, maxFrameGap } = await page.evaluate(() => {
  const w = window as unknown as { __longTasks: number[]; __maxFrameGap: number; __trackFrames: boolean };
  w.__trackFrames = false;
  return { longTasks: w.__longTasks, maxFrameGap: w.__maxFrameGap };
});
const reached = TOTAL - oldestVisible;
const longest = longTasks.length ? Math.max(...longTasks) : 0;
log(`scrolled back ${reached.toLocaleString('en')} messages in ${scrollSeconds.toFixed(1)} s (${steps} wheel steps)`);
log(`long tasks (≥ 50 ms) while scrolling: ${longTasks.length}${longTasks.length ? ` — longest ${longest.toFixed(0)} ms` : ''}; longest frame gap ${maxFrameGap.toFixed(0)} ms`);

await browser.close();
await host.stop();
fs.rmSync(dataDir, { recursive: true, force: true });
clearTimeout(hardTimer);

const results = {
  benchmark: 'renderer',
  date: new Date().toISOString(),
  messages: TOTAL,
  firstPaintMs,
  scrolledBack: reached,
  longTasks,
  longestTaskMs: longest,
  maxFrameGapMs: maxFrameGap,
};
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync('bench/results/renderer.json', JSON.stringify(results, null, 2));

const pass = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
log('');
log(`${pass(firstPaintMs < 300)}  first paint of the newest messages < 300 ms — ${firstPaintMs.toFixed(0)} ms`);
log(`${pass(reached >= SCROLL_BACK && longest <= 50)}  scrolling back ${SCROLL_BACK.toLocaleString('en')} messages with no task over 50 ms — ${longTasks.length === 0 ? 'none over 50 ms' : `longest ${longest.toFixed(0)} ms`}${reached < SCROLL_BACK ? ` (only reached ${reached})` : ''}`);
process.exit(0);
