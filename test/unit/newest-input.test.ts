// The `--if-stale` check of `npm run host`/`chat`/`discover`: a build is
// redone when anything it is made from, however deep in a folder, is newer.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newestInput } from '../../build/scripts/newest-input.js';
import { tempDir } from '../helpers/host-harness.js';

function fileAt(root: string, name: string, seconds: number): void {
  const file = path.join(root, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, name);
  fs.utimesSync(file, seconds, seconds);
}

describe('newestInput', () => {
  it('finds the newest file deep in a folder, and skips inputs that do not exist', () => {
    const root = tempDir('parley-newest-');
    fileAt(root, 'src/a.ts', 1_000);
    fileAt(root, 'src/deep/er/b.tsx', 3_000);
    fileAt(root, 'config.ts', 2_000);
    for (const folder of ['src/deep/er', 'src/deep', 'src']) fs.utimesSync(path.join(root, folder), 500, 500);
    expect(newestInput(root, ['src', 'config.ts', 'missing.json'])).toBe(3_000_000);
    expect(newestInput(root, ['config.ts'])).toBe(2_000_000);
  });

  it('counts folders too, so deleting a file, even deep down, makes the build stale', () => {
    const root = tempDir('parley-newest-');
    fileAt(root, 'src/a.ts', 1_000);
    fileAt(root, 'src/deep/b.ts', 1_000);
    for (const folder of ['src/deep', 'src']) fs.utimesSync(path.join(root, folder), 1_000, 1_000);
    expect(newestInput(root, ['src'])).toBe(1_000_000);
    fs.rmSync(path.join(root, 'src/deep/b.ts'));
    expect(newestInput(root, ['src'])).toBeGreaterThan(1_000_000);
  });
});
