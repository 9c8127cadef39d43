// bench/web-client, part 3: how long a browser takes to show the web client's
// first screens, with the page's CPU slowed down like a mid-range phone's.
//
// Each round opens the page in a fresh browser context (empty cache, as the
// first visit of a phone), with CDP's CPU throttling on, and times:
//   - form: navigation start → the sign-in form's Name field is in the page
//     and a frame has been drawn after it (connecting to the host included);
//   - chat: a person's 2 seconds of typing later, the click on "Sign in" →
//     the composer of #general is in the page and a frame has been drawn.
// Both are read from the page's own clock (performance.now()), so they do not
// include Playwright's round trips.
import type { Browser } from 'playwright-core';

export interface FirstScreenTimes {
  formMs: number;
  chatMs: number;
}

/** What a person takes to type a name and a password before clicking Sign in. */
const TYPING_PAUSE_MS = 2000;

// Runs in the page before its own scripts: notes when an element first
// appears and a frame has been drawn after it (two animation frames).
const MARKS_SCRIPT = `(() => {
  const marks = (window.__parleyMarks = {});
  const watch = [['form', '.sign-in-form input[autocomplete="username"]'], ['chat', 'textarea.composer__input']];
  const check = () => {
    for (const [name, selector] of watch) {
      if (marks[name] !== undefined || marks[name + 'Pending'] || !document.querySelector(selector)) continue;
      marks[name + 'Pending'] = true;
      requestAnimationFrame(() => requestAnimationFrame(() => (marks[name] = performance.now())));
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true });
})();`;

/** One round: a new person opens `origin`, signs in, and reaches the chat. */
export async function timeFirstScreens(browser: Browser, origin: string, name: string, cpuRate: number): Promise<FirstScreenTimes> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(MARKS_SCRIPT);
    if (cpuRate > 1) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: cpuRate });
    await page.goto(`${origin}/`);
    // Page-side code as functions (Playwright sends them over CDP, which the
    // page's CSP allows; strings would be eval'd and refused). This project's
    // Node tsconfig has no DOM types, hence the casts.
    type PageGlobals = { __parleyMarks: Record<string, number>; document: { querySelector(s: string): { click(): void } } };
    const mark = async (key: string) =>
      Number(await (await page.waitForFunction((k) => (globalThis as unknown as PageGlobals).__parleyMarks[k], key, { timeout: 60_000 })).jsonValue());
    const formMs = await mark('form');
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Password', { exact: true }).fill('bench-password');
    await page.waitForTimeout(TYPING_PAUSE_MS);
    const clickedAt = await page.evaluate(() => {
      const at = performance.now();
      (globalThis as unknown as PageGlobals).document.querySelector('.sign-in-form button[type="submit"]').click();
      return at;
    });
    const chatAt = await mark('chat');
    return { formMs, chatMs: chatAt - clickedAt };
  } finally {
    await context.close();
  }
}
