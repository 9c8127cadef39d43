// `npm run lint` refuses imports whose path crosses a process boundary
// (parley/process-boundaries, build/eslint/process-boundaries.js, configured in
// eslint.config.js). Each rule is shown to fire, with its message, on code
// linted as if it sat at a made-up path in its zone; the imports the design
// allows are shown to pass. The package rules (node:*, electron) are proved in
// process-boundaries.test.ts.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const eslint = new ESLint({ cwd: root });

/** The boundary problems ESLint reports for `code` as if it were the file at `filePath` (relative to the repository). */
async function crossings(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  const fatal = result!.messages.filter((m) => m.fatal);
  expect(fatal).toEqual([]);
  return result!.messages.filter((m) => m.ruleId === 'parley/process-boundaries').map((m) => m.message);
}

const RENDERER = 'src-renderer runs sandboxed in a page';
const SHARED = 'src-shared runs in every process';
const headless = (folder: string): string => `${folder} runs headless too`;

describe('process boundaries by path (parley/process-boundaries)', () => {
  describe('src-renderer', () => {
    it('refuses a relative import into src-main, however it is written', async () => {
      const file = 'src-renderer/session/probe.ts';
      const cases: Array<[source: string, target: string]> = [
        ["import { x } from '../../src-main/host/session-host.js';\nexport const y = x;", 'src-main/host/session-host.js'],
        ["import type { T } from '../../src-main/app/ipc-handlers.js';\nexport type U = T;", 'src-main/app/ipc-handlers.js'],
        ["export { x } from '../../src-main/transfer/offer-server.js';", 'src-main/transfer/offer-server.js'],
        ["export * from '../../src-main/discovery/browser.js';", 'src-main/discovery/browser.js'],
        ["export const load = () => import('../../src-main/cli/chat-cli.js');", 'src-main/cli/chat-cli.js'],
        ["export type T = import('../../src-main/host/session-host.js').SessionHost;", 'src-main/host/session-host.js'],
        ["import { x } from '../../src-main';\nexport const y = x;", 'src-main'],
      ];
      for (const [source, target] of cases) {
        const problems = await crossings(file, source);
        expect(problems, source).toEqual([expect.stringContaining(RENDERER)]);
        expect(problems[0], source).toMatch(new RegExp(` This import reaches ${target.replace(/\./g, '\\.')}\\.$`));
      }
    });

    it('refuses it from any depth, in .tsx too', async () => {
      expect(await crossings('src-renderer/probe.tsx', "import { x } from '../src-main/app/main.js';\nexport const y = x;")).toEqual([
        expect.stringContaining(RENDERER),
      ]);
      expect(await crossings('src-renderer/a/b/c/probe.tsx', "import { x } from '../../../../src-main/app/main.js';\nexport const y = x;")).toEqual([
        expect.stringContaining(RENDERER),
      ]);
    });

    it('allows its own modules, src-shared and packages', async () => {
      expect(
        await crossings(
          'src-renderer/session/probe.ts',
          [
            "import { a } from './session-store.js';",
            "import { b } from '../ui/theme.js';",
            "import { c } from '../../src-shared/protocol/frames.js';",
            "import type { D } from '../../src-shared/ipc/ipc-contract.js';",
            "import { create } from 'zustand';",
            'export const all = [a, b, c, create] as unknown as D;',
          ].join('\n'),
        ),
      ).toEqual([]);
    });
  });

  describe('src-main/host', () => {
    it('refuses the Electron shell, src-main/app', async () => {
      expect(await crossings('src-main/host/probe.ts', "import { x } from '../app/desktop-app.js';\nexport const y = x;")).toEqual([
        expect.stringMatching(/^src-main\/host runs headless too .* This import reaches src-main\/app\/desktop-app\.js\.$/),
      ]);
      expect(await crossings('src-main/host/handlers/probe.ts', "import type { T } from '../../app/main-window.js';\nexport type U = T;")).toEqual([
        expect.stringContaining(headless('src-main/host')),
      ]);
    });

    it('allows src-shared and the other headless folders', async () => {
      expect(
        await crossings(
          'src-main/host/probe.ts',
          [
            "import { a } from '../../src-shared/limits.js';",
            "import { b } from '../discovery/session-advertiser.js';",
            "import { c } from '../cli/command-line.js';",
            "import { d } from './session-host.js';",
            "import fs from 'node:fs';",
            'export const all = [a, b, c, d, fs];',
          ].join('\n'),
        ),
      ).toEqual([]);
    });

    it('matches folders, not name prefixes', async () => {
      // src-main/application is not src-main/app.
      expect(await crossings('src-main/host/probe.ts', "import { x } from '../application/x.js';\nexport const y = x;")).toEqual([]);
    });
  });

  describe('src-main/transfer and src-main/http', () => {
    it('refuses src-main/host in src-main/transfer: what both need is in src-main/http', async () => {
      expect(await crossings('src-main/transfer/probe.ts', "import { parseRange } from '../host/file-http-api.js';\nexport const y = parseRange;")).toEqual([
        expect.stringMatching(/^src-main\/transfer runs on every peer.* This import reaches src-main\/host\/file-http-api\.js\.$/),
      ]);
      expect(await crossings('src-main/transfer/probe.ts', "import { parseRange } from '../http/byte-ranges.js';\nexport const y = parseRange;")).toEqual([]);
    });

    it('refuses both the host and the transfer code in src-main/http', async () => {
      for (const target of ['host/file-store.js', 'transfer/offer-server.js']) {
        expect(await crossings('src-main/http/probe.ts', `import { x } from '../${target}';\nexport const y = x;`), target).toEqual([
          expect.stringContaining('src-main/http is what the host and the transfer code share'),
        ]);
      }
    });

    it('lets the host import src-main/http', async () => {
      expect(await crossings('src-main/host/probe.ts', "import { sendJsonError } from '../http/json-errors.js';\nexport const y = sendJsonError;")).toEqual([]);
    });
  });

  it('holds every folder the host or the terminal client imports from to the same rule', async () => {
    for (const folder of ['src-main/discovery', 'src-main/transfer', 'src-main/http', 'src-main/terminal', 'src-main/cli']) {
      expect(await crossings(`${folder}/probe.ts`, "import { x } from '../app/main-window.js';\nexport const y = x;"), folder).toEqual([
        expect.stringContaining(headless(folder)),
      ]);
    }
  });

  it('lets the Electron shell import the host, transfer, discovery and src-shared', async () => {
    expect(
      await crossings(
        'src-main/app/probe.ts',
        [
          "import { a } from '../host/session-host.js';",
          "import { b } from '../transfer/offer-server.js';",
          "import { c } from '../discovery/session-browser.js';",
          "import { d } from '../../src-shared/limits.js';",
          "import { app } from 'electron';",
          'export const all = [a, b, c, d, app];',
        ].join('\n'),
      ),
    ).toEqual([]);
  });

  describe('src-shared', () => {
    it('refuses every folder outside src-shared', async () => {
      for (const target of ['src-main/host/x.js', 'src-main/app/x.js', 'src-renderer/x.js', 'test/helpers/x.js', 'bench/x.js', 'package.json', 'build/x.js']) {
        expect(await crossings('src-shared/protocol/probe.ts', `import x from '../../${target}';\nexport const y = x;`), target).toEqual([
          expect.stringMatching(new RegExp(`^${SHARED}.* This import reaches ${target.replace(/\./g, '\\.')}\\.$`)),
        ]);
      }
    });

    it('refuses a path that leaves the repository', async () => {
      expect(await crossings('src-shared/probe.ts', "import x from '../../elsewhere/x.js';\nexport const y = x;")).toEqual([
        expect.stringContaining(SHARED),
      ]);
    });

    it('allows its own modules at any depth, and packages', async () => {
      expect(
        await crossings(
          'src-shared/protocol/probe.ts',
          [
            "import { a } from './frames.js';",
            "import { b } from '../limits.js';",
            "import { c } from '../../src-shared/ipc/ipc-contract.js';",
            "import { z } from 'zod';",
            'export const all = [a, b, c, z];',
          ].join('\n'),
        ),
      ).toEqual([]);
    });
  });

  it('leaves tests and benchmarks free to import any folder', async () => {
    for (const file of ['test/unit/probe.test.ts', 'bench/probe.ts']) {
      expect(
        await crossings(file, "import { a } from '../../src-main/app/main.js';\nimport { b } from '../../src-renderer/x.js';\nexport const all = [a, b];"),
        file,
      ).toEqual([]);
    }
  });

  it('keeps the package rules alongside: one file can break both', async () => {
    const [result] = await eslint.lintText("import fs from 'node:fs';\nimport { x } from '../src-main/host/x.js';\nexport const y = [fs, x];", {
      filePath: path.join(root, 'src-renderer/probe.ts'),
    });
    expect(result!.messages.map((m) => m.ruleId).sort()).toEqual(['no-restricted-imports', 'parley/process-boundaries']);
  });
});
