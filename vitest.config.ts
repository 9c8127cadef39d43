import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Two files at a time, also on a 2-core machine (vitest's default there is
    // one: cores − 1). Most unit, integration and renderer files wait on a
    // child process, a socket or a timer more than they compute. The browser
    // and LAN files still run one at a time, after the rest (fileParallelism
    // false below): two Chromiums at once gained ~10% and made downloads and
    // focus timing flaky.
    maxWorkers: 2,
    globalSetup: ['test/helpers/temp-root.ts'],
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/main/**/*.test.ts'],
          // Tests start the programs as users do: node dist/cli/*.js (built if stale).
          globalSetup: ['test/helpers/built-cli.ts'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['test/renderer/**/*.test.{ts,tsx}'],
          setupFiles: ['test/renderer/setup.ts'],
          // jsdom renders a virtualised list slowly on a busy 2-core machine: a
          // test's whole run may take seconds (behaviour still fails, just later).
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // The pages under test are dist/renderer (rebuilt if older than src-renderer).
          globalSetup: ['test/helpers/built-renderer.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'lan',
          include: ['test/lan/**/*.test.ts'],
          globalSetup: ['test/helpers/built-cli.ts', 'test/helpers/built-renderer.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
