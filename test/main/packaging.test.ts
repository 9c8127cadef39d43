// Packaging, offline: electron-builder packs `--linux dir` against a fake
// Electron distribution (a shell script carrying the fuse sentinel, so the
// fuses can really be flipped and read back), then the layout is checked:
// app.asar with the built main/preload/renderer, libsql's .node unpacked, every
// fuse as electron-builder.yml sets it, and the packaged main.js actually
// evaluates under Node (with a stub `electron`) from the extracted archive —
// which proves the node_modules allowlist in electron-builder.yml is complete.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import asar from '@electron/asar';
import { getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

// @electron/fuses' sentinel, then the wire: version 1, length, one byte per fuse
// ('0' off, '1' on, 'r' removed). Nine fuses, like recent Electron releases
// (the ninth is one electron-builder 26 does not know and must leave alone).
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const INITIAL_WIRE = '101101110';

// FuseV1Options order: runAsNode, enableCookieEncryption, enableNodeOptionsEnvironmentVariable,
// enableNodeCliInspectArguments, enableEmbeddedAsarIntegrityValidation, onlyLoadAppFromAsar,
// loadBrowserProcessSpecificV8Snapshot, grantFileProtocolExtraPrivileges.
const EXPECTED_FUSES = '01001100';

let work: string;
let appDir: string;
let asarFile: string;
let files: string[];

function ensureBuilt(): void {
  const built = ['dist/main/main.js', 'dist/main/preload.cjs', 'dist/renderer/index.html'].every((file) => fs.existsSync(path.join(root, file)));
  if (!built) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'pipe', shell: process.platform === 'win32' });
}

beforeAll(() => {
  ensureBuilt();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-packaging-'));
  const electronDist = path.join(work, 'electron-dist');
  fs.mkdirSync(electronDist);
  const binary = Buffer.concat([
    Buffer.from('#!/bin/sh\necho "fake Electron for packaging tests"\nexit 0\n# '),
    Buffer.from(SENTINEL),
    Buffer.from([1, INITIAL_WIRE.length]),
    Buffer.from(INITIAL_WIRE),
    Buffer.from('\n'),
  ]);
  fs.writeFileSync(path.join(electronDist, 'electron'), binary, { mode: 0o755 });

  const output = path.join(work, 'release');
  const result = spawnSync(
    process.execPath,
    [
      require.resolve('electron-builder/cli.js'),
      '--linux',
      'dir',
      '--x64',
      '--publish',
      'never',
      `-c.electronDist=${electronDist}`,
      `-c.directories.output=${output}`,
    ],
    { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' }, timeout: 100_000 },
  );
  if (result.status !== 0) throw new Error(`electron-builder failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  appDir = path.join(output, 'linux-unpacked');
  asarFile = path.join(appDir, 'resources', 'app.asar');
  files = asar.listPackage(asarFile, { isPack: false }).map((file) => file.split(path.sep).join('/'));
}, 120_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('packaged app (electron-builder --linux dir)', () => {
  it('has the executable and resources/app.asar', () => {
    expect(fs.existsSync(path.join(appDir, 'parley'))).toBe(true);
    expect(fs.statSync(asarFile).isFile()).toBe(true);
  });

  it('packs the built main, preload and renderer, and package.json pointing at main', () => {
    for (const file of ['/package.json', '/dist/main/main.js', '/dist/main/preload.cjs', '/dist/renderer/index.html']) {
      expect(files, file).toContain(file);
    }
    const manifest = JSON.parse(asar.extractFile(asarFile, 'package.json').toString()) as { main: string };
    expect(manifest.main).toBe('dist/main/main.js');
  });

  it('packs a CommonJS preload that requires nothing but electron (a sandboxed preload cannot)', () => {
    const preload = asar.extractFile(asarFile, 'dist/main/preload.cjs').toString();
    expect([...preload.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(preload).not.toMatch(/^\s*(import|export)\s/m);
    expect(preload).toMatch(/exposeInMainWorld\(\s*"parley"/);
  });

  it('ships only libsql from node_modules (everything else is bundled) and no sources', () => {
    const packages = new Set(files.map((file) => /^\/node_modules\/(@[^/]+\/[^/]+|[^@/][^/]*)\//.exec(file)?.[1]).filter(Boolean));
    for (const name of packages) expect(name, name).toMatch(/^(libsql|@libsql\/[\w-]+|@neon-rs\/load|detect-libc)$/);
    expect(packages).toContain('libsql');
    // Nor build-time tooling (build/scripts, build/eslint) or the command-line bundles (dist/cli).
    expect(files.filter((file) => /^\/(src-|test\/|build\/|dist\/cli\/)/.test(file))).toEqual([]);
  });

  it("unpacks libsql's native module next to the asar", () => {
    const unpacked = path.join(appDir, 'resources', 'app.asar.unpacked');
    const natives = fs
      .readdirSync(unpacked, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.node'))
      .map((file) => file.split(path.sep).join('/'));
    expect(natives.length).toBeGreaterThan(0);
    expect(natives.every((file) => file.startsWith('node_modules/@libsql/'))).toBe(true);
  });

  it('sets every Electron fuse as electron-builder.yml says', async () => {
    const wire = await getCurrentFuseWire(path.join(appDir, 'parley'));
    const states = Array.from({ length: EXPECTED_FUSES.length }, (_, i) => String.fromCharCode(wire[i as 0] as number)).join('');
    expect(states).toBe(EXPECTED_FUSES);
    // A fuse electron-builder does not know is left as Electron shipped it.
    expect(String.fromCharCode(wire[8 as 0] as number)).toBe(INITIAL_WIRE[8]);
  });

  it('evaluates the packaged main.js (stub electron): imports resolve, libsql loads, start-up runs up to ready', () => {
    const extracted = path.join(work, 'extracted');
    asar.extractAll(asarFile, extracted);
    const mainJs = path.join(extracted, 'dist', 'main', 'main.js');

    // Every bare import of main.js (besides electron and Node built-ins) resolves inside the package.
    const imports = [...fs.readFileSync(mainJs, 'utf8').matchAll(/^import\s[^'"]*?from\s*["']([^"']+)["']/gm)].map((m) => m[1]!);
    // (The bundler may import one module in several statements: what counts is which modules.)
    const bare = [...new Set(imports.filter((spec) => spec !== 'electron' && !spec.startsWith('node:') && !builtinModules.includes(spec)))];
    expect(bare).toEqual(['libsql']);
    const requireFromApp = createRequire(mainJs);
    for (const spec of bare) expect(() => requireFromApp.resolve(spec), spec).not.toThrow();

    // libsql works from the package (its .node came out of app.asar.unpacked).
    const probe = spawnSync(
      process.execPath,
      ['-e', "const Database = require('libsql'); const db = new Database(':memory:'); console.log(db.prepare('select 41 + 1 as answer').get().answer)"],
      { cwd: extracted, encoding: 'utf8' },
    );
    expect(probe.stderr).toBe('');
    expect(probe.stdout.trim()).toBe('42');

    const report = path.join(work, 'stub-report.json');
    const run = spawnSync(process.execPath, ['--import', path.join(root, 'test/main/fixtures/register-electron-stub.mjs'), mainJs], {
      cwd: extracted,
      encoding: 'utf8',
      env: { ...process.env, PARLEY_STUB_REPORT: report },
      timeout: 20_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const calls = (JSON.parse(fs.readFileSync(report, 'utf8')) as Array<{ name: string; args: unknown[] }>).map((call) => call.name);
    expect(calls.slice(0, 3)).toEqual(['app.enableSandbox', 'protocol.registerSchemesAsPrivileged', 'app.requestSingleInstanceLock']);
    expect(calls).toContain('app.whenReady');
  });
});
