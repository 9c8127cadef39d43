import { describe, expect, it, vi } from 'vitest';
import type { EventChannel, EventPayload, IpcResult, ParleyApi } from '../../../src-shared/ipc/ipc-contract.js';
import { createDesktopPlatform } from '../../../src-renderer/platform/desktop-platform.js';

function fakeParley() {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const ok = <T,>(value: T): Promise<IpcResult<T>> => Promise.resolve({ ok: true, value });
  const invoke = {
    'discovery:status': vi.fn(() => ok({ browsing: true, problem: null, interfaces: [], sessions: [] })),
    'host:start': vi.fn(() => ok({ running: true, sessionName: 'LAN', port: 47800, urls: [], localUrl: 'ws://127.0.0.1:47800/ws', passcodeRequired: false, identity: null })),
    'host:stop': vi.fn(() => ok({ running: false, sessionName: null, port: null, urls: [], localUrl: null, passcodeRequired: false, identity: null })),
    'host:status': vi.fn(() => ok({ running: false, sessionName: null, port: null, urls: [], localUrl: null, passcodeRequired: false, identity: null })),
    'settings:get-last-session': vi.fn(() => ok(null)),
    'settings:set-last-session': vi.fn(() => ok(null)),
    'auth:save-token': vi.fn(() => ok(null)),
    'auth:load-token': vi.fn((): Promise<IpcResult<string | null>> => Promise.resolve({ ok: false, error: { code: 'unavailable', message: 'The keychain is locked.' } })),
    'auth:forget-token': vi.fn(() => ok(null)),
    'app:notify': vi.fn(() => ok(null)),
    'app:set-badge': vi.fn(() => ok(null)),
    'shell:open-external': vi.fn(() => ok(null)),
    'e2e:protection': vi.fn(() => ok('os-keychain')),
    'e2e:load-state': vi.fn((): Promise<IpcResult<unknown>> => Promise.resolve({ ok: false, error: { code: 'key_store', message: 'Could not read the saved DM state: EACCES' } })),
    'e2e:save-state': vi.fn(() => ok(null)),
  };
  const api = {
    kind: 'desktop',
    platform: 'linux',
    invoke,
    on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener as (payload: unknown) => void);
      return () => set.delete(listener as (payload: unknown) => void);
    },
  } as unknown as ParleyApi;
  const emit = (channel: EventChannel, payload: unknown) => listeners.get(channel)?.forEach((l) => l(payload));
  return { api, invoke, emit };
}

describe('desktop platform', () => {
  it('calls the IPC contract’s channels with their payloads', async () => {
    const { api, invoke } = fakeParley();
    const platform = createDesktopPlatform(api);
    await platform.hosting!.start({ sessionName: 'LAN', passcode: 'x' });
    expect(invoke['host:start']).toHaveBeenCalledWith({ sessionName: 'LAN', passcode: 'x' });
    await platform.saveToken('s1', 'tok');
    expect(invoke['auth:save-token']).toHaveBeenCalledWith({ sessionKey: 's1', token: 'tok' });
    platform.notify({ title: 'Bob', body: 'hi', conv: 'dm:1:2' });
    platform.setBadge(4);
    platform.openExternal('https://example.com');
    expect(invoke['app:notify']).toHaveBeenCalledWith({ title: 'Bob', body: 'hi', conv: 'dm:1:2' });
    expect(invoke['app:set-badge']).toHaveBeenCalledWith({ count: 4 });
    expect(invoke['shell:open-external']).toHaveBeenCalledWith({ url: 'https://example.com' });
    expect(platform.opensLinksItself).toBe(true);
    expect(platform.servedSession()).toBeNull();
  });

  it('gives end-to-end DMs a keyring in main (no key store in the page); the state and protection come from main', async () => {
    const { api, invoke } = fakeParley();
    const { e2e } = createDesktopPlatform(api);
    expect(e2e?.keyStore).toBeUndefined();
    expect(typeof e2e?.keyring).toBe('function');
    expect(await e2e!.protection()).toBe('os-keychain');
    await e2e!.stateStore.save('s/1', { v: 1, deviceId: 'd', roster: { people: [] }, guard: [], counters: {}, confirm: [] });
    expect(invoke['e2e:save-state']).toHaveBeenCalledWith({ account: 's/1', state: expect.objectContaining({ deviceId: 'd' }) });
    await expect(e2e!.stateStore.load('s/1')).rejects.toMatchObject({ name: 'E2eError', code: 'key_store', message: expect.stringContaining('EACCES') });
  });

  it('turns a refused invoke into an Error with main’s message', async () => {
    const { api } = fakeParley();
    await expect(createDesktopPlatform(api).loadToken('s1')).rejects.toThrow('The keychain is locked.');
  });

  it('passes main’s events on: discovery changes and clicked notifications', () => {
    const { api, emit } = fakeParley();
    const platform = createDesktopPlatform(api);
    const seen: unknown[] = [];
    platform.discovery!.subscribe((status) => seen.push(status.sessions.length));
    const unsubscribe = platform.onOpenConversation((conv) => seen.push(conv));
    emit('discovery:sessions-changed', { browsing: true, problem: null, interfaces: [], sessions: [] });
    emit('app:open-conversation', { conv: 'ch:4' });
    unsubscribe();
    emit('app:open-conversation', { conv: 'ch:5' });
    expect(seen).toEqual([0, 'ch:4']);
  });
});
