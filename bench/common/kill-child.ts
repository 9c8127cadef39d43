// Stopping a child process a benchmark started: by its pid, with SIGKILL,
// only while it is still running (a process that is gone meanwhile is no error).
import type { ChildProcess } from 'node:child_process';

export const isRunning = (child: ChildProcess): boolean => child.exitCode === null && child.signalCode === null;

export function killChild(child: ChildProcess): void {
  if (child.pid === undefined || !isRunning(child)) return;
  try {
    process.kill(child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
