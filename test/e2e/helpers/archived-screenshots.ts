// Screenshots of archived channels for docs/screenshots/, light and dark,
// 1280 and 390 px wide (at 390 px in the open drawer):
//   - archived-list-…: the sidebar with "Hide archived (2)" open under the
//     channels, the archived ones listed apart;
//   - archived-channel-…: an archived channel opened from there (readable,
//     the archived banner in place of the composer; 390 px shows the
//     conversation, the drawer closes on navigating).
// Real host, real renderer build, Chromium.
//
//   npm run build:renderer && npx tsx test/e2e/helpers/archived-screenshots.ts [out-dir]
import path from 'node:path';
import { protocolPerson, signInOnPage } from './app-page.js';
import { eachVariant } from './screenshot-variants.js';
import { withScreenshotSession } from './screenshot-session.js';

const outDir = path.resolve(process.argv[2] ?? 'docs/screenshots');

await withScreenshotSession({}, async ({ web, browser, contexts, clients }) => {
  // Alice (the first to sign in: admin) made the channels and archives two of them.
  const alice = await protocolPerson(web.url, 'Alice', clients);
  const bob = await protocolPerson(web.url, 'Bob', clients);
  const made: Record<string, number> = {};
  for (const [name, topic] of [
    ['design', 'Mockups and reviews'],
    ['release-2025', 'The 2025 release: what ships, what slips'],
    ['offsite-2024', 'Planning the 2024 team offsite'],
  ] as const) {
    const { channel } = await alice.request('channel.create', { name, topic });
    made[name] = channel.id;
    await bob.request('channel.join', { channel: channel.id });
  }
  await bob.send(`ch:${made['release-2025']}`, 'Final build is tagged and on the share. Thanks everyone!').done;
  const last = await alice.send(`ch:${made['release-2025']}`, 'Archiving this one — follow-ups go to #design.').done;
  await alice.request('read', { conv: last.conv, seq: last.seq });
  const general = await bob.send('ch:1', 'Morning all — coffee machine on floor 2 is fixed.').done;
  await alice.request('read', { conv: 'ch:1', seq: general.seq });
  // Left unread (every look shows the same badges: the archived-channel shot opens only #release-2025, read already).
  await bob.send(`ch:${made['offsite-2024']}`, 'Photos from the lake are in the shared folder.').done;
  await bob.send(`ch:${made.design!}`, 'New icons for the sidebar are up for review.').done;
  for (const name of ['release-2025', 'offsite-2024']) await alice.request('channel.archive', { channelId: made[name]!, archived: true });

  await eachVariant(browser, outDir, contexts, async ({ page, variant, shoot }) => {
    await page.goto(web.url);
    await signInOnPage(page, 'Alice');
    await page.getByRole('log').getByText('coffee machine').waitFor();
    // The offer to turn on notifications is answered: not part of this picture.
    const notNow = page.getByRole('button', { name: 'Not now' });
    if (await notNow.isVisible()) await notNow.click();
    await page.mouse.move(5, variant.height - 5);
    const narrow = variant.width < 700;
    if (narrow) await page.getByRole('button', { name: 'Conversations' }).click();
    await page.getByRole('button', { name: 'Show archived (2)' }).click();
    await page.getByRole('list', { name: 'Archived channels' }).getByRole('button', { name: /offsite-2024/ }).waitFor();
    await page.mouse.move(variant.width - 5, variant.height - 5); // off the toggle (no hover underline)
    await page.waitForTimeout(300);
    await shoot('archived-list');

    await page.getByRole('list', { name: 'Archived channels' }).getByRole('button', { name: /release-2025/ }).click();
    await page.getByText('#release-2025 is archived.').waitFor();
    await page.getByRole('log').getByText('Archiving this one').waitFor();
    await page.mouse.move(5, variant.height - 5);
    await page.waitForTimeout(300);
    await shoot('archived-channel');
  });
});
