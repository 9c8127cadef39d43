// End to end, in Debian's Chromium against a real host: threads (issue 12,
// item 2). Bob replies in a thread under Ann's message; Ann sees "1 reply",
// the sidebar's "Threads" entry with its unread count, reads the thread (the
// entry goes) and answers with "Also send to #general" (Bob sees it in the
// channel too); Bob quotes Ann's reply in the thread. At 390 px the thread is a full view with Back; the panel has
// no accessibility violations, light and dark; and it works by keyboard alone.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sayOnPage, signInOnPage } from './helpers/app-page.js';
import { useBrowserSuite } from './helpers/browser-suite.js';
import { axeOn } from './helpers/axe.js';

const suite = useBrowserSuite();

const signIn = async (name: string) => signInOnPage(await suite.openPage(), name);
const panel = (page: Page) => page.getByRole('complementary', { name: /^Thread in/ });
const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Conversations' });
/** The conversation's row holding `text` (not the thread panel's copy). */
const row = (page: Page, text: string) => page.locator('.message:not(.thread-panel .message)', { has: page.locator('.message__text', { hasText: text }) }).first();

async function act(page: Page, text: string, button: string): Promise<void> {
  const target = row(page, text);
  await target.waitFor({ timeout: 10_000 });
  await target.hover();
  await target.getByRole('button', { name: button, exact: true }).click();
}

async function replyInPanel(page: Page, text: string, alsoToChannel = false): Promise<void> {
  const box = panel(page).getByRole('textbox', { name: 'Reply in thread' });
  await box.fill(text);
  if (alsoToChannel) await panel(page).getByRole('checkbox', { name: /^Also send to/ }).check();
  await panel(page).getByRole('button', { name: 'Send reply' }).click();
}

async function axeViolations(page: Page): Promise<string[]> {
  const result = await axeOn(page).include('.thread-panel').analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('threads in the browser', () => {
  it('a reply in a thread: "1 reply", the Threads entry until read, a reply also sent to #general', async () => {
    await suite.startWebHost();
    const ann = await signIn('Ann');
    const bob = await signIn('Bob');
    await sayOnPage(ann, 'Who is up for the Friday demo?');
    await row(bob, 'Who is up for the Friday demo?').waitFor({ timeout: 10_000 });

    // Bob: "Reply in thread" on Ann's message opens the panel with her message as its root.
    await act(bob, 'Who is up for the Friday demo?', 'Reply in thread');
    await panel(bob).getByText('Who is up for the Friday demo?').waitFor();
    await replyInPanel(bob, 'Me, if it is after lunch');
    await panel(bob).getByText('Me, if it is after lunch').waitFor({ timeout: 10_000 });
    await panel(bob).getByText('1 reply', { exact: true }).waitFor();

    // Ann: the summary under her message, and the Threads entry with one unread.
    await row(ann, 'Who is up for the Friday demo?').getByRole('button', { name: /^1 reply, last at .*: open thread$/ }).waitFor({ timeout: 10_000 });
    // The reply stays in the thread: not a message of the channel.
    expect(await row(ann, 'Me, if it is after lunch').count()).toBe(0);
    const entry = sidebar(ann).getByRole('button', { name: /Thread in #general/ });
    await entry.waitFor({ timeout: 10_000 });
    expect(await entry.textContent()).toContain('1');

    // Opening it shows the reply and reads it: the entry goes.
    await entry.click();
    await panel(ann).getByText('Me, if it is after lunch').waitFor({ timeout: 10_000 });
    await expect.poll(() => sidebar(ann).getByRole('button', { name: /Thread in #general/ }).count(), { timeout: 10_000 }).toBe(0);

    // Ann answers, also to #general: Bob sees it in the thread and in the channel.
    await replyInPanel(ann, 'Great, 14:00 then', true);
    await panel(bob).getByText('Great, 14:00 then').waitFor({ timeout: 10_000 });
    await row(bob, 'Great, 14:00 then').waitFor({ timeout: 10_000 });
    await row(bob, 'Who is up for the Friday demo?').getByRole('button', { name: /^2 replies/ }).waitFor({ timeout: 10_000 });

    // Bob quotes Ann's reply in the thread ("Reply" on it): Ann sees the quote above his answer.
    const inPanel = (page: Page, text: string) => panel(page).locator('.message', { has: page.locator('.message__text', { hasText: text }) }).first();
    await inPanel(bob, 'Great, 14:00 then').hover();
    await inPanel(bob, 'Great, 14:00 then').getByRole('button', { name: 'Reply', exact: true }).click();
    expect(await panel(bob).getByText(/^Replying to/).textContent()).toBe('Replying to Ann');
    await replyInPanel(bob, 'See you there');
    await inPanel(ann, 'See you there').getByRole('button', { name: "Show Ann's message: Great, 14:00 then" }).waitFor({ timeout: 10_000 });
    expect(await panel(bob).getByText(/^Replying to/).count()).toBe(0);
  });

  it('at 390 px the thread is a full view with Back; no accessibility violations, light and dark', async () => {
    await suite.startWebHost();
    const bob = await suite.person('Bob');
    const ann = await signIn('Ann');
    const message = await bob.send('ch:1', 'Release notes draft is up').done;
    await bob.send('ch:1', 'Looks good to me', undefined, { threadRoot: message.seq }).done;
    await row(ann, 'Release notes draft is up').getByRole('button', { name: /^1 reply/ }).click();
    await panel(ann).getByText('Looks good to me').waitFor({ timeout: 10_000 });

    for (const scheme of ['light', 'dark'] as const) {
      await ann.emulateMedia({ colorScheme: scheme });
      expect(await axeViolations(ann), scheme).toEqual([]);
    }

    await ann.setViewportSize({ width: 390, height: 844 });
    const back = panel(ann).getByRole('button', { name: 'Back to the conversation' });
    await back.waitFor();
    const box = await panel(ann).boundingBox();
    expect(box).toMatchObject({ x: 0, width: 390 });
    expect(await panel(ann).getByRole('button', { name: 'Close thread' }).isVisible()).toBe(false);
    expect(await axeViolations(ann)).toEqual([]);
    await back.click();
    expect(await panel(ann).count()).toBe(0);
    await ann.getByRole('textbox', { name: 'Message' }).waitFor();
  });

  it('keyboard only: Enter into a message, "Reply in thread", type, send; Escape closes and focus is back on the message', async () => {
    await suite.startWebHost();
    const bob = await suite.person('Bob');
    await bob.send('ch:1', 'Can someone review PR 42?').done;
    const ann = await signIn('Ann');
    await row(ann, 'Can someone review PR 42?').waitFor({ timeout: 10_000 });
    const focused = () => ann.evaluate(() => ({ role: document.activeElement?.getAttribute('role') ?? document.activeElement?.tagName.toLowerCase(), name: document.activeElement?.getAttribute('aria-label') ?? '' }));

    // From the composer back to the list's stop (the newest row: my "joined" notice), ↑ to Bob's message.
    await ann.getByRole('textbox', { name: 'Message' }).focus();
    for (let i = 0; i < 6 && (await focused()).role !== 'article'; i++) await ann.keyboard.press('Shift+Tab');
    await ann.keyboard.press('ArrowUp');
    await expect.poll(async () => (await focused()).name).toContain('Can someone review PR 42?');
    // Enter into its actions; → to "Reply in thread" (after Add reaction and Reply).
    await ann.keyboard.press('Enter');
    for (let i = 0; i < 5 && (await focused()).name !== 'Reply in thread'; i++) await ann.keyboard.press('ArrowRight');
    expect(await focused()).toEqual({ role: 'button', name: 'Reply in thread' });
    await ann.keyboard.press('Enter');
    // The reply box has focus: type and send with Enter.
    await expect.poll(focused).toEqual({ role: 'textarea', name: 'Reply in thread' });
    await ann.keyboard.type('On it');
    await ann.keyboard.press('Enter');
    await panel(ann).getByText('On it').waitFor({ timeout: 10_000 });
    // Escape: the panel closes and the message it was opened from has focus again.
    await ann.keyboard.press('Escape');
    expect(await panel(ann).count()).toBe(0);
    await expect.poll(async () => (await focused()).name).toContain('Can someone review PR 42?');
    expect((await focused()).role).toBe('article');
  });
});
