import { describe, expect, it } from 'vitest';
import { cleanChannelName, userNameKey, validateChannelName, validatePassword, validateUserName } from '../../src-shared/names.js';

describe('names', () => {
  describe('userNameKey', () => {
    it('treats case, width and composed forms as the same name', () => {
      expect(userNameKey('Alice')).toBe(userNameKey('ALICE'));
      expect(userNameKey('Ａｌｉｃｅ')).toBe(userNameKey('alice'));
      expect(userNameKey('Jose\u0301')).toBe(userNameKey('José'));
      expect(userNameKey('Straße')).toBe(userNameKey('STRASSE'));
      expect(userNameKey('  Mary   Ann ')).toBe(userNameKey('mary ann'));
    });
    it('keeps different names apart', () => {
      expect(userNameKey('alice')).not.toBe(userNameKey('alicia'));
    });
  });

  describe('validateUserName', () => {
    it('accepts letters of any script, digits, spaces, dot, dash, underscore', () => {
      for (const name of ['Alice', 'Zoë', '李小龙', 'r2-d2', 'Mary Ann', 'j.doe_1']) {
        expect(validateUserName(name)).toEqual({ ok: true, value: name });
      }
    });
    it('says which rule a name breaks', () => {
      expect(validateUserName('a')).toMatchObject({ ok: false, message: expect.stringContaining('at least 2') });
      expect(validateUserName('x'.repeat(33))).toMatchObject({ ok: false, message: expect.stringContaining('at most 32') });
      expect(validateUserName('bob@home')).toMatchObject({ ok: false, message: expect.stringContaining('remove “@”') });
      expect(validateUserName('bo\u200bb')).toMatchObject({ ok: false, message: expect.stringContaining('U+200B') });
      expect(validateUserName('-bob')).toMatchObject({ ok: false, message: expect.stringContaining('start with a letter') });
    });
  });

  it('validatePassword enforces length', () => {
    expect(validatePassword('12345').ok).toBe(false);
    expect(validatePassword('123456').ok).toBe(true);
    expect(validatePassword('x'.repeat(257)).ok).toBe(false);
  });

  describe('channel names', () => {
    it('are cleaned the way people type them', () => {
      expect(cleanChannelName('#Design Team')).toBe('design-team');
      expect(validateChannelName('#Random')).toEqual({ ok: true, value: 'random' });
    });
    it('are refused with the rule they break', () => {
      expect(validateChannelName('#')).toMatchObject({ ok: false, message: 'Give the channel a name.' });
      expect(validateChannelName('a'.repeat(33))).toMatchObject({ ok: false, message: expect.stringContaining('at most 32') });
      expect(validateChannelName('a.b')).toMatchObject({ ok: false, message: expect.stringContaining('remove “.”') });
      expect(validateChannelName('-x')).toMatchObject({ ok: false, message: expect.stringContaining('start with') });
    });
  });
});
