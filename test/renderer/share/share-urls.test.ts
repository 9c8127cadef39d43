import { describe, expect, it } from 'vitest';
import { qrPath } from '../../../src-renderer/share/QrCode.js';
import { httpUrlForWebSocket, shareUrls } from '../../../src-renderer/share/share-urls.js';

describe('share URLs', () => {
  it('turns the WebSocket URL into the page address', () => {
    expect(httpUrlForWebSocket('ws://192.168.1.20:47800/ws')).toBe('http://192.168.1.20:47800/');
    expect(httpUrlForWebSocket('wss://chat.example/ws')).toBe('https://chat.example/');
    expect(httpUrlForWebSocket('not a url')).toBeNull();
  });

  it('offers the host’s LAN URLs when this app hosts, else the address in use unless it is loopback', () => {
    const hostUrls = ['http://192.168.1.20:47800/', 'http://10.0.0.2:47800/'];
    expect(shareUrls({ hostUrls, hosting: true, sessionUrl: 'ws://127.0.0.1:47800/ws' })).toEqual(hostUrls);
    expect(shareUrls({ hostUrls: [], hosting: false, sessionUrl: 'ws://192.168.1.31:47800/ws' })).toEqual(['http://192.168.1.31:47800/']);
    expect(shareUrls({ hostUrls: [], hosting: false, sessionUrl: 'ws://127.0.0.1:47800/ws' })).toEqual([]);
  });

  it('draws a QR code with a quiet zone as one SVG path', () => {
    const { path, size } = qrPath('http://192.168.1.20:47800/');
    expect(size).toBeGreaterThanOrEqual(21 + 8);
    expect(path).toMatch(/^M\d+ \d+h1v1h-1z/);
  });
});
