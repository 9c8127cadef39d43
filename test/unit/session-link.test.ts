import { describe, expect, it } from 'vitest';
import { buildSessionLink, parseSessionLinkFragment } from '../../src-shared/session-link.js';

const FP = '3f2a9c017b44d0e81a6c5b2e0f9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d';

describe('session link', () => {
  describe('buildSessionLink', () => {
    it('puts the identity in the fragment of the page address', () => {
      expect(buildSessionLink('https://192.168.1.20:47800/', FP)).toBe(`https://192.168.1.20:47800/#fp=${FP}`);
      expect(buildSessionLink('https://[fe80::1]:47800/#old', FP)).toBe(`https://[fe80::1]:47800/#fp=${FP}`);
    });

    it('refuses what is not a fingerprint or not a page address', () => {
      expect(() => buildSessionLink('https://192.168.1.20:47800/', FP.slice(0, 20))).toThrow(TypeError);
      expect(() => buildSessionLink('https://192.168.1.20:47800/', FP.toUpperCase())).toThrow(TypeError);
      expect(() => buildSessionLink('wss://192.168.1.20:47800/ws', FP)).toThrow(TypeError);
    });
  });

  describe('parseSessionLinkFragment', () => {
    it('reads back what buildSessionLink wrote', () => {
      const link = new URL(buildSessionLink('https://10.0.0.2:47801/', FP));
      expect(parseSessionLinkFragment(link.hash)).toEqual({ kind: 'link', fingerprint: FP });
    });

    it('accepts upper case and other keys beside fp', () => {
      expect(parseSessionLinkFragment(`#x=1&fp=${FP.toUpperCase()}`)).toEqual({ kind: 'link', fingerprint: FP });
    });

    it.each(['', '#', '#top', '#x=1'])('finds no identity in %j', (hash) => {
      expect(parseSessionLinkFragment(hash)).toEqual({ kind: 'none' });
    });

    it.each([`#fp=${FP.slice(0, 40)}`, '#fp=', `#fp=${FP}0`, `#fp=${FP.replace('3', 'g')}`])('explains a damaged identity in %j', (hash) => {
      const parsed = parseSessionLinkFragment(hash);
      expect(parsed.kind).toBe('invalid');
      expect(parsed.kind === 'invalid' && parsed.message).toMatch(/copy the whole link/);
    });
  });
});
