import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { SettingsStore } from '../../src-main/app/settings-store.js';

const SESSION = { url: 'ws://192.168.1.20:47800/ws', sessionId: 'abc', sessionName: 'Office', userName: 'alice' };

describe('SettingsStore', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-settings-'));
    file = path.join(dir, 'settings.json');
  });

  it('has no last session at first', () => {
    expect(new SettingsStore(file).getLastSession()).toBeNull();
    expect(fs.existsSync(file)).toBe(false);
  });

  it('round-trips the last session through the file', () => {
    new SettingsStore(file).setLastSession(SESSION);
    expect(new SettingsStore(file).getLastSession()).toEqual(SESSION);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ version: 1, lastSession: SESSION, autoSaveDownloads: false, windowBounds: null, hostAtLogin: null });
    new SettingsStore(file).setLastSession(null);
    expect(new SettingsStore(file).getLastSession()).toBeNull();
  });

  it('keeps the auto-save-downloads choice (off by default) beside the last session', () => {
    expect(new SettingsStore(file).getAutoSaveDownloads()).toBe(false);
    new SettingsStore(file).setLastSession(SESSION);
    new SettingsStore(file).setAutoSaveDownloads(true);
    const reopened = new SettingsStore(file);
    expect(reopened.getAutoSaveDownloads()).toBe(true);
    expect(reopened.getLastSession()).toEqual(SESSION);
    // A settings file from before the setting existed reads as off.
    fs.writeFileSync(file, JSON.stringify({ version: 1, lastSession: null }));
    expect(new SettingsStore(file).getAutoSaveDownloads()).toBe(false);
  });

  it('writes atomically: no temporary files are left beside it', () => {
    const store = new SettingsStore(file);
    for (let i = 0; i < 5; i++) store.setLastSession({ ...SESSION, userName: `user${i}` });
    expect(fs.readdirSync(dir)).toEqual(['settings.json']);
    expect(new SettingsStore(file).getLastSession()?.userName).toBe('user4');
  });

  it('creates the folder when needed', () => {
    const nested = path.join(dir, 'a', 'b', 'settings.json');
    new SettingsStore(nested).setLastSession(SESSION);
    expect(new SettingsStore(nested).getLastSession()).toEqual(SESSION);
  });

  it.each([
    ['broken JSON', '{"version": 1, "lastSess'],
    ['the wrong shape', '{"version": 1, "lastSession": {"url": 5}}'],
    ['a future version', '{"version": 2}'],
  ])('sets aside a file with %s and starts from defaults', (_what, content) => {
    fs.writeFileSync(file, content);
    const log: string[] = [];
    const store = new SettingsStore(file, (line) => log.push(line));
    expect(store.getLastSession()).toBeNull();
    expect(fs.readFileSync(`${file}.bad`, 'utf8')).toBe(content);
    expect(log.join('\n')).toContain('settings.json.bad');
    store.setLastSession(SESSION);
    expect(new SettingsStore(file).getLastSession()).toEqual(SESSION);
  });
});
