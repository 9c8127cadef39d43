import { describe, expect, it } from 'vitest';
import { parseAddress } from '../../../src-renderer/session/parse-address.js';

describe('parseAddress', () => {
  it.each([
    ['192.168.1.20:47800', 'wss://192.168.1.20:47800/ws', '192.168.1.20:47800'],
    ['192.168.1.20', 'wss://192.168.1.20:47800/ws', '192.168.1.20:47800'],
    ['  alice-pc.local:5000 ', 'wss://alice-pc.local:5000/ws', 'alice-pc.local:5000'],
    ['http://10.0.0.2:47801/', 'ws://10.0.0.2:47801/ws', '10.0.0.2:47801'],
    ['https://chat.example:8443', 'wss://chat.example:8443/ws', 'chat.example:8443'],
    ['ws://10.0.0.2:47800/ws', 'ws://10.0.0.2:47800/ws', '10.0.0.2:47800'],
    ['[fe80::1]:47800', 'wss://[fe80::1]:47800/ws', '[fe80::1]:47800'],
    ['fe80::1', 'wss://[fe80::1]:47800/ws', '[fe80::1]:47800'],
  ])('%s → %s', (input, url, label) => {
    expect(parseAddress(input)).toEqual({ ok: true, target: { url, label } });
  });

  it.each(['', '   ', 'ftp://host', 'not an address'])('refuses %j with a message', (input) => {
    const result = parseAddress(input);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).not.toBe('');
  });
});
