// End to end: the session code a browser participant sees is the real host's
// (the certificate's public-key SHA-256, cut to the code), in the sidebar and
// the Session details, with the browser's way to check it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { openAppPage, signInOnPage } from './helpers/app-page.js';
import { launchChromium } from './helpers/chromium.js';
import { startWebHost, type WebHost } from './helpers/web-host.js';

let browser: Browser;
let web: WebHost | undefined;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
  await web?.stop();
  web = undefined;
});

describe('the session code in the browser', () => {
  it('shows the TLS host’s code under the session name and explains how to check it', async () => {
    web = await startWebHost();
    const code = web.host.identity!.code;
    expect(code).toMatch(/^([0-9A-F]{4} ){4}[0-9A-F]{4}$/);
    const page = await signInOnPage(await openAppPage(browser, web.url, contexts), 'Alice');
    const sidebar = page.getByRole('navigation', { name: 'Conversations' });
    await sidebar.getByText(code).waitFor({ timeout: 5000 });
    await sidebar.getByRole('button', { name: 'Session details' }).click();
    const dialog = page.getByRole('dialog', { name: 'E2E session' });
    expect(await dialog.getByRole('group', { name: 'Session code' }).textContent()).toContain(code);
    await dialog.getByText(/certificate viewer shows it as the start of the “Public key SHA-256”/).waitFor({ timeout: 5000 });
  });

  it('shows no code for a host run with --plain, and says it is not encrypted', async () => {
    web = await startWebHost({ tls: false });
    const page = await signInOnPage(await openAppPage(browser, web.url, contexts), 'Alice');
    const sidebar = page.getByRole('navigation', { name: 'Conversations' });
    await sidebar.getByRole('button', { name: 'Session details' }).click();
    await page.getByRole('dialog').getByText(/runs without encryption/).waitFor({ timeout: 5000 });
    expect(await sidebar.getByText('Session code').count()).toBe(0);
  });
});
