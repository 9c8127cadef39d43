// The hooks every browser suite repeats, in one place: Debian's Chromium
// launched once per file, and after each test (or, with scope "file", after
// the file) the protocol people closed, the browser contexts closed and the
// web host stopped — in that order, so nothing talks to a stopped host. A file
// with more to end (terminal clients, a second host) adds it with onCleanUp.
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ChatClient } from '../../../src-shared/chat-client.js';
import type { ChatHostOptions } from '../../../src-main/host/chat-host.js';
import { openAppPage, protocolPerson, type OpenAppOptions } from './app-page.js';
import { launchChromium } from './chromium.js';
import { startWebHost, type WebHost } from './web-host.js';

export interface BrowserSuite {
  /** The suite's Chromium (set in beforeAll). */
  readonly browser: Browser;
  /** The web host of the current test (set by startWebHost). */
  readonly web: WebHost;
  /** Contexts and clients to close; openPage / person push to them. */
  readonly contexts: BrowserContext[];
  readonly clients: ChatClient[];
  /** Starts a host serving the built renderer; stopped by the suite. */
  startWebHost(options?: Partial<ChatHostOptions>): Promise<WebHost>;
  /** A fresh browser context (fresh identity) on the current host's page. */
  openPage(options?: OpenAppOptions): Promise<Page>;
  /** Someone chatting through the protocol from the test process. */
  person(name: string): Promise<ChatClient>;
  /**
   * Adds a step to every clean-up: "first", before the suite closes anything
   * (terminal clients driving the suite's clients end there); "before-host"
   * (default), after the clients and pages are closed and before the web host
   * stops (another host the test started). Steps of one kind run in order.
   */
  onCleanUp(step: () => unknown, when?: 'first' | 'before-host'): void;
}

export interface BrowserSuiteOptions {
  /** "test" (default): clean up after each test. "file": one host and its pages shared by the file's tests. */
  scope?: 'test' | 'file';
}

/** Call at the top of a test file (or describe): registers the hooks and returns the suite's state. */
export function useBrowserSuite(options: BrowserSuiteOptions = {}): BrowserSuite {
  let browser: Browser | undefined;
  let web: WebHost | undefined;
  const contexts: BrowserContext[] = [];
  const clients: ChatClient[] = [];
  const steps: Record<'first' | 'before-host', Array<() => unknown>> = { first: [], 'before-host': [] };

  const cleanUp = async () => {
    for (const step of steps.first) await step();
    for (const client of clients.splice(0)) client.close();
    for (const context of contexts.splice(0)) await context.close();
    for (const step of steps['before-host']) await step();
    const stopping = web;
    web = undefined;
    await stopping?.stop();
  };

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    if (options.scope === 'file') await cleanUp();
    await browser?.close();
  });
  if (options.scope !== 'file') afterEach(cleanUp);

  const suite: BrowserSuite = {
    get browser() {
      if (!browser) throw new Error('The browser is not launched yet: use the suite inside tests or hooks.');
      return browser;
    },
    get web() {
      if (!web) throw new Error('No web host: call suite.startWebHost() first.');
      return web;
    },
    contexts,
    clients,
    async startWebHost(hostOptions = {}) {
      web = await startWebHost(hostOptions);
      return web;
    },
    openPage: (pageOptions = {}) => openAppPage(suite.browser, suite.web.url, contexts, pageOptions),
    person: (name) => protocolPerson(suite.web.url, name, clients),
    onCleanUp: (step, when = 'before-host') => void steps[when].push(step),
  };
  return suite;
}
