// End to end in Chromium: `:tada:` typed and sent shows 🎉 (in a colour emoji
// font, the words around it in a text font), and `:thu` + Enter puts 👍 in the
// composer.
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { signInOnPage } from './helpers/app-page.js';
import { useBrowserSuite } from './helpers/browser-suite.js';

const suite = useBrowserSuite();

/**
 * The fonts Chromium drew an element's text with (DevTools' "Rendered Fonts").
 * A just-sent message's row is replaced once the host has stored it, so the
 * element can go between marking it and asking about it: then mark the new
 * one and ask again (a few times).
 */
async function renderedFonts(page: Page, target: Locator): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await renderedFontsOnce(page, target);
    } catch (error) {
      const gone = error instanceof Error && /Could not find node|No node with given id/i.test(error.message);
      if (!gone || attempt >= 5) throw error;
      await page.waitForTimeout(100);
    }
  }
}

async function renderedFontsOnce(page: Page, target: Locator): Promise<string[]> {
  await page.evaluate(() => document.querySelectorAll('[data-fonts-probe]').forEach((el) => el.removeAttribute('data-fonts-probe')));
  await target.evaluate((el) => el.setAttribute('data-fonts-probe', ''));
  const selector = '[data-fonts-probe]';
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    if (nodeId === 0) throw new Error('Could not find node: the marked element was replaced');
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    return fonts.map((font) => font.familyName);
  } finally {
    await cdp.detach().catch(() => {});
  }
}

describe('emoji in the composer', () => {
  it('sends ":tada:" as 🎉 in a colour font; ":thu" + Enter inserts 👍', async () => {
    await suite.startWebHost();
    const page = await signInOnPage(await suite.openPage(), 'Alice');
    const box = page.getByRole('textbox', { name: 'Message' });

    await box.pressSequentially('we shipped :tada:');
    await box.press('Enter');
    const sent = page.getByRole('log').locator('.message__text', { hasText: 'we shipped 🎉' });
    await sent.waitFor({ timeout: 10_000 });
    expect(await page.getByRole('log').getByText(':tada:').count()).toBe(0);

    const fonts = await renderedFonts(page, sent);
    expect(fonts).toContain('Noto Color Emoji');
    expect(fonts.some((name) => !/emoji/i.test(name))).toBe(true); // "we shipped" is not drawn from the emoji font

    // ❤ and ☕ have black-and-white glyphs in common text fonts (DejaVu Sans here): still in colour.
    await box.pressSequentially(':heart::coffee::white_check_mark:');
    await box.press('Enter');
    const symbols = page.getByRole('log').locator('.message__text', { hasText: '❤️☕✅' });
    await symbols.waitFor({ timeout: 10_000 });
    expect(await renderedFonts(page, symbols)).toEqual(['Noto Color Emoji']);

    await box.pressSequentially('nice :thu');
    const list = page.getByRole('listbox', { name: 'Emoji' });
    await list.waitFor();
    expect(await list.getByRole('option').first().textContent()).toBe('👍:thumbsup:');
    await box.press('Enter');
    await expect.poll(() => box.inputValue()).toBe('nice 👍 ');
    expect(await list.count()).toBe(0);
  });
});
