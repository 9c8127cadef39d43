// End to end: the real renderer build in Debian's Chromium against a real host
// (the browser build — the Electron binary is not available here; DESIGN.md).
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sayOnPage, signInOnPage } from './helpers/app-page.js';
import { useBrowserSuite } from './helpers/browser-suite.js';

const suite = useBrowserSuite();

async function openApp(): Promise<Page> {
  return suite.openPage();
}

async function signIn(name: string, password = 'secret-pw', page?: Page): Promise<Page> {
  return signInOnPage(page ?? (await openApp()), name, password);
}


const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Conversations' });
const messages = (page: Page) => page.getByRole('log');

async function seesText(page: Page, text: string, timeout = 10_000): Promise<void> {
  await messages(page).getByText(text, { exact: false }).first().waitFor({ timeout });
}

async function openConversation(page: Page, label: string | RegExp): Promise<void> {
  await sidebar(page).getByRole('button', { name: label }).first().click();
}

describe('Parley in the browser', () => {
  it('two people sign in, see each other online and chat in #general', async () => {
    await suite.startWebHost();
    // The first screen does not wait for the DM crypto library (libsodium, ~430 kB of script): its
    // fetch starts after the page's first contentful paint, and it loads once one has signed in.
    const libsodiumStart = (page: Page) =>
      page.evaluate(async () => {
        for (const entry of performance.getEntriesByType('resource')) {
          if (!entry.name.endsWith('.js')) continue;
          const text = await fetch(entry.name).then((response) => response.text());
          if (text.includes('_sodium_init')) return entry.startTime;
        }
        return null;
      });
    const page = await openApp();
    await page.getByLabel('Name').waitFor();
    const alice = await signIn('Alice', 'secret-pw', page);
    await expect.poll(() => libsodiumStart(alice), { timeout: 10_000 }).not.toBeNull();
    const firstPaint = await alice.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
    expect(firstPaint).not.toBeNull();
    expect(await libsodiumStart(alice)).toBeGreaterThan(firstPaint!);
    const bob = await signIn('Bob');

    await alice.getByRole('list', { name: 'Online users' }).getByText('Bob').waitFor();
    await bob.getByRole('list', { name: 'Online users' }).getByText('Alice').waitFor();

    await sayOnPage(alice, 'Hello from Alice');
    await seesText(bob, 'Hello from Alice');
    await sayOnPage(bob, 'Hi Alice, Bob here');
    await seesText(alice, 'Hi Alice, Bob here');
  });

  it('creates a channel that another person joins', async () => {
    await suite.startWebHost();
    const alice = await signIn('Alice');
    const bob = await signIn('Bob');

    await alice.getByRole('button', { name: 'New channel' }).click();
    await alice.getByLabel('Channel name').fill('Design Team');
    await alice.getByRole('button', { name: 'Create channel' }).click();
    await alice.getByRole('heading', { level: 1, name: 'design-team', exact: true }).waitFor(); // the header (the empty channel's start shows a second one)
    await sayOnPage(alice, 'first design note');

    await bob.getByRole('button', { name: 'Browse channels' }).click();
    await bob.getByRole('button', { name: 'Join #design-team' }).click();
    await openConversation(bob, /design-team/);
    await seesText(bob, 'first design note');
    await sayOnPage(bob, 'joined and reading');
    await seesText(alice, 'joined and reading');
  });

  it('keeps DMs between the two people: a third never sees them', async () => {
    await suite.startWebHost();
    const alice = await signIn('Alice');
    const bob = await signIn('Bob');
    const carol = await signIn('Carol');

    await alice.getByRole('list', { name: 'Online users' }).getByRole('button', { name: /^Bob/ }).click();
    await sayOnPage(alice, 'psst Bob, a secret');
    await bob.getByRole('list', { name: 'Direct messages' }).getByRole('button', { name: /Alice/ }).waitFor();
    await openConversation(bob, /Alice/);
    await seesText(bob, 'psst Bob, a secret');
    await sayOnPage(bob, 'secret reply');
    await seesText(alice, 'secret reply');

    await sayOnPage(alice, 'public marker');
    await openConversation(alice, /general/);
    await sayOnPage(alice, 'now in general');
    await seesText(carol, 'now in general');
    const carolPage = (await carol.content()) + (await carol.evaluate(() => JSON.stringify(localStorage)));
    expect(carolPage).not.toContain('psst Bob');
    expect(carolPage).not.toContain('secret reply');
    expect(await carol.getByRole('list', { name: 'Direct messages' }).getByRole('button').count()).toBe(0);
  });

  it('shows history after a reload, signed in again by the remembered token', async () => {
    await suite.startWebHost();
    const alice = await signIn('Alice');
    await sayOnPage(alice, 'remember this line');
    await seesText(alice, 'remember this line');
    await alice.reload();
    await alice.getByRole('textbox', { name: 'Message' }).waitFor({ timeout: 10_000 });
    await seesText(alice, 'remember this line');
  });

  it('reconnects by itself after the host restarts, and sends what was typed meanwhile', async () => {
    await suite.startWebHost();
    const alice = await signIn('Alice');
    const bob = await signIn('Bob');
    await sayOnPage(alice, 'before the restart');
    await seesText(bob, 'before the restart');

    await suite.web.host.stop();
    await alice.getByRole('status').getByText(/Can’t reach the host at 127\.0\.0\.1:\d+\. Still trying/).waitFor({ timeout: 10_000 });
    await sayOnPage(alice, 'typed while the host was down');
    await suite.web.restart();

    await seesText(bob, 'typed while the host was down', 20_000);
    await alice.getByRole('status').getByText(/Can’t reach the host/).waitFor({ state: 'detached', timeout: 20_000 });
    await sayOnPage(bob, 'after the restart');
    await seesText(alice, 'after the restart');
  });

  it('shows HTML and script in a message as text and runs nothing', async () => {
    await suite.startWebHost();
    const alice = await signIn('Alice');
    const bob = await signIn('Bob');
    let alerted = false;
    bob.on('dialog', () => (alerted = true));
    const hostile = '<img src=x onerror="window.__pwned=1;alert(1)"> <script>window.__pwned=2</script> <b>bold?</b>';
    await sayOnPage(alice, hostile);
    await seesText(bob, '<script>window.__pwned=2</script>');
    const log = messages(bob);
    expect(await log.locator('img[src="x"]').count()).toBe(0);
    expect(await log.locator('script').count()).toBe(0);
    expect(await log.locator('b').count()).toBe(0);
    expect(await bob.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(alerted).toBe(false);
  });

  it('explains a wrong password next to the password field', async () => {
    await suite.startWebHost();
    const first = await signIn('Alice', 'right-password');
    await first.context().close();
    const page = await openApp();
    await page.getByLabel('Name').fill('alice');
    await page.getByLabel('Password', { exact: true }).fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const field = page.getByLabel('Password', { exact: true });
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
    const help = await page.evaluate((ids) => ids.split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' '), describedBy);
    expect(help).toMatch(/Wrong password/);
  });
});
