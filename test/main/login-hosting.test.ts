// "Start Parley at login and host this session" per platform (login-hosting.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOST_AT_LOGIN_ARG, LoginHosting } from '../../src-main/app/login-hosting.js';
import { SettingsStore } from '../../src-main/app/settings-store.js';
import { TokenStore } from '../../src-main/app/token-store.js';

const encryptor = {
  available: true,
  isEncryptionAvailable: () => encryptor.available,
  encryptString: (text: string) => Buffer.from(`enc:${Buffer.from(text).toString('hex')}`),
  decryptString: (data: Buffer) => Buffer.from(data.toString().slice(4), 'hex').toString(),
};

describe('LoginHosting', () => {
  let dir: string;
  let calls: Array<{ openAtLogin: boolean; args?: string[] }>;
  let wasOpenedAtLogin: boolean;
  const make = (platform: NodeJS.Platform) =>
    new LoginHosting({
      settings: new SettingsStore(path.join(dir, 'settings.json')),
      secrets: new TokenStore({ file: path.join(dir, 'login-secrets.json'), encryptor, platform }),
      loginItem: { setLoginItemSettings: (settings) => calls.push(settings), getLoginItemSettings: () => ({ wasOpenedAtLogin }) },
      platform,
      autostartDir: path.join(dir, 'autostart'),
      executable: '/opt/Parley/parley',
    });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-login-'));
    calls = [];
    wasOpenedAtLogin = false;
    encryptor.available = true;
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const platform of ['win32', 'darwin'] as const) {
    it(`${platform}: registers and unregisters a login item`, () => {
      const login = make(platform);
      login.enable({ sessionName: 'Office', passcode: undefined });
      expect(calls).toEqual([{ openAtLogin: true, args: [HOST_AT_LOGIN_ARG] }]);
      login.disable();
      expect(calls.at(-1)).toEqual({ openAtLogin: false });
      expect(login.sessionName()).toBeNull();
    });
  }

  it('linux: writes and removes an XDG autostart entry', () => {
    const login = make('linux');
    login.enable({ sessionName: 'Office', passcode: undefined });
    const entry = fs.readFileSync(path.join(dir, 'autostart', 'parley.desktop'), 'utf8');
    expect(entry).toContain(`Exec="/opt/Parley/parley" ${HOST_AT_LOGIN_ARG}`);
    expect(calls).toEqual([]);
    login.disable();
    expect(fs.existsSync(path.join(dir, 'autostart', 'parley.desktop'))).toBe(false);
  });

  it('knows a start at login by its argument, and on macOS by the login item', () => {
    expect(make('win32').openedAtLogin(['parley.exe', HOST_AT_LOGIN_ARG])).toBe(true);
    expect(make('win32').openedAtLogin(['parley.exe'])).toBe(false);
    wasOpenedAtLogin = true;
    expect(make('darwin').openedAtLogin(['Parley'])).toBe(true);
    expect(make('win32').openedAtLogin(['parley.exe'])).toBe(false);
  });

  it('keeps the passcode encrypted and gives it back for the start at login', () => {
    const login = make('win32');
    login.enable({ sessionName: 'Exam', passcode: 'sesame-42' });
    for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.json'))) {
      expect(fs.readFileSync(path.join(dir, file), 'utf8')).not.toContain('sesame-42');
    }
    expect(make('win32').sessionToHost()).toEqual({ sessionName: 'Exam', passcode: 'sesame-42' });
    // Switching to another session forgets the first one's passcode.
    login.enable({ sessionName: 'Office', passcode: undefined });
    expect(fs.readFileSync(path.join(dir, 'login-secrets.json'), 'utf8')).not.toContain('host-passcode:Exam');
    expect(make('win32').sessionToHost()).toEqual({ sessionName: 'Office' });
  });

  it('refuses a passcode it could only store in plain text, and changes nothing', () => {
    encryptor.available = false;
    const login = make('win32');
    expect(() => login.enable({ sessionName: 'Exam', passcode: 'sesame-42' })).toThrow(/no keyring/);
    expect(login.sessionName()).toBeNull();
    expect(calls).toEqual([]);
  });

  it('does not host at login when the passcode cannot be read back', () => {
    make('win32').enable({ sessionName: 'Exam', passcode: 'sesame-42' });
    fs.writeFileSync(path.join(dir, 'login-secrets.json'), JSON.stringify({ version: 1, tokens: {} }));
    expect(make('win32').sessionToHost()).toBeNull();
  });
});
