// "Start Parley at login and host this session" (opt-in, issue 11): the OS
// starts the app at login with HOST_AT_LOGIN_ARG, and the app hosts the
// remembered session without a window, in the tray.
//
// Where it is registered: Electron's app.setLoginItemSettings on macOS and
// Windows; on Linux, where Electron has no login items, an XDG autostart entry
// (~/.config/autostart/parley.desktop), which GNOME, KDE, Xfce & co. honour.
//
// Decision (the passcode): settings.json holds only the session's name and
// whether it needs a passcode. The passcode itself is kept encrypted with
// safeStorage (Keychain, DPAPI, the Secret Service) in its own file, through
// TokenStore. Where safeStorage offers no real encryption (no keyring on
// Linux), TokenStore would store it in plain text — so turning the setting on
// for a session with a passcode is refused there, with a message saying why
// and what to do. A passcode that can no longer be decrypted (keyring reset)
// means the session is not hosted at login; the window opens instead.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IpcError } from '../../src-shared/ipc/ipc-errors.js';
import type { SettingsStore } from './settings-store.js';
import type { TokenStore } from './token-store.js';

export const HOST_AT_LOGIN_ARG = '--host-at-login';

/** What is used of Electron's app. */
export interface LoginItemApi {
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
  getLoginItemSettings(): { wasOpenedAtLogin?: boolean };
}

export interface LoginHostingOptions {
  settings: Pick<SettingsStore, 'getHostAtLogin' | 'setHostAtLogin'>;
  secrets: Pick<TokenStore, 'save' | 'load' | 'forget' | 'encryptionAvailable'>;
  loginItem: LoginItemApi;
  platform?: NodeJS.Platform;
  /** Linux: where the autostart entry goes (default $XDG_CONFIG_HOME/autostart). */
  autostartDir?: string;
  /** Linux: what the entry runs (default the AppImage's path, else this executable). */
  executable?: string;
  log?: (line: string) => void;
}

const passcodeKey = (sessionName: string) => `host-passcode:${sessionName}`;

export class LoginHosting {
  private readonly platform: NodeJS.Platform;
  private readonly log: (line: string) => void;

  constructor(private readonly options: LoginHostingOptions) {
    this.platform = options.platform ?? process.platform;
    this.log = options.log ?? (() => {});
  }

  /** The session hosted at login, or null when the setting is off. */
  sessionName(): string | null {
    return this.options.settings.getHostAtLogin()?.sessionName ?? null;
  }

  enable(session: { sessionName: string; passcode: string | undefined }): void {
    const previous = this.options.settings.getHostAtLogin();
    if (session.passcode !== undefined) {
      if (!this.options.secrets.encryptionAvailable()) {
        throw new IpcError(
          'no_keyring',
          `This computer has no keyring to keep the passcode of “${session.sessionName}” safe, so Parley cannot host it at login. ` +
            'Set up your desktop’s keyring (e.g. GNOME Keyring or KWallet), or host it by hand.',
        );
      }
      this.options.secrets.save(passcodeKey(session.sessionName), session.passcode);
    } else {
      this.options.secrets.forget(passcodeKey(session.sessionName));
    }
    if (previous && previous.sessionName !== session.sessionName) this.options.secrets.forget(passcodeKey(previous.sessionName));
    this.options.settings.setHostAtLogin({ sessionName: session.sessionName, passcodeRequired: session.passcode !== undefined });
    this.register(true);
  }

  disable(): void {
    const previous = this.options.settings.getHostAtLogin();
    if (previous) this.options.secrets.forget(passcodeKey(previous.sessionName));
    this.options.settings.setHostAtLogin(null);
    this.register(false);
  }

  /** What to host now that the app was started at login; null: open the window as usual. */
  sessionToHost(): { sessionName: string; passcode?: string } | null {
    const setting = this.options.settings.getHostAtLogin();
    if (!setting) return null;
    if (!setting.passcodeRequired) return { sessionName: setting.sessionName };
    const passcode = this.options.secrets.load(passcodeKey(setting.sessionName));
    if (passcode === null) {
      this.log(`login: the passcode of “${setting.sessionName}” could not be read back; not hosting it at login`);
      return null;
    }
    return { sessionName: setting.sessionName, passcode };
  }

  /** Whether this start is the OS starting the app at login. */
  openedAtLogin(argv: readonly string[]): boolean {
    if (argv.includes(HOST_AT_LOGIN_ARG)) return true;
    // macOS login items get no arguments.
    return this.platform === 'darwin' && this.options.loginItem.getLoginItemSettings().wasOpenedAtLogin === true;
  }

  private register(openAtLogin: boolean): void {
    if (this.platform !== 'linux') {
      this.options.loginItem.setLoginItemSettings({ openAtLogin, ...(openAtLogin && { args: [HOST_AT_LOGIN_ARG] }) });
      return;
    }
    const dir = this.options.autostartDir ?? path.join(process.env['XDG_CONFIG_HOME'] ?? path.join(os.homedir(), '.config'), 'autostart');
    const file = path.join(dir, 'parley.desktop');
    if (!openAtLogin) {
      fs.rmSync(file, { force: true });
      return;
    }
    const executable = this.options.executable ?? process.env['APPIMAGE'] ?? process.execPath;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      file,
      ['[Desktop Entry]', 'Type=Application', 'Name=Parley', 'Comment=Hosts your Parley session', `Exec="${executable.replace(/(["`$\\])/g, '\\$1')}" ${HOST_AT_LOGIN_ARG}`, 'X-GNOME-Autostart-enabled=true', ''].join('\n'),
    );
  }
}
