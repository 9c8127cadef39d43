import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => cleanup());

// findBy*/waitFor give the page up to 3 s (the default 1 s is short for a
// virtualised list re-rendering in jsdom while other suites load the machine).
configure({ asyncUtilTimeout: 3000 });

// jsdom does no layout, so it leaves out the element scrolling methods that
// react-virtuoso (and the thread panel's jump to a quoted message) calls;
// scrolling is a no-op here (the E2E tests scroll for real).
for (const method of ['scrollTo', 'scrollBy', 'scrollIntoView'] as const) {
  if (typeof Element.prototype[method] !== 'function') {
    Element.prototype[method] = function noScroll() {} as Element['scrollTo'];
  }
}
