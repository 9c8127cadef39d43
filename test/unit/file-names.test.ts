import { describe, expect, it } from 'vitest';
import { numberedFileName, sanitizeFileName } from '../../src-shared/file-names.js';
import { FILE_NAME_MAX_BYTES } from '../../src-shared/limits.js';

const bytes = (s: string) => new TextEncoder().encode(s).length;

describe('sanitizeFileName', () => {
  it('keeps ordinary names', () => {
    expect(sanitizeFileName('Quarterly report.pdf')).toBe('Quarterly report.pdf');
    expect(sanitizeFileName('фото 2026.jpg')).toBe('фото 2026.jpg');
  });

  it('never returns a path', () => {
    expect(sanitizeFileName('../../x')).toBe('x');
    expect(sanitizeFileName('a/b')).toBe('b');
    expect(sanitizeFileName('C:\\Windows\\system32\\evil.dll')).toBe('evil.dll');
    expect(sanitizeFileName('..')).toBe('file');
    expect(sanitizeFileName('/')).toBe('file');
    expect(sanitizeFileName('')).toBe('file');
  });

  it('defuses Windows reserved names, with or without an extension', () => {
    expect(sanitizeFileName('CON')).toBe('_CON');
    expect(sanitizeFileName('con.txt')).toBe('_con.txt');
    expect(sanitizeFileName('LPT9.log')).toBe('_LPT9.log');
    expect(sanitizeFileName('CONSOLE.txt')).toBe('CONSOLE.txt');
  });

  it('replaces control characters, forbidden characters and bidi overrides', () => {
    expect(sanitizeFileName('a\u0000b\u001fc\u007f.txt')).toBe('a_b_c_.txt');
    expect(sanitizeFileName('what?<now>|"*:.txt')).toBe('what__now_____.txt');
    expect(sanitizeFileName('evil\u202etxt.exe')).toBe('evil_txt.exe');
    expect(sanitizeFileName('trailing. . ')).toBe('trailing');
  });

  it('shortens over-long names to the byte limit, keeping the extension', () => {
    const long = sanitizeFileName(`${'a'.repeat(300)}.tar.gz`);
    expect(bytes(long)).toBeLessThanOrEqual(FILE_NAME_MAX_BYTES);
    expect(long.endsWith('.gz')).toBe(true);
    const wide = sanitizeFileName(`${'界'.repeat(300)}.txt`);
    expect(bytes(wide)).toBeLessThanOrEqual(FILE_NAME_MAX_BYTES);
    expect(wide.endsWith('界.txt')).toBe(true);
  });
});

describe('numberedFileName', () => {
  it('numbers before the extension and stays within the limit', () => {
    expect(numberedFileName('report.pdf', 2)).toBe('report (2).pdf');
    expect(numberedFileName('README', 1)).toBe('README (1)');
    expect(bytes(numberedFileName(sanitizeFileName(`${'b'.repeat(300)}.txt`), 12))).toBeLessThanOrEqual(FILE_NAME_MAX_BYTES);
  });
});
