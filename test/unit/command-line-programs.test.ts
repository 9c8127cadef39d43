// Argument parsing, default folders, host addresses and line formats of the
// two command-line programs (the programs themselves: integration/cli-processes).
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src-main/cli/command-line.js';
import { appDataDir, defaultSessionDir } from '../../src-main/host/app-data-dir.js';
import { hostBanner, shareLink } from '../../src-main/cli/host-banner.js';
import { parseHostArgs } from '../../src-main/cli/host-cli-args.js';
import { parseChatArgs } from '../../src-main/cli/chat-cli-args.js';
import { chatSocketUrl, HostAddressError } from '../../src-main/terminal/host-address.js';
import { clock, formatMessage, printable } from '../../src-main/terminal/message-format.js';
import type { Message } from '../../src-shared/protocol/frames.js';

describe('defaultSessionDir', () => {
  it('follows each platform’s convention', () => {
    expect(defaultSessionDir({ platform: 'linux', env: {}, home: '/home/ann' })).toBe('/home/ann/.local/share/parley/session');
    expect(defaultSessionDir({ platform: 'linux', env: { XDG_DATA_HOME: '/data' }, home: '/home/ann' })).toBe('/data/parley/session');
    expect(appDataDir({ platform: 'linux', env: { XDG_DATA_HOME: 'relative' }, home: '/home/ann' })).toBe('/home/ann/.local/share/parley');
    expect(defaultSessionDir({ platform: 'darwin', env: {}, home: '/Users/ann' })).toBe('/Users/ann/Library/Application Support/Parley/session');
    expect(defaultSessionDir({ platform: 'win32', env: { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, home: 'C:\\Users\\ann' })).toBe(
      'C:\\Users\\ann\\AppData\\Roaming\\Parley\\session',
    );
    expect(defaultSessionDir({ platform: 'win32', env: {}, home: 'C:\\Users\\ann' })).toBe('C:\\Users\\ann\\AppData\\Roaming\\Parley\\session');
  });
});

describe('parseHostArgs', () => {
  it('uses the defaults and falls back to the next port only when none was given', () => {
    expect(parseHostArgs([], '/d')).toEqual({ kind: 'run', options: { port: 47800, portFallback: true, dataDir: '/d' } });
    expect(parseHostArgs(['--port', '0', '--data-dir', '/x', '--name', ' Lab ', '--passcode', 'pc', '--bind', '::1'], '/d')).toEqual({
      kind: 'run',
      options: { port: 0, portFallback: false, dataDir: '/x', sessionName: 'Lab', passcode: 'pc', bindAddress: '::1' },
    });
    expect(parseHostArgs(['--help'], '/d')).toEqual({ kind: 'help' });
  });

  it('refuses what cannot be run, saying what to change', () => {
    const reason = (args: string[]) => {
      try {
        parseHostArgs(args, '/d');
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(reason(['--port', '65536'])).toMatch(/--port must be a whole number from 0 to 65535/);
    expect(reason(['--port', '-1'])).toMatch(/--port/);
    expect(reason(['--name', ''])).toMatch(/--name must be 1–64 characters/);
    expect(reason(['--name', 'x'.repeat(65)])).toMatch(/--name/);
    expect(reason(['--passcode', ''])).toMatch(/--passcode must be/);
    expect(reason(['--bind', 'localhost'])).toMatch(/--bind takes an IP address/);
    expect(reason(['--verbose'])).toBe('Unknown option --verbose. Run with --help to see the options.');
    expect(reason(['--help=yes'])).toBe('--help takes no value; write it on its own.');
    expect(reason(['--max-file-size', 'big'])).toMatch(/--max-file-size takes a size such as 500M/);
    expect(reason(['--max-file-size', '0'])).toMatch(/--max-file-size/);
    expect(reason(['--file-retention-days', '0'])).toMatch(/--file-retention-days takes a number of days/);
    expect(reason(['--file-retention-days', 'week'])).toMatch(/--file-retention-days/);
  });

  it('reads the file options: sizes with binary units, retention in days', () => {
    const options = (args: string[]) => { const command = parseHostArgs(args, "/d"); return command.kind === "run" ? command.options : null; };
    expect(options(['--max-file-size', '500M'])).toMatchObject({ maxFileBytes: 500 * 1024 ** 2 });
    expect(options(['--max-file-size', '2G'])).toMatchObject({ maxFileBytes: 2 * 1024 ** 3 });
    expect(options(['--max-file-size', '1.5GiB'])).toMatchObject({ maxFileBytes: 1.5 * 1024 ** 3 });
    expect(options(['--max-file-size', '4096'])).toMatchObject({ maxFileBytes: 4096 });
    expect(options(['--file-retention-days', '7'])).toMatchObject({ fileRetentionDays: 7 });
  });

  it('--take-over: the address, and --name/--password as the admin who takes it', () => {
    const env = {};
    expect(parseHostArgs(['--take-over', '10.0.0.5:47800', '--name', 'ann', '--password', 'pw-123456', '--data-dir', '/new'], '/d', env)).toEqual({
      kind: 'run',
      options: { port: 47800, portFallback: true, dataDir: '/new' },
      takeOver: { url: 'wss://10.0.0.5:47800/ws', name: 'ann', password: 'pw-123456' },
    });
    expect(parseHostArgs(['--take-over', '10.0.0.5', '--name', 'ann', '--passcode', 'door'], '/d', { PARLEY_PASSWORD: 'from-env' })).toMatchObject({
      takeOver: { name: 'ann', password: 'from-env', passcode: 'door' },
    });
    const reason = (args: string[]) => {
      try {
        parseHostArgs(args, '/d', env);
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(reason(['--take-over', '10.0.0.5:47800', '--password', 'pw'])).toMatch(/--take-over needs your name/);
    expect(reason(['--take-over', '10.0.0.5:47800', '--name', 'ann'])).toMatch(/--take-over needs your password/);
    expect(reason(['--take-over', 'http://10.0.0.5:47800', '--name', 'ann', '--password', 'pw'])).toMatch(/served over TLS/);
    expect(reason(['--take-over', '10.0.0.5:99999', '--name', 'ann', '--password', 'pw'])).toMatch(/--take-over: .*valid port/);
    expect(reason(['--take-over', '10.0.0.5', '--name', 'ann', '--password', 'pw', '--plain'])).toMatch(/--plain does not go with --take-over/);
    expect(reason(['--password', 'pw'])).toMatch(/go with --take-over/);
  });

  it('serves source maps only with --dev', () => {
    const command = (args: string[]) => parseHostArgs(args, '/d');
    expect(command(['--dev'])).toMatchObject({ kind: 'run', options: { dev: true } });
    expect(command([])).not.toHaveProperty('options.dev');
  });
});

describe('hostBanner', () => {
  const fingerprint = '3f2a9c017b44d0e81a6c'.padEnd(64, '5');
  const base = { sessionName: 'Lab', dataDir: '/d', port: 4000, passcodeRequired: false, lanAddresses: ['192.168.1.5', 'fd00::5'], identity: { fingerprint, code: '3F2A 9C01 7B44 D0E8 1A6C' } };
  it('lists localhost and every LAN address when listening everywhere, and the session code', () => {
    const text = hostBanner({ ...base, bindAddress: undefined }).join('\n');
    expect(text).toContain('  https://localhost:4000/\n  https://192.168.1.5:4000/\n  https://[fd00::5]:4000/');
    expect(text).toContain('npm run chat -- 192.168.1.5:4000 --name NAME --password PW --fingerprint "3F2A 9C01 7B44 D0E8 1A6C"\n');
    expect(text).toContain('Session code: 3F2A 9C01 7B44 D0E8 1A6C');
    expect(text).toContain(`Fingerprint: ${fingerprint}`);
  });
  it('says plainly that a --plain host can be read by anyone', () => {
    const text = hostBanner({ ...base, bindAddress: undefined, identity: null }).join('\n');
    expect(text).toContain('  http://localhost:4000/');
    expect(text).toMatch(/WARNING: plain connections .* anyone on this network can read passwords and messages/);
    expect(text).toContain('npm run chat -- 192.168.1.5:4000 --name NAME --password PW\n');
  });
  it('lists only the bound address otherwise', () => {
    const text = hostBanner({ ...base, bindAddress: '::1', passcodeRequired: true }).join('\n');
    expect(text).toContain('  https://[::1]:4000/\n');
    expect(text).not.toContain('192.168.1.5');
    expect(text).toContain('npm run chat -- [::1]:4000 --name NAME --password PW --passcode PASSCODE --fingerprint "3F2A 9C01 7B44 D0E8 1A6C"');
  });
});

describe('shareLink', () => {
  const fingerprint = '3f2a9c017b44d0e81a6c'.padEnd(64, '5');
  const base = { sessionName: 'Lab', dataDir: '/d', port: 4000, passcodeRequired: false, lanAddresses: ['192.168.1.5', 'fd00::5'], identity: { fingerprint, code: '3F2A 9C01 7B44 D0E8 1A6C' } };
  it('is the first LAN address with the session identity in the fragment, printed with the QR code under it', () => {
    const input = { ...base, bindAddress: undefined, shareQr: 'QR line 1\nQR line 2\n' };
    expect(shareLink(input)).toBe(`https://192.168.1.5:4000/#fp=${fingerprint}`);
    expect(hostBanner(input).join('\n')).toContain(`  https://192.168.1.5:4000/#fp=${fingerprint}\nQR line 1\nQR line 2\nJoin from a terminal:`);
  });
  it('is the bound address, in brackets for IPv6, and a plain http address for a --plain host', () => {
    expect(shareLink({ ...base, bindAddress: 'fd00::5' })).toBe(`https://[fd00::5]:4000/#fp=${fingerprint}`);
    expect(shareLink({ ...base, bindAddress: undefined, identity: null })).toBe('http://192.168.1.5:4000/');
  });
  it('is left out when only this machine can join: no LAN address, or bound to loopback', () => {
    for (const input of [{ ...base, bindAddress: undefined, lanAddresses: [] }, { ...base, bindAddress: '127.0.0.1' }, { ...base, bindAddress: '::1' }]) {
      expect(shareLink(input)).toBeNull();
      expect(hostBanner({ ...input, shareQr: 'QR' }).join('\n')).not.toMatch(/Share link|QR/);
    }
  });
});

describe('chatSocketUrl', () => {
  it.each([
    ['192.168.1.20:47801', 'wss://192.168.1.20:47801/ws'],
    ['myhost.local', 'wss://myhost.local:47800/ws'],
    ['[::1]:5000', 'wss://[::1]:5000/ws'],
    ['[::1]', 'wss://[::1]:47800/ws'],
    ['::1', 'wss://[::1]:47800/ws'],
    ['ws://10.0.0.2:5000/ws', 'ws://10.0.0.2:5000/ws'],
    ['http://10.0.0.2:5000/', 'ws://10.0.0.2:5000/ws'],
    ['http://10.0.0.2', 'ws://10.0.0.2:47800/ws'],
    ['https://chat.example.org', 'wss://chat.example.org/ws'],
    ['  host:1  ', 'wss://host:1/ws'],
  ])('%s → %s', (typed, url) => {
    expect(chatSocketUrl(typed)).toBe(url);
  });

  it.each(['', 'host:0', 'host:70000', 'host:http', 'ftp://host', 'two words', '[::1]:x'])('refuses “%s”', (typed) => {
    expect(() => chatSocketUrl(typed)).toThrow(HostAddressError);
  });
});

describe('parseChatArgs', () => {
  it('reads the address, name, password and passcode', () => {
    expect(parseChatArgs(['10.0.0.2:5000', '--name', ' Ann ', '--password', 'pw-123456', '--passcode', 'pc'])).toEqual({
      kind: 'run',
      options: { url: 'wss://10.0.0.2:5000/ws', name: 'Ann', password: 'pw-123456', passcode: 'pc', forget: false, discovery: true },
    });
  });
  it('--no-discovery: only retry the address when the host stops answering', () => {
    const command = parseChatArgs(['10.0.0.2:5000', '--name', 'Ann', '--password', 'pw-123456', '--no-discovery']);
    expect(command.kind === 'run' && command.options.discovery).toBe(false);
  });
  it('takes the password from PARLEY_PASSWORD when --password is left out', () => {
    const command = parseChatArgs(['h', '--name', 'Ann'], { PARLEY_PASSWORD: 'from-env' });
    expect(command.kind === 'run' && command.options.password).toBe('from-env');
  });
  it('expects the session a share link names, as --fingerprint does', () => {
    const fingerprint = '3f2a9c017b44d0e81a6c'.padEnd(64, '5');
    const link = `https://192.168.1.5:4000/#fp=${fingerprint}`;
    const command = parseChatArgs([link, '--name', 'Ann', '--password', 'pw-123456']);
    expect(command.kind === 'run' && command.options).toMatchObject({ url: 'wss://192.168.1.5:4000/ws', expected: { kind: 'fingerprint', fingerprint } });
    // With a --fingerprint that agrees (the code or the whole), the link's whole fingerprint is expected.
    const both = parseChatArgs([link, '--name', 'Ann', '--password', 'pw-123456', '--fingerprint', '3F2A 9C01 7B44 D0E8 1A6C']);
    expect(both.kind === 'run' && both.options.expected).toEqual({ kind: 'fingerprint', fingerprint });
    // An address without a fragment expects nothing in particular.
    const plain = parseChatArgs(['https://192.168.1.5:4000/', '--name', 'Ann', '--password', 'pw-123456']);
    expect(plain.kind === 'run' && plain.options.expected).toBeUndefined();
  });
  it('refuses a share link cut short, one for another session than --fingerprint, and one on http://', () => {
    const fingerprint = '3f2a9c017b44d0e81a6c'.padEnd(64, '5');
    const args = ['--name', 'Ann', '--password', 'pw-123456'];
    expect(() => parseChatArgs([`https://192.168.1.5:4000/#fp=${fingerprint.slice(0, 40)}`, ...args])).toThrow(/not complete — copy the whole link again/);
    expect(() => parseChatArgs([`https://192.168.1.5:4000/#fp=${fingerprint}`, ...args, '--fingerprint', 'AAAA BBBB CCCC DDDD EEEE'])).toThrow(
      /The link is for session 3F2A 9C01 7B44 D0E8 1A6C, but --fingerprint names another/,
    );
    expect(() => parseChatArgs([`http://192.168.1.5:4000/#fp=${fingerprint}`, ...args])).toThrow(/not https:\/\//);
  });
  it('refuses what cannot be run, saying what to change', () => {
    expect(() => parseChatArgs(['--name', 'Ann', '--password', 'x'])).toThrow(/Give the host's address first/);
    expect(() => parseChatArgs(['a', 'b', '--name', 'Ann', '--password', 'x'])).toThrow(/Give one host address/);
    expect(() => parseChatArgs(['h', '--password', 'x'])).toThrow(/--name NAME/);
    expect(() => parseChatArgs(['h', '--name', '!!', '--password', 'x'])).toThrow(/--name: Names/);
    expect(() => parseChatArgs(['h', '--name', 'Ann'])).toThrow(/--password/);
    expect(() => parseChatArgs(['h:0', '--name', 'Ann', '--password', 'x'])).toThrow(UsageError);
  });
});

describe('message lines', () => {
  const names = { me: 1, userName: (id: number) => ({ 1: 'Ann', 2: 'Bob' })[id] ?? '?', channelName: (id: number) => (id === 1 ? 'general' : 'ops') };
  const at = new Date(2024, 2, 5, 9, 7).getTime();
  const message = (over: Partial<Message>): Message => ({ seq: 1, conv: 'ch:1', from: 2, fromName: 'Bob', clientMsgId: null, kind: 'text', text: 'hi', ts: at, ...over });

  it('shows where, who and what', () => {
    expect(formatMessage(message({}), names, at)).toBe('[09:07] #general <Bob> hi');
    expect(formatMessage(message({ conv: 'ch:2', kind: 'join', text: '' }), names, at)).toBe('[09:07] #ops * Bob joined');
    expect(formatMessage(message({ kind: 'leave', text: '' }), names, at)).toBe('[09:07] #general * Bob left');
    expect(formatMessage(message({ conv: 'dm:1:2', text: 'psst' }), names, at)).toBe('[09:07] DM Bob → you: psst');
    expect(formatMessage(message({ conv: 'dm:1:2', from: 1, fromName: 'Ann', text: 'yes?' }), names, at)).toBe('[09:07] DM you → Bob: yes?');
  });

  it('dates lines from another day', () => {
    expect(clock(at, at + 24 * 3600 * 1000)).toBe('2024-03-05 09:07');
  });

  it('neutralises terminal control sequences and indents extra lines', () => {
    expect(printable('\u001b[2J\u001b]0;pwned\u0007ok\tfine')).toBe('\uFFFD[2J\uFFFD]0;pwned\uFFFDok\tfine');
    expect(formatMessage(message({ text: 'one\ntwo' }), names, at)).toBe('[09:07] #general <Bob> one\n    two');
  });
});
