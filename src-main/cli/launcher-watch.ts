// Stops a program started by `npm run …` when npm is told to stop.
//
// `npm run host` runs its script through `sh -c "build && … && node
// dist/cli/host.js"`. A SIGTERM to npm (a process manager, a container's
// stop, `kill <npm pid>`) is forwarded to that shell only; Debian's dash does
// not pass it on, dies, and would leave the host running on its own,
// holding the port — the next `npm run host` then fails with "port in use".
// (Ctrl+C at a terminal is fine: it reaches the whole process group.) npm
// scripts must also run under Windows' cmd, so the script cannot `exec`.
// Instead the program watches its parent: once the shell that started it is
// gone (our parent process id changed — orphans are re-parented to init or a
// subreaper), it stops as it would on SIGTERM. Only when started by npm
// (npm sets npm_lifecycle_event); a program run directly, e.g. by the systemd
// unit in docs/parley-host.service, keeps its own lifetime.
import { LAUNCHER_WATCH_INTERVAL_MS } from '../../src-shared/limits.js';

export interface LauncherWatchOptions {
  env?: NodeJS.ProcessEnv;
  /** The current parent process id (process.ppid; injectable for tests). */
  parentId?: () => number;
  intervalMs?: number;
}

/** Calls `onGone` once when the process that started us through npm has gone. Returns the stop function. */
export function watchLauncher(onGone: () => void, options: LauncherWatchOptions = {}): () => void {
  const env = options.env ?? process.env;
  if (!env.npm_lifecycle_event) return () => {};
  const parentId = options.parentId ?? (() => process.ppid);
  const first = parentId();
  const timer = setInterval(() => {
    if (parentId() === first) return;
    clearInterval(timer);
    onGone();
  }, options.intervalMs ?? LAUNCHER_WATCH_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
