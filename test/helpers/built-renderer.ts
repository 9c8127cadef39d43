// The web client as the host serves it: dist/renderer, built by
// build/scripts/build-renderer.ts. As a vitest globalSetup (e2e and lan
// projects) this rebuilds it when it is older than its sources, so that
// `npx vitest run --project e2e some.test.ts` after an edit in src-renderer
// tests the edit, not the last build. `npm test` has just built it, so there
// this is only the check (a few ms). PARLEY_E2E_WEB_ROOT (a build made
// elsewhere on purpose, test/e2e/helpers/web-host.ts) is left alone.
import { buildRenderer, rendererBuildIsCurrent } from '../../build/scripts/build-renderer.js';

export default async function setup(): Promise<void> {
  if (process.env['PARLEY_E2E_WEB_ROOT'] === undefined && !rendererBuildIsCurrent()) await buildRenderer({ quiet: true });
}
