// vitest globalSetup: every test run gets one temporary root, handed to the
// workers (and the programs they start) as TMPDIR, and removed at the end —
// so the many mkdtemp folders tests make (session databases, downloads,
// Chromium profiles) never pile up in /tmp.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-test-run-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    fs.rmSync(root, { recursive: true, force: true });
  };
}
