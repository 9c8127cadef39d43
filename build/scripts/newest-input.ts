// When a build is stale: the newest modification time among what it is made
// from (files, and every file and folder below folders), for the `--if-stale` checks of
// build-cli.ts and build-renderer.ts.
import fs from 'node:fs';
import path from 'node:path';

/** The newest mtime (ms) of `inputs` (paths relative to `root`; missing ones are skipped). */
export function newestInput(root: string, inputs: readonly string[]): number {
  let newest = 0;
  for (const input of inputs) {
    const where = path.join(root, input);
    const stat = fs.statSync(where, { throwIfNoEntry: false });
    if (!stat) continue;
    newest = Math.max(newest, stat.mtimeMs);
    if (!stat.isDirectory()) continue;
    for (const entry of fs.readdirSync(where, { recursive: true, withFileTypes: true })) {
      // Folders too: deleting or renaming a file changes only its folder's time.
      if (entry.isFile() || entry.isDirectory()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}
