import { describe, expect, it, vi } from 'vitest';
import { safeExternalUrl, safeOpenUrl } from '../../src-main/app/safe-open-url.js';

describe('safeExternalUrl', () => {
  it.each([
    ['https://example.com/a?b=c#d', 'https://example.com/a?b=c#d'],
    ['http://192.168.1.20:47800/', 'http://192.168.1.20:47800/'],
    ['HTTPS://Example.COM', 'https://example.com/'],
    ['mailto:alice@example.com', 'mailto:alice@example.com'],
  ])('allows %s', (raw, expected) => {
    expect(safeExternalUrl(raw)).toBe(expected);
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox',
    'smb://server/share',
    'ms-msdt:/id PCWDiagnostic',
    'app://parley/index.html',
    'https://bank.example@evil.example/',
    'https://user:pw@example.com/',
    'mailto:',
    'not a url',
    '',
    'https://example.com/' + 'x'.repeat(5000),
  ])('refuses %s', (raw) => {
    expect(safeExternalUrl(raw)).toBeNull();
  });

  it('refuses non-strings', () => {
    expect(safeExternalUrl(undefined)).toBeNull();
    expect(safeExternalUrl({ href: 'https://example.com' })).toBeNull();
  });
});

describe('safeOpenUrl', () => {
  it('opens an allowed link with the normalised URL', async () => {
    const open = vi.fn(async () => {});
    expect(await safeOpenUrl('https://EXAMPLE.com', open)).toBe(true);
    expect(open).toHaveBeenCalledWith('https://example.com/');
  });

  it('never calls openExternal for a refused link', async () => {
    const open = vi.fn(async () => {});
    expect(await safeOpenUrl('file:///C:/Windows/System32/calc.exe', open)).toBe(false);
    expect(await safeOpenUrl('javascript:void(0)', open)).toBe(false);
    expect(open).not.toHaveBeenCalled();
  });
});
