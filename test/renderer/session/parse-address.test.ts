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

  const FP = '3f2a9c017b44d0e81a6c5b2e0f9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d';

  it('takes a share link: the identity in its fragment is what the person expects', () => {
    expect(parseAddress(`https://192.168.1.20:47800/#fp=${FP}`)).toEqual({
      ok: true,
      target: { url: 'wss://192.168.1.20:47800/ws', label: '192.168.1.20:47800', expected: FP, expectedFrom: 'person' },
    });
  });

  it('refuses a link cut short, naming the address field', () => {
    expect(parseAddress(`https://192.168.1.20:47800/#fp=${FP.slice(0, 30)}`)).toMatchObject({ ok: false, field: 'address', message: expect.stringMatching(/whole link/) });
  });

  it('takes a typed session code in any spacing and case', () => {
    expect(parseAddress('192.168.1.20', { code: '3f2a-9c01 7b44:d0e8 1a6c' })).toEqual({
      ok: true,
      target: { url: 'wss://192.168.1.20:47800/ws', label: '192.168.1.20:47800', expected: '3F2A 9C01 7B44 D0E8 1A6C', expectedFrom: 'person' },
    });
    expect(parseAddress('192.168.1.20', { code: '   ' })).toEqual({ ok: true, target: { url: 'wss://192.168.1.20:47800/ws', label: '192.168.1.20:47800' } });
  });

  it.each(['3F2A 9C01', 'not a code', '3F2A 9C01 7B44 D0E8 1A6G'])('refuses the code %j with the format, naming the code field', (code) => {
    expect(parseAddress('192.168.1.20', { code })).toMatchObject({ ok: false, field: 'code', message: expect.stringMatching(/20 letters and digits/) });
  });

  it('refuses a typed code that contradicts the link', () => {
    expect(parseAddress(`https://192.168.1.20:47800/#fp=${FP}`, { code: 'AAAA AAAA AAAA AAAA AAAA' })).toMatchObject({ ok: false, field: 'code' });
    expect(parseAddress(`https://192.168.1.20:47800/#fp=${FP}`, { code: '3F2A 9C01 7B44 D0E8 1A6C' })).toMatchObject({ ok: true, target: { expected: FP } });
  });

  it.each(['', '   ', 'ftp://host', 'not an address'])('refuses %j with a message', (input) => {
    const result = parseAddress(input);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).not.toBe('');
  });
});
