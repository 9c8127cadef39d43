// Screenshots of end-to-end encrypted DMs for docs/screenshots/, light and
// dark, 1280 and 390 px wide, from the real build against a real host (two
// browser contexts = two devices): a verified DM with its locks and the
// "Verified" badge (and a file sent with its caption), the "Safety code" dialog, and the composer's banner after
// the other person's devices changed in a verified DM.
//
//   npm run build:renderer && npx tsx test/e2e/helpers/e2e-dm-screenshots.ts [out-dir]
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { animationsSettled } from './animations-settled.js';
import { openAppPage, sayOnPage, signInOnPage } from './app-page.js';
import { launchChromium } from './chromium.js';
import { startWebHost } from './web-host.js';

const outDir = path.resolve(process.argv[2] ?? 'docs/screenshots');
const VARIANTS = [
  { width: 1280, height: 800, scheme: 'light' },
  { width: 1280, height: 800, scheme: 'dark' },
  { width: 390, height: 844, scheme: 'light' },
  { width: 390, height: 844, scheme: 'dark' },
] as const;

async function openDm(page: Page, peer: string, narrow: boolean): Promise<void> {
  if (narrow) await page.getByRole('button', { name: 'Conversations' }).click();
  const nav = page.getByRole('navigation', { name: 'Conversations' });
  const dm = nav.getByRole('list', { name: 'Direct messages' }).getByRole('button', { name: new RegExp(peer) });
  if ((await dm.count()) > 0) await dm.first().click();
  else await nav.getByRole('list', { name: 'Online users' }).getByRole('button', { name: new RegExp(`^${peer}`) }).click();
}

async function verify(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Safety code' }).click();
  const dialog = page.getByRole('dialog', { name: /Safety code with/ });
  await dialog.getByRole('button', { name: 'Mark as verified' }).click();
  await dialog.getByRole('button', { name: 'Done' }).click();
}

async function each(page: Page, shot: (variant: (typeof VARIANTS)[number]) => Promise<void>): Promise<void> {
  for (const variant of VARIANTS) {
    await page.setViewportSize({ width: variant.width, height: variant.height });
    await page.emulateMedia({ colorScheme: variant.scheme });
    await page.waitForTimeout(300);
    await shot(variant);
  }
}

const browser = await launchChromium();
const web = await startWebHost();
const contexts: BrowserContext[] = [];
try {
  const ann = await signInOnPage(await openAppPage(browser, web.url, contexts), 'Ann');
  const bob = await signInOnPage(await openAppPage(browser, web.url, contexts), 'Bob');
  await openDm(ann, 'Bob', false);
  await sayOnPage(ann, 'The draft contract is in the shared folder — the password is on the sticky note I gave you.');
  await openDm(bob, 'Ann', false);
  await bob.getByRole('log').getByText('The draft contract').waitFor();
  await sayOnPage(bob, "Thanks! I'll read it tonight and send comments tomorrow.");
  await ann.getByRole('log').getByText('read it tonight').waitFor();
  // A file with its caption: one message, the caption inside the envelope.
  const [chooser] = await Promise.all([ann.waitForEvent('filechooser'), ann.getByRole('button', { name: 'Attach file' }).click()]);
  await chooser.setFiles({ name: 'contract-v3.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 draft') });
  await ann.getByRole('textbox', { name: 'Message' }).fill('And the draft itself: pages 4 and 7 changed.');
  await ann.getByRole('textbox', { name: 'Message' }).press('Enter');
  await bob.getByRole('log').getByRole('article').filter({ hasText: 'pages 4 and 7' }).getByText('contract-v3.pdf').waitFor({ timeout: 20_000 });
  await verify(bob);
  await verify(ann);
  await bob.locator('.conversation-header').getByText('Verified', { exact: true }).waitFor();
  // No hover toolbar from the last click, no "Ann is typing…" left from her caption.
  await bob.mouse.move(5, 5);
  await bob.getByText(/is typing/).waitFor({ state: 'detached', timeout: 15_000 });

  await each(bob, async ({ width, scheme }) => {
    await bob.screenshot({ path: path.join(outDir, `e2e-dm-verified-${width}-${scheme}.png`) });
    await bob.getByRole('button', { name: 'Safety code' }).click();
    await bob.getByRole('dialog', { name: /Safety code with/ }).getByLabel(/^Safety code: /).waitFor();
    await animationsSettled(bob); // the dialog fades in
    await bob.screenshot({ path: path.join(outDir, `e2e-safety-code-${width}-${scheme}.png`) });
    await bob.getByRole('button', { name: 'Done' }).click();
  });

  // Ann signs in on a new device: Bob had verified her, so his sending now waits.
  await signInOnPage(await openAppPage(browser, web.url, contexts), 'Ann');
  await bob.bringToFront();
  await bob.getByRole('button', { name: 'Send anyway' }).waitFor({ timeout: 15_000 });
  await bob.getByRole('textbox', { name: 'Message' }).fill('Is that new device yours?');
  await each(bob, async ({ width, scheme }) => {
    await bob.screenshot({ path: path.join(outDir, `e2e-key-change-${width}-${scheme}.png`) });
  });
  console.log(`Screenshots in ${outDir}`);
} finally {
  for (const context of contexts) await context.close();
  await browser.close();
  await web.stop();
}
