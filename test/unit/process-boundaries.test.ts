// The lint step enforces DESIGN.md's process boundaries; this proves the rules bite.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('process boundaries (eslint.config.js)', () => {
  it('refuses node:*, electron and ws imports in src-shared', async () => {
    for (const source of ["import fs from 'node:fs';", "import { app } from 'electron';", "import os from 'os';", "import WebSocket from 'ws';"]) {
      expect(await problems('src-shared/probe.ts', `${source}\nexport const x = 1;`)).toEqual([
        expect.stringContaining('src-shared is pure TypeScript'),
      ]);
    }
  });

  it('refuses electron in the headless folders (host, cli, terminal, discovery, transfer) but allows node:*', async () => {
    for (const folder of ['host', 'host/handlers', 'cli', 'terminal', 'discovery', 'transfer']) {
      expect(await problems(`src-main/${folder}/probe.ts`, "import { app } from 'electron';\nexport const x = app;"), folder).toEqual([
        expect.stringContaining('never import electron: they run headless too'),
      ]);
      expect(await problems(`src-main/${folder}/probe.ts`, "import fs from 'node:fs';\nexport const x = fs;"), folder).toEqual([]);
    }
    expect(await problems('src-main/app/probe.ts', "import { app } from 'electron';\nexport const x = app;")).toEqual([]);
  });

  it('refuses electron in src-main/http, which the headless host imports', async () => {
    expect(await problems('src-main/http/probe.ts', "import { app } from 'electron';\nexport const x = app;")).toEqual([expect.stringContaining('never import electron: they run headless too')]);
    expect(await problems('src-main/http/probe.ts', "import http from 'node:http';\nexport const x = http;")).toEqual([]);
  });

  it('refuses node:* and electron in src-renderer', async () => {
    expect(await problems('src-renderer/probe.tsx', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;")).toHaveLength(1);
    expect(await problems('src-renderer/probe.ts', "import path from 'node:path';\nexport const x = path;")).toHaveLength(1);
  });

  it('lets src-shared import zod and its own modules', async () => {
    expect(await problems('src-shared/probe.ts', "import { z } from 'zod';\nimport { DEFAULT_PORT } from './limits.js';\nexport const x = [z, DEFAULT_PORT];")).toEqual([]);
  });
});
