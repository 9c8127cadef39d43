// axe-core on a page of the app (@axe-core/playwright), the one way the E2E
// suite builds it. Legacy mode runs axe.run() in the page itself; the default
// runs axe.runPartial() per frame and then axe.finishRun() in a new blank page
// of the context, which cost about 0.7 s per check here (the accessibility
// file: 141 s → 90 s, 78 checks). What legacy mode gives up is testing
// cross-origin frames, and the app has no frames.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export function axeOn(page: Page): AxeBuilder {
  return new AxeBuilder({ page }).setLegacyMode();
}
