// The preload: window.parley built from the contract, one named function per
// channel, events filtered by name, ipcRenderer never exposed.
import { beforeAll, describe, expect, it } from 'vitest';
import { vi } from 'vitest';
import { eventChannels, invokeChannels, type ParleyApi } from '../../src-shared/ipc/ipc-contract.js';

vi.mock('electron', () => import('./fake-electron.js'));

const { fake } = await import('./fake-electron.js');

let api: ParleyApi;

beforeAll(async () => {
  fake.reset();
  await import('../../src-main/app/preload.js');
  api = fake.contextBridge.exposed.get('parley') as ParleyApi;
});

describe('preload', () => {
  it('exposes window.parley and nothing else', () => {
    expect([...fake.contextBridge.exposed.keys()]).toEqual(['parley']);
    expect(api.kind).toBe('desktop');
    expect(api.platform).toBe(process.platform);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'kind', 'on', 'pathForFile', 'platform']);
  });

  it('has exactly one function per invoke channel of the contract', () => {
    expect(Object.keys(api.invoke).sort()).toEqual(Object.keys(invokeChannels).sort());
    for (const fn of Object.values(api.invoke)) expect(typeof fn).toBe('function');
    expect(Object.isFrozen(api.invoke)).toBe(true);
  });

  it('each function invokes its own channel with one payload argument', async () => {
    fake.ipcRenderer.invoked.length = 0;
    await api.invoke['host:start']({ sessionName: 'Office' });
    await api.invoke['host:status']();
    await (api.invoke['auth:load-token'] as (...args: unknown[]) => Promise<unknown>)({ sessionKey: 'k' }, 'smuggled', 'args');
    expect(fake.ipcRenderer.invoked).toEqual([
      { channel: 'host:start', args: [{ sessionName: 'Office' }] },
      { channel: 'host:status', args: [undefined] },
      { channel: 'auth:load-token', args: [{ sessionKey: 'k' }] },
    ]);
  });

  it('does not expose ipcRenderer or anything that reaches it', () => {
    const seen = new Set<unknown>();
    const walk = (value: unknown) => {
      if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) return;
      seen.add(value);
      expect(value).not.toBe(fake.ipcRenderer);
      for (const key of Object.keys(value as object)) walk((value as Record<string, unknown>)[key]);
    };
    walk(api);
  });

  it('on() subscribes to contract events and hands the listener only the payload', () => {
    const received: unknown[][] = [];
    const off = api.on('app:open-conversation', (...args: unknown[]) => received.push(args));
    fake.ipcRenderer.emit('app:open-conversation', { sender: fake.ipcRenderer }, { conv: 'c:1' });
    expect(received).toEqual([[{ conv: 'c:1' }]]);
    off();
    fake.ipcRenderer.emit('app:open-conversation', { sender: fake.ipcRenderer }, { conv: 'c:2' });
    expect(received).toHaveLength(1);
    expect(fake.ipcRenderer.listenerCount('app:open-conversation')).toBe(0);
  });

  it('on() accepts every event channel of the contract', () => {
    for (const channel of Object.keys(eventChannels) as Array<keyof typeof eventChannels>) {
      const off = api.on(channel, () => {});
      expect(fake.ipcRenderer.listenerCount(channel)).toBe(1);
      off();
    }
  });

  it('pathForFile() gives a dropped file\'s path through webUtils, and \'\' when it has none', () => {
    expect(api.pathForFile({ path: '/home/a/photo.jpg' })).toBe('/home/a/photo.jpg');
    expect(api.pathForFile({})).toBe('');
  });

  it('on() refuses channels outside the contract', () => {
    for (const channel of ['ELECTRON_BROWSER_REQUIRE', 'host:start', '__proto__', 'toString']) {
      expect(() => api.on(channel as never, () => {}), channel).toThrow(/not an event channel/);
    }
    expect(() => api.on('app:open-conversation', 'not a function' as never)).toThrow(TypeError);
  });
});
