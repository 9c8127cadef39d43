// A desktop app under the Electron fake for each test: started (with a
// placeholder page, no mDNS, its own host on 127.0.0.1 port 0) before each
// test and shut down after it, with the test's own clean-up steps run in
// reverse. The tests that drive main's chat sockets share it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { startDesktopApp } from '../../src-main/app/desktop-app.js';

type DesktopApp = NonNullable<ReturnType<typeof startDesktopApp>>;

export interface DesktopAppPerTest {
  /** The app of the running test. */
  readonly app: DesktopApp;
  /** Steps run after the test, last added first. */
  cleanup: Array<() => unknown>;
}

/** How tests start main: a placeholder page in `rendererRoot`, no mDNS, its own host on 127.0.0.1 port 0. */
export function testDesktopAppOptions(rendererRoot: string): Parameters<typeof startDesktopApp>[0] {
  return {
    preloadPath: path.join(process.cwd(), 'dist', 'main', 'preload.cjs'),
    rendererRoot,
    createSessionBrowser: () => ({ start() {}, stop() {}, on() {}, status: () => ({ browsing: true, problem: null, interfaces: [], sessions: [] }) }),
    createAdvertiser: () => ({ start() {}, update() {}, stop: async () => {} }),
    hostPort: 0,
    hostBindAddress: '127.0.0.1',
  };
}

/** Call at the top level of a test file that mocked `electron` with the fake; `start` is the mocked import's startDesktopApp. */
export function desktopAppPerTest(fake: { reset(): void; app: { userData?: string | null } }, start: typeof startDesktopApp): DesktopAppPerTest {
  let app: DesktopApp | null = null;
  const fixture: DesktopAppPerTest = {
    get app() {
      if (!app) throw new Error('the desktop app starts in beforeEach');
      return app;
    },
    cleanup: [],
  };
  beforeEach(async () => {
    fake.reset();
    const rendererRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-renderer-'));
    fs.writeFileSync(path.join(rendererRoot, 'index.html'), '<!doctype html><title>Parley</title>');
    app = start(testDesktopAppOptions(rendererRoot))!;
    await app.ready;
    fixture.cleanup.push(() => fs.rmSync(rendererRoot, { recursive: true, force: true }));
  });
  afterEach(async () => {
    await app?.shutdown();
    for (const step of fixture.cleanup.splice(0).reverse()) await step();
    if (fake.app.userData) fs.rmSync(fake.app.userData, { recursive: true, force: true });
  });
  return fixture;
}
