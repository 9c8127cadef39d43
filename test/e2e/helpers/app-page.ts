// Opening the web client and signing in, shared by the browser suites.
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** A fresh browser context (so a fresh identity) on the app; the context is pushed to `contexts` for closing. */
export async function openAppPage(browser: Browser, url: string, contexts: BrowserContext[], options: { acceptDownloads?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  contexts.push(context);
  const page = await context.newPage();
  // tsx/esbuild wraps functions passed to page.evaluate with __name.
  await page.addInitScript('window.__name = (fn) => fn;');
  page.on('dialog', (dialog) => void dialog.dismiss());
  await page.goto(url);
  return page;
}

/** Fills the sign-in form and waits until the composer is there. */
export async function signInOnPage(page: Page, name: string, password = 'secret-pw'): Promise<Page> {
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('textbox', { name: 'Message' }).waitFor({ timeout: 10_000 });
  return page;
}
