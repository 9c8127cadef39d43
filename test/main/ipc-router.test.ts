// The one IPC wrapper: sender check, payload schema, { ok, value | error }.
// Driven with a plain fake ipcMain (the router takes it as a parameter).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { invokeChannels, type HostStatus } from '../../src-shared/ipc/ipc-contract.js';
import { isAppUrl } from '../../src-main/app/app-protocol.js';
import { IpcError } from '../../src-shared/ipc/ipc-errors.js';
import { IpcRouter, type EventTarget, type IpcMainLike } from '../../src-main/app/ipc-router.js';

const APP_PAGE = 'app://parley/index.html';

const STATUS: HostStatus = {
  running: true,
  sessionName: 'Office',
  port: 47800,
  urls: ['http://192.168.1.2:47800/'],
  localUrl: 'ws://127.0.0.1:47800/ws',
  passcodeRequired: false,
  identity: null,
};

class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: { senderFrame: { url: string } | null }, ...args: unknown[]) => Promise<unknown>>();
  handle(channel: string, listener: (event: { senderFrame: { url: string } | null }, ...args: unknown[]) => Promise<unknown>): void {
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  invoke(channel: string, senderUrl: string | null, ...args: unknown[]): Promise<unknown> {
    return this.handlers.get(channel)!({ senderFrame: senderUrl === null ? null : { url: senderUrl } }, ...args);
  }
}

describe('IpcRouter', () => {
  let ipcMain: FakeIpcMain;
  let targets: Array<EventTarget & { sent: unknown[][] }>;
  let router: IpcRouter;
  let log: string[];

  beforeEach(() => {
    ipcMain = new FakeIpcMain();
    targets = [];
    log = [];
    router = new IpcRouter({ ipcMain, isTrustedSenderUrl: isAppUrl, eventTargets: () => targets, log: (line) => log.push(line) });
  });

  describe('#ctor', () => {
    it('throws without ipcMain or a sender check', () => {
      expect(() => new IpcRouter({} as never)).toThrow(TypeError);
    });
  });

  describe('#handle', () => {
    it('registers the channel on ipcMain', () => {
      router.handle('host:status', () => STATUS);
      expect([...ipcMain.handlers.keys()]).toEqual(['host:status']);
      expect(router.channels()).toEqual(['host:status']);
    });

    it('throws for a channel outside the contract', () => {
      expect(() => router.handle('files:format-disk' as never, () => null as never)).toThrow(/not an invoke channel/);
    });

    it('throws when a channel is registered twice', () => {
      router.handle('host:status', () => STATUS);
      expect(() => router.handle('host:status', () => STATUS)).toThrow(/already has a handler/);
    });
  });

  describe('requests', () => {
    it('passes a valid payload, parsed by the contract schema, and wraps the result', async () => {
      const handler = vi.fn(async (payload: { sessionName: string; passcode?: string | undefined }) => ({ ...STATUS, sessionName: payload.sessionName }));
      router.handle('host:start', handler);
      const result = await ipcMain.invoke('host:start', APP_PAGE, { sessionName: '  Office  ' });
      expect(result).toEqual({ ok: true, value: STATUS });
      // The schema trims: the handler sees the parsed payload, not the raw one.
      expect(handler).toHaveBeenCalledWith({ sessionName: 'Office' }, { senderUrl: APP_PAGE });
    });

    it('passes payload-less channels', async () => {
      router.handle('host:status', () => STATUS);
      expect(await ipcMain.invoke('host:status', APP_PAGE)).toEqual({ ok: true, value: STATUS });
    });

    it('refuses a bad payload with { ok: false } and a message naming the field', async () => {
      const handler = vi.fn(() => STATUS);
      router.handle('host:start', handler);
      const result = (await ipcMain.invoke('host:start', APP_PAGE, { sessionName: '', passcode: 42 })) as {
        ok: false;
        error: { code: string; message: string };
      };
      expect(result.ok).toBe(false);
      expect(result.error.code).toBe('invalid_payload');
      expect(result.error.message).toMatch(/^host:start refused its payload: /);
      expect(result.error.message).toContain('sessionName');
      expect(result.error.message).toContain('passcode');
      expect(handler).not.toHaveBeenCalled();
    });

    it.each([
      ['a missing payload', []],
      ['a string instead of an object', ['Office']],
      ['two arguments', [{ sessionName: 'a' }, { sessionName: 'b' }]],
      ['an extra payload on a payload-less channel', [{ please: true }]],
    ])('refuses %s', async (_what, args) => {
      router.handle('host:start', () => STATUS);
      router.handle('host:stop', () => ({ ...STATUS, running: false }));
      const channel = _what.includes('payload-less') ? 'host:stop' : 'host:start';
      const result = (await ipcMain.invoke(channel, APP_PAGE, ...args)) as { ok: boolean; error: { code: string } };
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    });

    it.each([
      ['another website', 'https://evil.example/'],
      ['a file:// page', 'file:///home/alice/Downloads/page.html'],
      ['a look-alike host', 'app://parley.evil/index.html'],
      ['a look-alike scheme', 'apps://parley/index.html'],
      ['the host web client in a browser', 'http://127.0.0.1:47800/'],
      ['an unparsable URL', 'not a url'],
    ])('refuses a sender frame from %s', async (_what, url) => {
      const handler = vi.fn(() => STATUS);
      router.handle('host:status', handler);
      expect(await ipcMain.invoke('host:status', url)).toEqual({
        ok: false,
        error: { code: 'forbidden_sender', message: expect.stringContaining("Parley's own window") },
      });
      expect(handler).not.toHaveBeenCalled();
      expect(log.at(-1)).toContain('refused host:status');
    });

    it('refuses a request whose frame is gone (navigated or destroyed)', async () => {
      const handler = vi.fn(() => STATUS);
      router.handle('host:status', handler);
      expect(await ipcMain.invoke('host:status', null)).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
      expect(handler).not.toHaveBeenCalled();
    });

    it('returns an IpcError as its code and message', async () => {
      router.handle('host:start', () => {
        throw new IpcError('host_already_running', 'Already hosting “Office”.');
      });
      expect(await ipcMain.invoke('host:start', APP_PAGE, { sessionName: 'Lab' })).toEqual({
        ok: false,
        error: { code: 'host_already_running', message: 'Already hosting “Office”.' },
      });
    });

    it('never throws across the bridge: an unexpected error becomes code internal', async () => {
      router.handle('host:stop', async () => {
        throw new Error('database is locked');
      });
      const result = await ipcMain.invoke('host:stop', APP_PAGE);
      expect(result).toEqual({ ok: false, error: { code: 'internal', message: 'host:stop failed inside the app: database is locked' } });
      expect(log.join('\n')).toContain('database is locked');
    });

    it('refuses a result outside the contract instead of passing it on', async () => {
      router.handle('host:status', () => ({ running: 'yes' }) as never);
      expect(await ipcMain.invoke('host:status', APP_PAGE)).toMatchObject({ ok: false, error: { code: 'internal' } });
    });
  });

  describe('#send', () => {
    const target = () => {
      const sent: unknown[][] = [];
      return { sent, destroyed: false, send: (...args: unknown[]) => sent.push(args), isDestroyed() { return this.destroyed; } };
    };

    it('sends a contract event to every live window', () => {
      const a = target();
      const b = Object.assign(target(), { destroyed: true });
      targets.push(a, b);
      router.send('app:open-conversation', { conv: 'c:1' });
      expect(a.sent).toEqual([['app:open-conversation', { conv: 'c:1' }]]);
      expect(b.sent).toEqual([]);
    });

    it('drops (and logs) a payload outside the contract', () => {
      const a = target();
      targets.push(a);
      router.send('app:open-conversation', { conv: 7 } as never);
      expect(a.sent).toEqual([]);
      expect(log.at(-1)).toContain('not sending app:open-conversation');
    });
  });

  describe('#dispose', () => {
    it('removes every handler', () => {
      for (const channel of Object.keys(invokeChannels)) {
        router.handle(channel as 'host:status', () => STATUS);
      }
      router.dispose();
      expect(ipcMain.handlers.size).toBe(0);
    });
  });
});
