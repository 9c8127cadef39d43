// Screenshots of what the accessibility fixes changed, for docs/screenshots/:
// a channel whose message has a thread (the reply count in --accent-ink, the
// channel title now the page's h1: a11y-channel-<width>-<scheme>.png) and that
// thread open (a11y-thread-<width>-<scheme>.png), light and dark, 1280 and 390 px.
//
//   npm run build:renderer && npx tsx test/e2e/helpers/a11y-screenshots.ts [out-dir]
import path from 'node:path';
import { protocolPerson, signInOnPage } from './app-page.js';
import { eachVariant } from './screenshot-variants.js';
import { withScreenshotSession } from './screenshot-session.js';

const outDir = path.resolve(process.argv[2] ?? 'docs/screenshots');
await withScreenshotSession({}, async ({ web, browser, contexts, clients }) => {
  const bob = await protocolPerson(web.url, 'Bob', clients);
  const carol = await protocolPerson(web.url, 'Carol', clients);
  const plan = await bob.send('ch:1', 'The plan for the release: colours first, then type.').done;
  await carol.send('ch:1', 'Which palette do we start from?', undefined, { threadRoot: plan.seq }).done;
  await bob.send('ch:1', 'The warm one.', undefined, { threadRoot: plan.seq }).done;
  await eachVariant(browser, outDir, contexts, async ({ page, variant, shoot }) => {
    await page.goto(web.url);
    await signInOnPage(page, 'Alice');
    const summary = page.getByRole('button', { name: /open thread$/ });
    await summary.waitFor();
    await page.mouse.move(5, variant.height - 5);
    await page.waitForTimeout(500);
    await shoot('a11y-channel');
    await summary.click();
    await page.getByRole('log', { name: 'Thread replies' }).getByText('The warm one.').waitFor();
    await page.waitForTimeout(500);
    await shoot('a11y-thread');
  });
});
