// The preload: window.parley built from the contract, one named function per
// channel, events filtered by name, ipcRenderer never exposed.
import { MessageChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vi } from 'vitest';
import { CHAT_SOCKET_CHANNEL } from '../../src-shared/ipc/chat-socket-port.js';
import { eventChannels, invokeChannels, type ParleyApi } from '../../src-shared/ipc/ipc-contract.js';

vi.mock('electron', () => import('./fake-electron.js'));

const { fake } = await import('./fake-electron.js');

let api: ParleyApi;

type PageMessage = { source: unknown; data: unknown; ports: unknown[] };
/** The page's window as the preload sees it: what the page posts to itself arrives as 'message' events. */
const pageWindow = {
  listeners: [] as Array<(event: PageMessage) => void>,
  addEventListener(type: string, listener: (event: PageMessage) => void) {
    if (type === 'message') pageWindow.listeners.push(listener);
  },
  dispatch(event: PageMessage) {
    for (const listener of pageWindow.listeners) listener(event);
  },
};

beforeAll(async () => {
  fake.reset();
  (globalThis as { window?: unknown }).window = pageWindow;
  await import('../../src-main/app/preload.js');
  api = fake.contextBridge.exposed.get('parley') as ParleyApi;
});

afterAll(() => {
  delete (globalThis as { window?: unknown }).window;
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

  describe('chat socket ports', () => {
    const url = 'wss://192.168.1.20:47800/ws';

    it('forwards a port the page posts to itself, with the URL, to main on the chat socket channel', () => {
      fake.ipcRenderer.posted.length = 0;
      const { port1, port2 } = new MessageChannel();
      pageWindow.dispatch({ source: pageWindow, data: { parley: CHAT_SOCKET_CHANNEL, url }, ports: [port2] });
      expect(fake.ipcRenderer.posted).toEqual([{ channel: CHAT_SOCKET_CHANNEL, message: { url }, transfer: [port2] }]);
      port1.close();
    });

    it('ignores messages from other sources, of other shapes, or without exactly one port', () => {
      fake.ipcRenderer.posted.length = 0;
      const { port1, port2 } = new MessageChannel();
      const good = { parley: CHAT_SOCKET_CHANNEL, url };
      pageWindow.dispatch({ source: {}, data: good, ports: [port2] });
      pageWindow.dispatch({ source: pageWindow, data: good, ports: [] });
      pageWindow.dispatch({ source: pageWindow, data: good, ports: [port1, port2] });
      pageWindow.dispatch({ source: pageWindow, data: { parley: 'something-else', url }, ports: [port2] });
      pageWindow.dispatch({ source: pageWindow, data: { parley: CHAT_SOCKET_CHANNEL, url: 42 }, ports: [port2] });
      pageWindow.dispatch({ source: pageWindow, data: null, ports: [port2] });
      expect(fake.ipcRenderer.posted).toEqual([]);
      port1.close();
    });
  });
});
