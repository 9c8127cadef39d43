import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWebPlatform, webSocketUrlFor } from '../../../src-renderer/platform/web-platform.js';

beforeEach(() => localStorage.clear());
afterEach(() => vi.unstubAllGlobals());

describe('web platform', () => {
  it('derives the WebSocket URL from the page address', () => {
    expect(webSocketUrlFor({ protocol: 'http:', host: '192.168.1.20:47800' })).toBe('ws://192.168.1.20:47800/ws');
    expect(webSocketUrlFor({ protocol: 'https:', host: 'chat.example' })).toBe('wss://chat.example/ws');
    const platform = createWebPlatform({ location: { protocol: 'http:', host: '10.0.0.2:47800', search: '' } });
    expect(platform.servedSession()).toEqual({ url: 'ws://10.0.0.2:47800/ws', label: '10.0.0.2:47800' });
    expect(platform.discovery).toBeNull();
    expect(platform.hosting).toBeNull();
  });

  it('lets ?host= name the session (development from the Vite server)', () => {
    const platform = createWebPlatform({ location: { protocol: 'http:', host: 'localhost:5173', search: '?host=127.0.0.1:47800' } });
    expect(platform.servedSession()).toEqual({ url: 'ws://127.0.0.1:47800/ws', label: '127.0.0.1:47800' });
  });

  it('keeps tokens and the last session in localStorage', async () => {
    const platform = createWebPlatform();
    await platform.saveToken('s1', 'tok');
    expect(await platform.loadToken('s1')).toBe('tok');
    await platform.forgetToken('s1');
    expect(await platform.loadToken('s1')).toBeNull();
    await platform.setLastSession({ url: 'ws://x/ws', sessionId: 's1', sessionName: 'Office', userName: 'Alice' });
    expect(await createWebPlatform().getLastSession()).toMatchObject({ userName: 'Alice' });
  });

  it('shows the badge in the page title', () => {
    const platform = createWebPlatform();
    platform.setBadge(3);
    expect(document.title).toBe('(3) Parley');
    platform.setBadge(0);
    expect(document.title).toBe('Parley');
  });

  it('notifies through the Notification API once permitted, and a click opens the conversation', () => {
    const created: Array<{ title: string; options: NotificationOptions; onclick: (() => void) | null; close: () => void }> = [];
    class FakeNotification {
      static permission = 'granted';
      static requestPermission = vi.fn(async () => 'granted');
      onclick: (() => void) | null = null;
      close = vi.fn();
      constructor(title: string, options: NotificationOptions) {
        created.push(Object.assign(this, { title, options }));
      }
    }
    vi.stubGlobal('Notification', FakeNotification);
    const platform = createWebPlatform();
    const opened: string[] = [];
    platform.onOpenConversation((conv) => opened.push(conv));
    platform.notify({ title: 'Bob', body: 'psst', conv: 'dm:1:2' });
    expect(created[0]).toMatchObject({ title: 'Bob', options: { body: 'psst', tag: 'dm:1:2' } });
    created[0]!.onclick!();
    expect(opened).toEqual(['dm:1:2']);
  });

  it('asks for notification permission only while it is undecided, and says what the browser answered', async () => {
    const requestPermission = vi.fn(async () => 'granted');
    vi.stubGlobal('Notification', { permission: 'default', requestPermission });
    expect(createWebPlatform().notificationAccess()).toBe('default');
    expect(await createWebPlatform().requestNotificationAccess()).toBe('granted');
    expect(requestPermission).toHaveBeenCalledTimes(1);
    vi.stubGlobal('Notification', { permission: 'denied', requestPermission });
    expect(await createWebPlatform().requestNotificationAccess()).toBe('denied');
    expect(requestPermission).toHaveBeenCalledTimes(1);
    vi.stubGlobal('Notification', undefined);
    expect(createWebPlatform().notificationAccess()).toBe('unsupported');
  });

  it('keeps notification levels per session and person, ignoring malformed entries', () => {
    const platform = createWebPlatform();
    platform.saveNotifyLevels('s1', 1, { 'ch:2': 'all', 'dm:1:2': 'none' });
    expect(platform.loadNotifyLevels('s1', 1)).toEqual({ 'ch:2': 'all', 'dm:1:2': 'none' });
    expect(platform.loadNotifyLevels('s1', 2)).toEqual({});
    localStorage.setItem('parley.notifyLevels.s1.3', JSON.stringify({ 'ch:2': 'loud', 'ch:3': 'mentions' }));
    expect(platform.loadNotifyLevels('s1', 3)).toEqual({ 'ch:3': 'mentions' });
    localStorage.setItem('parley.notifyLevels.s1.4', '{not json');
    expect(platform.loadNotifyLevels('s1', 4)).toEqual({});
  });

  it('opens external links in a new tab without an opener', () => {
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    createWebPlatform().openExternal('https://example.com');
    expect(open).toHaveBeenCalledWith('https://example.com', '_blank', 'noopener,noreferrer');
  });
});
