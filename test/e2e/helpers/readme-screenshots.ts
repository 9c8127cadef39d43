// The README's opening screenshots, for docs/screenshots/: a busy channel as
// Alice sees it in a browser (channel-…: the session code under the
// session's name, a topic, a picture, reactions, a reply, a thread, a code
// block, a mention, someone typing, unread badges), the conversation drawer on
// a phone (drawer-390-…), the sign-in page (sign-in-…) with a wrong password
// (sign-in-error-…) and a taken channel name (new-channel-error-…), light and dark,
// 1280 and 390 px wide. Real host, real renderer build, Chromium; the host
// makes a new identity each run, so the session code differs between runs.
//
//   npm run build:renderer && npx tsx test/e2e/helpers/readme-screenshots.ts [out-dir]
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ChatClient } from '../../../src-shared/chat-client.js';
import { dmKey } from '../../../src-shared/protocol/conversations.js';
import { openAppPage, protocolPerson, signInOnPage } from './app-page.js';
import { eachVariant } from './screenshot-variants.js';
import { withScreenshotSession } from './screenshot-session.js';

const outDir = path.resolve(process.argv[2] ?? 'docs/screenshots');

/** A mock-up of an onboarding screen, drawn by the browser: the picture Carol shares. */
async function mockupPng(browser: Browser): Promise<Buffer> {
  const page = await browser.newPage({ viewport: { width: 480, height: 300 }, deviceScaleFactor: 1 });
  await page.setContent(`<body style="margin:0;font:16px system-ui;background:#eef2ff;display:grid;place-items:center;height:300px">
    <div style="width:380px;background:#fff;border-radius:14px;padding:24px;box-shadow:0 6px 24px #4f46e533">
      <div style="width:40px;height:40px;border-radius:10px;background:#4f46e5;color:#fff;display:grid;place-items:center;font-weight:700">P</div>
      <h2 style="margin:14px 0 6px">Welcome to Office LAN</h2>
      <p style="margin:0 0 16px;color:#555">Say hello in #general. Notifications can wait until your first message.</p>
      <div style="background:#4f46e5;color:#fff;border-radius:8px;padding:10px;text-align:center;font-weight:600">Start chatting</div>
    </div></body>`);
  const png = await page.screenshot();
  await page.close();
  return png;
}

async function seed(browser: Browser, url: string, clients: ChatClient[], contexts: BrowserContext[]): Promise<void> {
  // Alice signs in first, so she is the session's admin (the badge by her name).
  const alice = await protocolPerson(url, 'Alice', clients);
  const bob = await protocolPerson(url, 'Bob', clients);
  const carol = await protocolPerson(url, 'Carol', clients);
  const dave = await protocolPerson(url, 'Dave', clients);
  const erin = await protocolPerson(url, 'Erin', clients);
  await dave.request('profile.update', { displayName: 'Dave Okafor' });
  const { channel } = await bob.request('channel.create', { name: 'design', topic: 'Pixels, type and the new onboarding flow' });
  for (const who of [alice, carol, dave, erin]) await who.request('channel.join', { channel: channel.id });
  const design = `ch:${channel.id}`;

  // Carol shares the mock-up from her browser, as a person would: picked, captioned, sent.
  const carolPage = await signInOnPage(await openAppPage(browser, url, contexts), 'Carol');
  await carolPage.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /design/ }).first().click();
  const [chooser] = await Promise.all([carolPage.waitForEvent('filechooser'), carolPage.getByRole('button', { name: 'Attach file' }).click()]);
  await chooser.setFiles({ name: 'onboarding-v3.png', mimeType: 'image/png', buffer: await mockupPng(browser) });
  await carolPage.getByRole('list', { name: 'Files to send' }).getByText('onboarding-v3.png').waitFor();
  await carolPage.getByRole('textbox', { name: 'Message' }).fill('First pass of the new welcome screen');
  await carolPage.getByRole('textbox', { name: 'Message' }).press('Enter');
  // Uploaded and sent (the preview shows from the page's own copy before that).
  await carolPage.getByRole('log').getByRole('button', { name: 'Save onboarding-v3.png' }).waitFor({ timeout: 20_000 });
  await carolPage.context().close();

  await bob.send(design, 'Looking now. The second screen feels crowded on small phones.').done;
  const ask = await alice.send(design, 'Agreed — could we move the permissions ask to after the first message?').done;
  for (const [who, emoji] of [[bob, '👍'], [carol, '👍'], [dave, '✨']] as const) await who.request('react', { seq: ask.seq, emoji, on: true });
  await erin.send(design, 'Yes, people stopped at that screen in every test session.', undefined, { replyTo: ask.seq }).done;
  const proto = await dave.send(design, 'I can prototype that this afternoon.').done;
  await carol.send(design, 'Ping me when it is up, I will try it on my phone.', undefined, { threadRoot: proto.seq }).done;
  await erin.send(design, 'Same here 🙌', undefined, { threadRoot: proto.seq }).done;
  await carol.send(design, 'Updated spacing tokens:\n```\n--space-1: 4px\n--space-2: 8px\n--space-3: 12px\n```\nContrast checks all pass **AA** now.').done;
  await bob.send(design, '@Alice can you look at the empty state copy before lunch?').done;
  // Unread elsewhere: a message in #general, and Carol's DMs.
  await erin.send('ch:1', 'Made it to the office network finally 🎉').done;
  const dmConv = dmKey(alice.me!.id, carol.me!.id);
  for (const text of ['Do you have a minute?', 'About the onboarding review', 'I moved it to 3 pm', 'Room 2 is free then']) await carol.send(dmConv, text).done;
}

/** Alice's window on #design with Bob typing, the pointer out of the way. */
async function openDesign(page: Page, bob: ChatClient, design: string): Promise<void> {
  await signInOnPage(page, 'Alice');
  // The first visit's offer to turn on notifications: answered, as most people do before they look around.
  await page.getByRole('button', { name: 'Not now' }).click();
  const drawer = page.getByRole('button', { name: 'Conversations', exact: true });
  if (await drawer.isVisible()) await drawer.click();
  await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /design/ }).first().click();
  await page.getByRole('log').getByText('empty state copy').waitFor();
  await bob.request('typing', { conv: design });
  await page.getByText('Bob is typing').waitFor();
  await page.mouse.move(1, 1);
}

/** The new-channel dialog, asked for a name that is taken. */
async function newChannelError(page: Page): Promise<void> {
  // On a phone the drawer is open already (the drawer shot).
  await page.getByRole('button', { name: 'New channel' }).click();
  const dialog = page.getByRole('dialog', { name: 'New channel' });
  await dialog.getByLabel('Channel name').fill('Design');
  await dialog.getByLabel('Topic (optional)').fill('Another one?');
  await dialog.getByRole('button', { name: 'Create channel' }).click();
  await dialog.locator('[aria-invalid="true"]').waitFor();
}

await withScreenshotSession({ sessionName: 'Office LAN' }, async ({ web, browser, contexts, clients }) => {
  await seed(browser, web.url, clients, contexts);
  const bob = clients[1]!;
  const design = 'ch:2';
  await eachVariant(browser, outDir, contexts, async ({ page, variant, shoot }) => {
    await page.goto(web.url);
    await page.getByLabel('Name').waitFor();
    await shoot('sign-in');
    await page.getByLabel('Name').fill('Bob');
    await page.getByLabel('Password', { exact: true }).fill('not-his-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('[aria-invalid="true"]').first().waitFor();
    await shoot('sign-in-error');
    await openDesign(page, bob, design);
    await shoot('channel');
    if (variant.width < 700) {
      await page.getByRole('button', { name: 'Conversations', exact: true }).click();
      await page.getByRole('navigation', { name: 'Conversations' }).getByText('Online users').waitFor();
      await shoot('drawer');
    }
    await newChannelError(page);
    await shoot('new-channel-error');
  });
});
