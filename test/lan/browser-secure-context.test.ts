// A browser on another computer of the LAN gets a secure context: the host
// (`npm run host`, i.e. dist/cli/host.js serving the built web client) runs in
// namespace a; Debian's Chromium runs in namespace b and opens
// https://10.77.0.1:PORT/ — a LAN address, not loopback, which a browser only
// treats as secure over https. It accepts the self-signed certificate as a
// person clicking through the warning would (ignoreHTTPSErrors). Over https the
// page must get what only secure contexts get (notifications, the clipboard),
// sign in and chat with a person in a; over plain http the same address must
// answer with the host's page sending them to https. Needs root (netns.ts) and
// Chromium.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { channelKey, GENERAL_CHANNEL_ID } from '../../src-shared/protocol/conversations.js';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/helpers/chromium.js';
import { sayOnPage, signInOnPage } from '../e2e/helpers/app-page.js';
import { builtCli } from '../helpers/built-cli.js';
import { createLan, type Lan, type LanHost, type LanProcess } from './netns.js';
import { CHAT_FIXTURE, lanSkipReason, lanTempDir, removeTempDirs } from './lan-helpers.js';

const GENERAL = channelKey(GENERAL_CHANNEL_ID);

/** Why this test cannot run here (no namespaces, or no Chromium), printed once; null when it can. */
const skipReason: string | null = (() => {
  if (lanSkipReason) return lanSkipReason;
  try {
    chromiumPath();
    return null;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.warn(`[test/lan] browser-secure-context skipped: ${reason}`);
    return reason;
  }
})();

/**
 * An "executable" that is Chromium started inside namespace `ns`: Playwright
 * launches it and talks to it over its pipe (fds 3 and 4), which `ip netns
 * exec` passes on; both exec, so the pid Playwright holds is Chromium's.
 */
function chromiumInNamespace(ns: string, dir: string): string {
  const wrapper = path.join(dir, 'chromium-in-netns.sh');
  fs.writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec '${ns}' '${chromiumPath()}' "$@"\n`, { mode: 0o755 });
  return wrapper;
}

interface ContextFacts {
  href: string;
  isSecureContext: boolean;
  /** Notification.permission: 'default' (may ask) in a secure context; 'denied' without asking in an insecure one. */
  notification: string | null;
  clipboard: boolean;
}

/** What the page itself says about its context: the things a user gets only in a secure one. (A string: this project compiles without the DOM types.) */
function contextFacts(page: Page): Promise<ContextFacts> {
  return page.evaluate(`({
    href: location.href,
    isSecureContext: window.isSecureContext,
    notification: typeof Notification === 'function' ? Notification.permission : null,
    clipboard: typeof navigator.clipboard?.writeText === 'function',
  })`);
}

describe.skipIf(skipReason !== null)('LAN: a browser on another computer is in a secure context', () => {
  let lan: Lan;
  let a: LanHost;
  let b: LanHost;
  let host: LanProcess;
  let browser: Browser;
  let origin: string;
  let sessionCode: string;
  let fingerprint: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    lan = await createLan(2);
    [a, b] = lan.hosts as [LanHost, LanHost];
    const dataDir = lanTempDir();
    host = lan.run(a, builtCli('host'), ['--port', '0', '--bind', a.address, '--data-dir', dataDir, '--name', 'Secure browsing']);
    const banner = await waitForText(host, /Listening on port (\d+)[\s\S]*Session code: (.+)\n[\s\S]*Fingerprint: ([0-9a-f]{64})/, 15_000);
    origin = `${a.address}:${banner[1]}`;
    sessionCode = banner[2]!.trim();
    fingerprint = banner[3]!;
    browser = await chromium.launch({ executablePath: chromiumInNamespace(b.ns, lanTempDir()), args: CHROMIUM_ARGS, headless: true });
  });

  afterAll(async () => {
    for (const context of contexts.splice(0)) await context.close().catch(() => {});
    await browser?.close();
    await host?.stop('SIGTERM');
    await lan?.teardown();
    removeTempDirs();
  });

  async function open(url: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ignoreHTTPSErrors: true });
    contexts.push(context);
    const page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.dismiss());
    await page.goto(url);
    return page;
  }

  it('over https://LAN-ADDRESS the web client is a secure context: notifications and the clipboard are there, sign-in and chat work', async () => {
    const page = await open(`https://${origin}/`);
    expect(await contextFacts(page)).toEqual({ href: `https://${origin}/`, isSecureContext: true, notification: 'default', clipboard: true });

    await signInOnPage(page, 'Dana');
    const peer = lan.run(a, CHAT_FIXTURE, ['--url', `wss://${origin}/ws`, '--name', 'Erik', '--fingerprint', fingerprint]);
    await peer.waitFor((m) => m['type'] === 'signed-in', 15_000, 'signed-in');

    await sayOnPage(page, 'hello from the browser in b');
    await peer.waitFor((m) => m['type'] === 'message' && m['text'] === 'hello from the browser in b', 10_000, 'the browser’s message');
    await page.getByRole('log').getByText('hello from the browser in b').first().waitFor({ timeout: 10_000 });

    peer.send({ send: { conv: GENERAL, text: 'hello from a' } });
    await page.getByRole('log').getByText('hello from a').first().waitFor({ timeout: 10_000 });
    await peer.stop();
  });

  it('over http://LAN-ADDRESS the same port answers with the page that sends people to https (not a secure context)', async () => {
    const page = await open(`http://${origin}/`);
    expect(await contextFacts(page)).toEqual({ href: `http://${origin}/`, isSecureContext: false, notification: 'denied', clipboard: false });
    await expect(page.locator('body').innerText()).resolves.toContain('This Parley session only accepts secure connections');
    const link = page.getByRole('link', { name: `Open https://${origin}/` });
    expect(await link.getAttribute('href')).toBe(`https://${origin}/`);
    // The notice shows the host's session code as what to compare with the certificate.
    await expect(page.locator('body').innerText()).resolves.toContain(sessionCode);
    // No web client here: no sign-in form.
    expect(await page.getByLabel('Password', { exact: true }).count()).toBe(0);
  });
});

/** Waits until a process's plain stdout matches; resolves with the match. */
function waitForText(proc: LanProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      const match = pattern.exec(proc.stdout());
      if (match) return resolve(match);
      if (proc.child.exitCode !== null || Date.now() - started > timeoutMs) {
        return reject(new Error(`no ${String(pattern)} in:\n${proc.stdout()}\nstderr:\n${proc.stderr()}`));
      }
      setTimeout(poll, 50);
    };
    poll();
  });
}
