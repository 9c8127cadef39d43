// Where a host keeps its session (session.db) when no --data-dir is given: the
// per-user application-data folder each OS expects.
//   Linux:   $XDG_DATA_HOME/parley/session, else ~/.local/share/parley/session
//   macOS:   ~/Library/Application Support/Parley/session
//   Windows: %APPDATA%\Parley\session, else ~\AppData\Roaming\Parley\session
import os from 'node:os';
import path from 'node:path';

export interface AppDataEnvironment {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  home: string;
}

const current = (): AppDataEnvironment => ({ platform: process.platform, env: process.env, home: os.homedir() });

/** The per-user folder for Parley's data on this platform. */
export function appDataDir({ platform, env, home }: AppDataEnvironment = current()): string {
  if (platform === 'win32') {
    const roaming = env.APPDATA || path.win32.join(home, 'AppData', 'Roaming');
    return path.win32.join(roaming, 'Parley');
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', 'Parley');
  // XDG says a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME && path.posix.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.posix.join(home, '.local', 'share');
  return path.posix.join(xdg, 'parley');
}

/** The default data folder of a hosted session. */
export function defaultSessionDir(environment: AppDataEnvironment = current()): string {
  const join = environment.platform === 'win32' ? path.win32.join : path.posix.join;
  return join(appDataDir(environment), 'session');
}
