// Waits for the page's finite animations and transitions to end (a dialog
// fading in, a theme change fading colours), so that a screenshot or an axe
// check sees the page as it comes to rest. Endless ones (spinners) are not
// waited for.
import type { Page } from 'playwright-core';

export async function animationsSettled(page: Page): Promise<void> {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
}
