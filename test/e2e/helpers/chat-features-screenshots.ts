// Screenshots of the everyday chat features for docs/screenshots/, as Alice
// (the session's admin) sees them in a browser, light and dark, 1280 and
// 390 px wide:
//   chat-features-…    #general: Markdown, reactions, replies with quotes, a
//                      code block, mentions (@Alice, @here), an edited and a
//                      deleted message, a message's actions on hover
//   reaction-picker-…  the picker with an emoji search
//   quick-switcher-…   Ctrl+K
//   admin-actions-…    the actions an admin has on someone online
//   files-…            a PDF and a picture shared in #office, with Save/Open
//   files-drop-…       a file dragged over the conversation
//   dm-seen-…          an end-to-end encrypted DM with Bob, "Seen"
// One window for Alice throughout (resized and re-themed between looks): her
// DMs are end-to-end encrypted to the devices she has, and a fresh window
// would be a new device that cannot read the DM from before it.
//
//   npm run build:renderer && npx tsx test/e2e/helpers/chat-features-screenshots.ts [out-dir]
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { animationsSettled } from './animations-settled.js';
import { openAppPage, protocolPerson, signInOnPage } from './app-page.js';
import { SCREEN_VARIANTS } from './screenshot-variants.js';
import { withScreenshotSession } from './screenshot-session.js';

const outDir = path.resolve(process.argv[2] ?? 'docs/screenshots');

/** Opens a conversation from the sidebar (from the drawer on a phone). */
async function open(page: Page, list: 'Channels' | 'Direct messages', name: RegExp): Promise<void> {
  const drawer = page.getByRole('button', { name: 'Conversations', exact: true });
  if (await drawer.isVisible()) await drawer.click();
  await page.getByRole('list', { name: list, exact: true }).getByRole('button', { name }).first().click();
  await page.mouse.move(1, 1);
}

/** Files as a person would pick them: a small PDF and a picture drawn by the browser. */
async function pickedFiles(browser: Browser): Promise<{ name: string; mimeType: string; buffer: Buffer }[]> {
  const page = await browser.newPage({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 1 });
  await page.setContent(`<body style="margin:0;height:400px;background:linear-gradient(#f59e0b,#ec4899 60%,#7c3aed);position:relative;overflow:hidden">
    <div style="position:absolute;left:380px;top:70px;width:70px;height:70px;border-radius:50%;background:#fde68a"></div>
    <div style="position:absolute;left:-60px;top:230px;width:420px;height:420px;background:#312e81;transform:rotate(45deg)"></div>
    <div style="position:absolute;left:300px;top:260px;width:420px;height:420px;background:#1e1b4b;transform:rotate(45deg)"></div></body>`);
  const png = await page.screenshot();
  const pdf = await page.pdf({ format: 'A4' }).catch(() => Buffer.from('%PDF-1.4\n% floor plan\n'));
  await page.close();
  return [
    { name: 'floor-plan-v3.pdf', mimeType: 'application/pdf', buffer: pdf },
    { name: 'sunset-at-the-office.png', mimeType: 'image/png', buffer: png },
  ];
}

await withScreenshotSession({ sessionName: 'Office LAN' }, async ({ web, browser, contexts, clients }) => {
  // Alice signs in first: she is the admin.
  const alicePage = await signInOnPage(await openAppPage(browser, web.url, contexts), 'Alice');
  await alicePage.getByRole('button', { name: 'Not now' }).click();
  const bobPage = await signInOnPage(await openAppPage(browser, web.url, contexts), 'Bob');
  const alice = await protocolPerson(web.url, 'Alice', clients);
  const bob = await protocolPerson(web.url, 'Bob', clients);
  const carol = await protocolPerson(web.url, 'Carol', clients);
  const dave = await protocolPerson(web.url, 'Dave', clients);
  await dave.request('profile.update', { displayName: 'Dave Okafor' });

  const plan = await bob.send('ch:1', 'Morning! Plan for **today**:\n- fix the *login* bug\n- review ~~old~~ new PR\n- ship `v0.5`').done;
  for (const [who, emoji] of [[alice, '👍'], [carol, '👍'], [dave, '🎉']] as const) await who.request('react', { seq: plan.seq, emoji, on: true });
  await alice.send('ch:1', 'Sounds good @Bob — I will write the release notes', undefined, { replyTo: plan.seq }).done;
  const check = await bob.send('ch:1', 'To check before shipping:\n```\nnpm run build\nnpm test\n```').done;
  await carol.request('react', { seq: check.seq, emoji: '🚀', on: true });
  await carol.send('ch:1', 'I will take the review, @Alice can you pair?', undefined, { replyTo: plan.seq }).done;
  const notes = await alice.send('ch:1', 'Notes are in the wiki: http://wiki.office.lan/release-0.5').done;
  await alice.request('message.edit', { seq: notes.seq, text: 'Notes are in the wiki, see http://wiki.office.lan/release-0.5 for details' });
  const oops = await bob.send('ch:1', 'wrong channel, sorry').done;
  await bob.request('message.delete', { seq: oops.seq });
  await carol.send('ch:1', '@here standup in 5').done;

  const { channel } = await bob.request('channel.create', { name: 'office', topic: 'Desks, floor plans and the kitchen rota' });
  for (const who of [alice, carol, dave]) await who.request('channel.join', { channel: channel.id });
  await bob.send(`ch:${channel.id}`, 'Can you send the floor plan and the photo?').done;
  await open(alicePage, 'Channels', /office/);
  const [chooser] = await Promise.all([alicePage.waitForEvent('filechooser'), alicePage.getByRole('button', { name: 'Attach file' }).click()]);
  await chooser.setFiles(await pickedFiles(browser));
  await alicePage.getByRole('list', { name: 'Files to send' }).getByRole('listitem').nth(1).waitFor();
  await alicePage.getByRole('textbox', { name: 'Message' }).fill('Here you go');
  await alicePage.getByRole('textbox', { name: 'Message' }).press('Enter');
  for (const name of ['floor-plan-v3.pdf', 'sunset-at-the-office.png']) {
    await alicePage.getByRole('log').getByRole('button', { name: `Save ${name}` }).waitFor({ timeout: 20_000 });
  }

  // The DM, end to end encrypted between the two browsers; Bob keeps it open, so he has seen Alice's answer.
  await open(bobPage, 'Channels', /general/);
  await bobPage.getByRole('list', { name: 'Online users' }).getByRole('button', { name: /^Alice/ }).click();
  await bobPage.getByRole('textbox', { name: 'Message' }).fill('Can you review the deploy checklist before Friday?');
  await bobPage.getByRole('textbox', { name: 'Message' }).press('Enter');
  await open(alicePage, 'Direct messages', /^Bob/);
  await alicePage.getByRole('log').getByText('deploy checklist').waitFor();
  await alicePage.getByRole('textbox', { name: 'Message' }).fill('Sure, I will look at it this afternoon.');
  await alicePage.getByRole('textbox', { name: 'Message' }).press('Enter');
  await alicePage.getByText('Seen', { exact: true }).waitFor({ timeout: 20_000 });

  const page = alicePage;
  for (const { width, height, scheme } of SCREEN_VARIANTS) {
    await page.setViewportSize({ width, height });
    await page.emulateMedia({ colorScheme: scheme });
    const shoot = async (name: string) => {
      await animationsSettled(page);
      await page.waitForTimeout(300);
      const file = path.join(outDir, `${name}-${width}-${scheme}.png`);
      await page.screenshot({ path: file });
      console.log(file);
    };

    await open(page, 'Channels', /general/);
    const log = page.getByRole('log');
    await log.getByText('standup in 5').waitFor();
    await log.getByRole('article', { name: /Notes are in the wiki/ }).hover();
    await shoot('chat-features');

    await log.getByRole('article', { name: /Morning! Plan for/ }).hover();
    await log.getByRole('article', { name: /Morning! Plan for/ }).getByRole('button', { name: 'Add reaction' }).click();
    await page.getByRole('searchbox', { name: 'Search emoji' }).or(page.getByRole('textbox', { name: 'Search emoji' })).fill('party');
    await shoot('reaction-picker');
    await page.keyboard.press('Escape');

    await page.keyboard.press('Control+k');
    await page.getByRole('combobox', { name: 'Jump to a conversation or person' }).or(page.getByRole('textbox', { name: 'Jump to a conversation or person' })).fill('o');
    await shoot('quick-switcher');
    await page.keyboard.press('Escape');

    const drawer = page.getByRole('button', { name: 'Conversations', exact: true });
    if (await drawer.isVisible()) await drawer.click();
    await page.getByRole('button', { name: 'Actions for Carol' }).click();
    await page.getByRole('menuitem', { name: 'Make admin' }).waitFor();
    await shoot('admin-actions');
    await page.keyboard.press('Escape');
    if (await drawer.isVisible()) await page.keyboard.press('Escape');

    await open(page, 'Channels', /office/);
    await log.getByRole('button', { name: 'Save sunset-at-the-office.png' }).waitFor();
    await shoot('files');
    const dataTransfer = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['desk plan'], 'desks.txt', { type: 'text/plain' }));
      return dt;
    });
    const pane = page.getByRole('region', { name: '#office' });
    await pane.dispatchEvent('dragenter', { dataTransfer });
    await page.getByText('Drop to share in #office').waitFor();
    await shoot('files-drop');
    await pane.dispatchEvent('dragleave', { dataTransfer });
    await page.getByText('Drop to share in #office').waitFor({ state: 'hidden' });

    await open(page, 'Direct messages', /^Bob/);
    await page.getByText('Seen', { exact: true }).waitFor();
    await shoot('dm-seen');
  }
});
