// The app's own settings, kept in USERDATA/settings.json (written atomically).
// The session to offer reopening at start-up, whether downloads are saved
// straight into the downloads folder, where the window was, and which session
// to host at login (its passcode is NOT here: login-secrets, safeStorage). A file that
// is unreadable or does not match the schema is set aside as settings.json.bad
// and the defaults are used: a settings bug must never stop the app opening.
import fs from 'node:fs';
import { z } from 'zod';
import { lastSession, type LastSession } from '../../src-shared/ipc/ipc-contract.js';
import { SESSION_NAME_MAX_CHARS } from '../../src-shared/limits.js';
import { readJsonFile, writeJsonFileAtomic } from './atomic-json-file.js';

const pixels = z.number().int().min(-100_000).max(100_000);
export const windowBounds = z.object({
  x: pixels,
  y: pixels,
  width: z.number().int().min(1).max(100_000),
  height: z.number().int().min(1).max(100_000),
  maximized: z.boolean(),
});
export type WindowBounds = z.infer<typeof windowBounds>;
export type HostAtLogin = { sessionName: string; passcodeRequired: boolean };

const settingsFile = z.object({
  version: z.literal(1),
  lastSession: lastSession.nullable().default(null),
  /** Save downloads straight into the downloads folder instead of asking where. */
  autoSaveDownloads: z.boolean().default(false),
  /** The window's last normal (not maximised) place and size, and whether it was maximised. */
  windowBounds: windowBounds.nullable().default(null),
  /** "Start Parley at login and host this session": the session's name, or null (off). */
  hostAtLogin: z
    .object({ sessionName: z.string().trim().min(1).max(SESSION_NAME_MAX_CHARS), passcodeRequired: z.boolean() })
    .nullable()
    .default(null),
});
type Settings = z.infer<typeof settingsFile>;

const DEFAULTS: Settings = { version: 1, lastSession: null, autoSaveDownloads: false, windowBounds: null, hostAtLogin: null };

export class SettingsStore {
  private cached: Settings | null = null;

  constructor(
    readonly file: string,
    private readonly log: (line: string) => void = () => {},
  ) {}

  getLastSession(): LastSession | null {
    return this.read().lastSession;
  }

  setLastSession(value: LastSession | null): void {
    const next: Settings = { ...this.read(), lastSession: value === null ? null : lastSession.parse(value) };
    writeJsonFileAtomic(this.file, next);
    this.cached = next;
  }

  getAutoSaveDownloads(): boolean {
    return this.read().autoSaveDownloads;
  }

  setAutoSaveDownloads(enabled: boolean): void {
    this.write({ autoSaveDownloads: enabled });
  }

  getWindowBounds(): WindowBounds | null {
    return this.read().windowBounds;
  }

  setWindowBounds(value: WindowBounds): void {
    this.write({ windowBounds: windowBounds.parse(value) });
  }

  getHostAtLogin(): HostAtLogin | null {
    return this.read().hostAtLogin;
  }

  setHostAtLogin(value: HostAtLogin | null): void {
    this.write({ hostAtLogin: value });
  }

  private write(change: Partial<Settings>): void {
    const next: Settings = { ...this.read(), ...change };
    writeJsonFileAtomic(this.file, next);
    this.cached = next;
  }

  private read(): Settings {
    if (this.cached) return this.cached;
    let raw: unknown;
    try {
      raw = readJsonFile(this.file);
    } catch (error) {
      this.setAside(`unreadable (${error instanceof Error ? error.message : String(error)})`);
      return (this.cached = { ...DEFAULTS });
    }
    if (raw === undefined) return (this.cached = { ...DEFAULTS });
    const parsed = settingsFile.safeParse(raw);
    if (!parsed.success) {
      this.setAside('not in the expected shape');
      return (this.cached = { ...DEFAULTS });
    }
    return (this.cached = parsed.data);
  }

  private setAside(why: string): void {
    this.log(`settings: ${this.file} is ${why}; keeping it as settings.json.bad and starting from defaults`);
    try {
      fs.renameSync(this.file, `${this.file}.bad`);
    } catch {
      // Nothing more to do: the next write replaces it.
    }
  }
}
