// What every *-screenshots.ts script stands on: a real host serving the
// renderer build, Debian's Chromium, and the browser contexts and protocol
// people the script opens (pushed to `contexts` and `clients`), all closed at
// the end, also when a step fails.
import type { Browser, BrowserContext } from 'playwright-core';
import type { ChatClient } from '../../../src-shared/chat-client.js';
import type { ChatHostOptions } from '../../../src-main/host/chat-host.js';
import { launchChromium } from './chromium.js';
import { startWebHost, type WebHost } from './web-host.js';

export interface ScreenshotSession {
  web: WebHost;
  browser: Browser;
  contexts: BrowserContext[];
  clients: ChatClient[];
}

export async function withScreenshotSession(hostOptions: Partial<ChatHostOptions>, body: (session: ScreenshotSession) => Promise<void>): Promise<void> {
  const web = await startWebHost(hostOptions);
  const browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  const clients: ChatClient[] = [];
  try {
    await body({ web, browser, contexts, clients });
  } finally {
    for (const client of clients) client.close();
    for (const context of contexts) await context.close().catch(() => {});
    await browser.close();
    await web.stop();
  }
}
