// The looks every docs/screenshots/ picture is taken in — 1280 px (800 tall)
// and 390 px (844 tall) wide, light and dark — and the loop over them that the
// *-screenshots.ts scripts share: a fresh browser context per look, its page,
// and a shoot(name) that saves `<name>-<width>-<scheme>.png` (once animations
// have ended) and prints the path.
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { animationsSettled } from './animations-settled.js';

export type Scheme = 'light' | 'dark';

export interface ScreenVariant {
  width: number;
  height: number;
  scheme: Scheme;
}

export const SCREEN_VARIANTS: readonly ScreenVariant[] = [1280, 390].flatMap((width) =>
  (['light', 'dark'] as const).map((scheme) => ({ width, height: width > 700 ? 800 : 844, scheme })),
);

export interface VariantShot {
  page: Page;
  variant: ScreenVariant;
  /** Saves the page as `<name>-<width>-<scheme>.png` in the output folder and prints the path. */
  shoot(name: string, options?: { fullPage?: boolean }): Promise<void>;
}

/**
 * Runs `body` for each variant in turn on a fresh context (HTTPS errors
 * ignored: the test host's certificate is its own), pushed to `contexts` for
 * the script's clean-up and closed when `body` is done.
 */
export async function eachVariant(
  browser: Browser,
  outDir: string,
  contexts: BrowserContext[],
  body: (shot: VariantShot) => Promise<void>,
  variants: readonly ScreenVariant[] = SCREEN_VARIANTS,
): Promise<void> {
  for (const variant of variants) {
    const { width, height, scheme } = variant;
    const context = await browser.newContext({ viewport: { width, height }, colorScheme: scheme, ignoreHTTPSErrors: true, deviceScaleFactor: 1 });
    contexts.push(context);
    const page = await context.newPage();
    const shoot = async (name: string, options: { fullPage?: boolean } = {}) => {
      const file = path.join(outDir, `${name}-${width}-${scheme}.png`);
      await animationsSettled(page);
      await page.screenshot({ path: file, ...options });
      console.log(file);
    };
    await body({ page, variant, shoot });
    await context.close();
  }
}
