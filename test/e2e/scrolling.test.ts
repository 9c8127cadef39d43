// End to end, in Debian's Chromium against a real host: scrolling that
// respects the reader (issue 12). A reader scrolled up is not moved by
// arriving messages and sees a "N new messages" pill that takes them to the
// newest; a brand-new member of a busy #general opens it at the newest
// message; an older page landing above does not move the reader, nor cut
// short a smooth scroll under way (it waits for the list to be still); a burst
// does not leave a reader at the newest short of it; messages arriving while
// a conversation is being opened at "New messages" leave the reader at the
// line. Bob writes from this process (a ChatClient), to make a long history
// quickly.
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { ChatHostOptions } from '../../src-main/host/chat-host.js';
import type { ChatClient } from '../../src-shared/chat-client.js';
import { signInOnPage } from './helpers/app-page.js';
import { useBrowserSuite } from './helpers/browser-suite.js';
import { HOLD_OLDER_PAGES, olderPagesHeld, smoothScrollAsOlderPagesLand } from './helpers/hold-older-pages.js';
import { LONG_HISTORY_HOST } from './helpers/web-host.js';

const suite = useBrowserSuite();

const log = (page: Page) => page.getByRole('log');
const scroller = (page: Page) => page.locator('.message-list__scroller');

/** Bob says `count` numbered things in #general (in order: each waits for the previous one). */
async function bobSays(bob: ChatClient, count: number, prefix: string): Promise<void> {
  for (let i = 1; i <= count; i++) await bob.send('ch:1', `${prefix} ${i}`).done;
}

/** Whether `locator` is entirely inside the message list's window. */
async function onScreen(page: Page, locator: Locator): Promise<boolean> {
  if ((await locator.count()) === 0) return false;
  const box = await locator.boundingBox();
  const view = await log(page).boundingBox();
  return !!box && !!view && box.y >= view.y - 1 && box.y + box.height <= view.y + view.height + 1;
}

/** The first message wholly inside the list's window: its text, and where it is. */
const firstMessageOnScreen = (page: Page) =>
  page.evaluate(() => {
    const view = document.querySelector('[role="log"]')!.getBoundingClientRect();
    const row = [...document.querySelectorAll('[role="log"] .message__text')].find((el) => el.getBoundingClientRect().top >= view.top);
    return { text: row?.textContent ?? '', y: row?.getBoundingClientRect().top ?? NaN };
  });

/** Where the message whose text is `text` is now (null: not drawn). */
const messageY = (page: Page, text: string) =>
  page.evaluate((wanted) => {
    const row = [...document.querySelectorAll('[role="log"] .message__text')].find((el) => el.textContent === wanted);
    return row ? row.getBoundingClientRect().top : null;
  }, text);

/**
 * A fresh session where Bob has said `count` numbered things in #general and
 * Alice has signed in on a page and sees the last of them. `host`: the host's
 * options (by default Bob may write faster than the real rate limit).
 */
async function aliceAfterBob(count: number, prefix: string, host: Partial<ChatHostOptions> = LONG_HISTORY_HOST): Promise<{ bob: ChatClient; alice: Page }> {
  await suite.startWebHost(host);
  const bob = await suite.person('Bob');
  await bobSays(bob, count, prefix);
  const alice = await signInOnPage(await suite.openPage(), 'Alice');
  await expect.poll(() => onScreen(alice, log(alice).getByText(`${prefix} ${count}`, { exact: true })), { timeout: 10_000 }).toBe(true);
  return { bob, alice };
}

describe('Parley in the browser: scrolling', () => {
  it('a new member opens a #general of 200 messages at the newest one, with nothing to jump to', async () => {
    await suite.startWebHost(LONG_HISTORY_HOST);
    const bob = await suite.person('Bob');
    await bobSays(bob, 200, 'history item');

    const alice = await signInOnPage(await suite.openPage(), 'Alice');
    const newest = log(alice).getByText('history item 200', { exact: true });
    await expect.poll(() => onScreen(alice, newest), { timeout: 10_000 }).toBe(true);
    // And it stays there once the list has settled (rows measured, nothing pulled it up).
    await alice.waitForTimeout(1500);
    expect(await onScreen(alice, newest)).toBe(true);
    expect(await alice.getByRole('button', { name: /jump to newest/i }).count()).toBe(0);
    // Everything before Alice joined is history, not news.
    expect(await alice.getByRole('separator', { name: 'New messages' }).count()).toBe(0);
    expect(await alice.getByRole('navigation', { name: 'Conversations' }).getByText(/unread/).count()).toBe(0);
  });

  it('reaching the top loads the page before it above, without moving what the reader sees', async () => {
    const { alice } = await aliceAfterBob(200, 'history item');
    const oldestHeld = await alice.evaluate(() => Math.min(...[...document.querySelectorAll('.message__text')].map((el) => Number(/^history item (\d+)$/.exec(el.textContent ?? '')?.[1] ?? 1e9))));
    await alice.waitForTimeout(1200); // settled at the end

    // To the top of what is held: the page before loads above.
    await log(alice).hover();
    let y0 = 0;
    await expect
      .poll(async () => {
        // Small steps, each let finish (Chromium animates a wheel scroll), so y0 is where the reader rests.
        await alice.mouse.wheel(0, -400);
        await alice.waitForTimeout(150);
        const row = log(alice).getByText(`history item ${oldestHeld}`, { exact: true });
        if (!(await onScreen(alice, row))) return false;
        y0 = (await row.boundingBox())!.y;
        return true;
      })
      .toBe(true);
    await log(alice).getByText(`history item ${oldestHeld - 1}`, { exact: true }).waitFor({ state: 'attached', timeout: 10_000 });
    await alice.waitForTimeout(500);
    const y1 = (await log(alice).getByText(`history item ${oldestHeld}`, { exact: true }).boundingBox({ timeout: 1000 }).catch(() => null))?.y ?? -1e6;
    expect(Math.abs(y1 - y0)).toBeLessThan(40);
    expect(await scroller(alice).evaluate((el) => el.scrollTop)).toBeGreaterThan(1000);
  });

  it('pages of older messages landing during a smooth scroll up leave the scroll to finish', async () => {
    await suite.startWebHost(LONG_HISTORY_HOST);
    const bob = await suite.person('Bob');
    // Messages of different heights, as in a real channel: every third one runs over a few lines.
    for (let i = 1; i <= 151; i++) await bob.send('ch:1', `varied ${i}${i % 3 === 0 ? ` and a longer thought ${'that goes on and on '.repeat(12)}` : ''}`).done;
    const alice = await signInOnPage(await suite.openPage({ initScripts: [HOLD_OLDER_PAGES] }), 'Alice');
    await expect.poll(() => onScreen(alice, log(alice).getByText('varied 151', { exact: true })), { timeout: 10_000 }).toBe(true);
    await alice.waitForTimeout(1200); // settled at the end
    await log(alice).hover();
    // Up the channel. Each time the list asks for the page before the oldest
    // message held, the page is held back and then lands while the list is
    // in the middle of a smooth scroll of 150 px (a wheel notch in a desktop
    // browser, a flick on a phone). Shown at once, the page's rows are put
    // above with a scroll of their own, which ended the reader's scroll where
    // it was (and Virtuoso places them by estimated heights, react-virtuoso#1405):
    // the first message on screen moved 1 px instead of 150 as the first page landed.
    for (let page = 1; page <= 2; page++) {
      for (let i = 0; i < 80 && (await olderPagesHeld(alice)) < page; i++) {
        await alice.mouse.wheel(0, -150);
        await alice.waitForTimeout(150);
      }
      expect(await olderPagesHeld(alice)).toBe(page);
      await alice.waitForTimeout(300); // at rest
      const before = await firstMessageOnScreen(alice);
      const room = await scroller(alice).evaluate((el) => el.scrollTop);
      await smoothScrollAsOlderPagesLand(alice, -150);
      await alice.waitForTimeout(1000); // the scroll has ended, the page has landed, the list has settled
      const after = await messageY(alice, before.text);
      expect(after, `"${before.text}" still drawn after older page ${page}`).not.toBeNull();
      // Down by the whole scroll (or what there was room for), no more, no less.
      expect(Math.round(after! - before.y), `how far "${before.text}" moved as older page ${page} landed`).toBeGreaterThan(Math.min(150, room) - 30);
      expect(Math.round(after! - before.y)).toBeLessThan(Math.min(150, room) + 30);
      // And the page is there: the reader goes on up through it.
      await expect.poll(() => olderPagesHeld(alice).then(async (held) => held === page && (await alice.locator('.message-list__loading').count()) === 0)).toBe(true);
    }
  });

  it('at the newest, a burst of 70 messages keeps the reader at the newest', async () => {
    await suite.startWebHost();
    const alice = await signInOnPage(await suite.openPage(), 'Alice');
    const bob = await suite.person('Bob');
    await bobSays(bob, 5, 'warm-up');
    await expect.poll(() => onScreen(alice, log(alice).getByText('warm-up 5', { exact: true }))).toBe(true);
    await Promise.all(Array.from({ length: 70 }, (_, i) => bob.send('ch:1', `burst ${i + 1}${i % 7 === 0 ? '\nwith a second line' : ''}`).done));
    const last = log(alice).getByText('burst 70', { exact: true });
    await expect.poll(() => onScreen(alice, last), { timeout: 10_000 }).toBe(true);
    await alice.waitForTimeout(1000);
    expect(await onScreen(alice, last)).toBe(true);
    expect(await alice.getByRole('button', { name: /jump to newest/i }).count()).toBe(0);
  });

  it('scrolled up, 3 arriving messages show a "3 new messages" pill without moving the reader; the pill shows the newest', async () => {
    await suite.startWebHost(LONG_HISTORY_HOST);
    const alice = await signInOnPage(await suite.openPage(), 'Alice');
    const bob = await suite.person('Bob');
    await bobSays(bob, 120, 'long channel item');
    const last = log(alice).getByText('long channel item 120', { exact: true });
    await expect.poll(() => onScreen(alice, last), { timeout: 10_000 }).toBe(true);

    // Scroll up a few screens, as a reader would.
    await log(alice).hover();
    for (let i = 0; i < 4; i++) {
      await alice.mouse.wheel(0, -800);
      await alice.waitForTimeout(150);
    }
    await alice.getByRole('button', { name: 'Jump to newest' }).waitFor();
    await alice.waitForTimeout(500); // older pages loading above, if any, have landed
    const top = await scroller(alice).evaluate((el) => el.scrollTop);
    const reading = log(alice).locator('.message').filter({ has: alice.getByText(/^long channel item \d+$/) }).nth(2);
    const readingText = await reading.locator('.message__text').textContent();
    const readingY = (await log(alice).getByText(readingText!, { exact: true }).boundingBox())!.y;

    await bobSays(bob, 3, 'fresh news');
    const pill = alice.getByRole('button', { name: '3 new messages — jump to newest' });
    await pill.waitFor({ timeout: 10_000 });
    expect(await pill.textContent()).toBe('3 new messages');
    // The reader was not moved: same scroll position, same message at the same place.
    expect(await scroller(alice).evaluate((el) => el.scrollTop)).toBe(top);
    expect((await log(alice).getByText(readingText!, { exact: true }).boundingBox())!.y).toBe(readingY);
    expect(await onScreen(alice, log(alice).getByText('fresh news 3', { exact: true }))).toBe(false);

    await pill.click();
    await expect.poll(() => onScreen(alice, log(alice).getByText('fresh news 3', { exact: true })), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => alice.getByRole('button', { name: /new message|jump to newest/i }).count()).toBe(0);
  });

  it('messages arriving while #general is being opened at "New messages" leave the reader at the line', async () => {
    // Opening at the line takes a moment (Virtuoso first lands at the bottom,
    // then the list is moved): a message arriving in that moment must not
    // send the reader back to the bottom, past what they have not read. The
    // moment is short, so three rounds, each with messages streaming in.
    // The host's real rate limit: the streaming messages below arrive at a person's pace.
    const { bob, alice } = await aliceAfterBob(10, 'seen item', {});
    const sidebar = alice.getByRole('navigation', { name: 'Conversations' });
    const channels = sidebar.getByRole('list', { name: 'Channels' });
    let live = 0;
    for (let round = 1; round <= 3; round++) {
      await sidebar.getByRole('list', { name: 'Online users' }).getByRole('button', { name: /^Bob/ }).click();
      await alice.getByRole('heading', { level: 1, name: 'Bob' }).waitFor();
      await bobSays(bob, 30, `round ${round} item`);
      await channels.getByText('30 unread').waitFor();
      const opening = channels.getByRole('button', { name: /general/ }).click();
      const started = Date.now();
      while (Date.now() - started < 1200) {
        await bob.send('ch:1', `live item ${++live}`).done;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await opening;
      await alice.waitForTimeout(300);
      expect(await onScreen(alice, alice.getByRole('separator', { name: 'New messages' })), `round ${round}`).toBe(true);
      expect(await onScreen(alice, log(alice).getByText(`round ${round} item 1`, { exact: true })), `round ${round}`).toBe(true);
      // Read up to the newest before the next round, so that it has 30 unread again.
      await alice.getByRole('button', { name: /jump to newest|new message/i }).first().click();
      await expect.poll(() => onScreen(alice, log(alice).getByText(`live item ${live}`, { exact: true })), { timeout: 10_000 }).toBe(true);
      await expect.poll(() => channels.getByText(/unread/).count(), { timeout: 10_000 }).toBe(0);
    }
  });

  it('back after 80 messages in #general, opens at the first unread one under "New messages" and reports read only at the newest', async () => {
    const { bob, alice } = await aliceAfterBob(20, 'seen item');
    // Alice's other device hears her read reports for #general.
    const aliceElsewhere = await suite.person('Alice');
    const reads: number[] = [];
    aliceElsewhere.on('read', (read) => read.conv === 'ch:1' && reads.push(read.seq));

    // Away in a DM while Bob writes more than a page (50) in #general.
    const sidebar = alice.getByRole('navigation', { name: 'Conversations' });
    await sidebar.getByRole('list', { name: 'Online users' }).getByRole('button', { name: /^Bob/ }).click();
    await alice.getByRole('heading', { level: 1, name: 'Bob' }).waitFor();
    let last = 0;
    for (let i = 1; i <= 80; i++) last = (await bob.send('ch:1', `away item ${i}`).done).seq;
    const channels = sidebar.getByRole('list', { name: 'Channels' });
    await channels.getByText('80 unread').waitFor();

    await channels.getByRole('button', { name: /general/ }).click();
    const line = alice.getByRole('separator', { name: 'New messages' });
    await expect.poll(() => onScreen(alice, line), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => onScreen(alice, log(alice).getByText('away item 1', { exact: true }))).toBe(true);
    // Not at the newest, and the way there is offered; nothing read yet.
    expect(await log(alice).getByText('away item 80', { exact: true }).count()).toBe(0);
    await alice.getByRole('button', { name: 'Jump to newest' }).waitFor();
    await alice.waitForTimeout(1200);
    expect(reads.filter((seq) => seq >= last)).toEqual([]);
    // Still where the reader was put.
    expect(await onScreen(alice, log(alice).getByText('away item 1', { exact: true }))).toBe(true);

    await alice.getByRole('button', { name: 'Jump to newest' }).click();
    await expect.poll(() => onScreen(alice, log(alice).getByText('away item 80', { exact: true })), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => reads.includes(last), { timeout: 10_000 }).toBe(true);
    await alice.waitForTimeout(800);
    // Stays at the newest (not sent back to the line at the top of that page).
    expect(await onScreen(alice, log(alice).getByText('away item 80', { exact: true }))).toBe(true);
  });
});
