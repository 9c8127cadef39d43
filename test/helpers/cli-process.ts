// Runs the real command-line programs as child processes, exactly as
// `npm run host` / `npm run chat` start them after building — `node
// dist/cli/host.js ARGS` from the repository root (built-cli.ts) — with piped
// stdio (no TTY), and keeps track of them so a test can always clean up the
// ones it started.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtCli, type CliProgram } from './built-cli.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface CliProcess {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves with the regex match once stdout has a match. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or the signal that ended it). */
  exit: Promise<number | NodeJS.Signals>;
}

const started = new Set<ChildProcessWithoutNullStreams>();

/** `node dist/cli/PROGRAM.js ...args` from the repository root; `detached` puts it in its own process group (a terminal's job). */
export function runCli(program: CliProgram, args: string[], { detached = false, env = {} }: { detached?: boolean; env?: Record<string, string> } = {}): CliProcess {
  const script = builtCli(program);
  const child = spawn(process.execPath, [script, ...args], {
    cwd: REPO_ROOT,
    // Parley's per-user folder (known sessions, default data) inside this test run's temporary root, never the real one.
    env: { ...process.env, NO_COLOR: '1', XDG_DATA_HOME: path.join(os.tmpdir(), 'xdg-data'), ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached,
  });
  started.add(child);
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    for (const listener of [...listeners]) listener();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exit = new Promise<number | NodeJS.Signals>((resolve) =>
    child.on('close', (code, signal) => {
      started.delete(child);
      for (const listener of [...listeners]) listener();
      resolve(code ?? signal ?? -1);
    }),
  );
  return {
    child,
    exit,
    stdout: () => out,
    stderr: () => err,
    waitForOutput(pattern, timeoutMs = 8000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = out.match(pattern);
          if (match) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(match);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            listeners.delete(check);
            clearTimeout(timer);
            reject(new Error(`${script} exited before printing ${String(pattern)}.\nstdout:\n${out}\nstderr:\n${err}`));
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`${script} did not print ${String(pattern)} within ${timeoutMs} ms.\nstdout:\n${out}\nstderr:\n${err}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
  };
}

/** Kills (SIGKILL, by pid) every process runCli started that is still running. */
export async function killStartedProcesses(): Promise<void> {
  const running = [...started];
  await Promise.all(
    running.map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('close', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}
