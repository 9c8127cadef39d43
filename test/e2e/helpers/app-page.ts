// Opening the web client, signing in and typing, shared by the browser suites;
// and a person chatting from the test process through the protocol.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ChatClient } from '../../../src-shared/chat-client.js';
import { chatSocketUrl, TestWebSocket } from './web-host.js';

export interface OpenAppOptions {
  acceptDownloads?: boolean;
  /** Scripts run in the page before the app (e.g. to record notifications). */
  initScripts?: string[];
}

/** A fresh browser context (so a fresh identity) on the app; the context is pushed to `contexts` for closing. */
export async function openAppPage(browser: Browser, url: string, contexts: BrowserContext[], options: OpenAppOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ignoreHTTPSErrors: true, ...(options.acceptDownloads !== undefined && { acceptDownloads: options.acceptDownloads }) });
  contexts.push(context);
  const page = await context.newPage();
  // tsx/esbuild wraps functions passed to page.evaluate with __name.
  await page.addInitScript('window.__name = (fn) => fn;');
  for (const script of options.initScripts ?? []) await page.addInitScript(script);
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

/** Types `text` in the composer and sends it. */
export async function sayOnPage(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

/**
 * Someone chatting from the test process through the protocol (quicker than a
 * browser for many messages); pushed to `clients` for closing.
 */
export async function protocolPerson(webUrl: string, name: string, clients: ChatClient[]): Promise<ChatClient> {
  const client = new ChatClient({ url: chatSocketUrl(webUrl), WebSocket: TestWebSocket, reconnect: false, keepaliveMs: 0 });
  clients.push(client);
  await client.connect();
  await client.signIn({ name, password: 'secret-pw', mode: 'auto' });
  return client;
}
