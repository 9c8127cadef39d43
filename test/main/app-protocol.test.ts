// app://parley: what the window loads, and what it refuses to serve.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isAppUrl, respondFromDirectory } from '../../src-main/app/app-protocol.js';
import { CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY } from '../../src-main/app/content-security-policy.js';

let root: string;

beforeAll(() => {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-protocol-'));
  root = path.join(parent, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Parley</title>');
  fs.writeFileSync(path.join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  fs.writeFileSync(path.join(parent, 'secret.txt'), 'not for the page');
});

const get = (url: string, method = 'GET') => respondFromDirectory(root, { url, method });

describe('isAppUrl', () => {
  it('accepts the app origin only', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://parley')).toBe(true);
    expect(isAppUrl('app://parley/assets/x.js')).toBe(true);
    for (const url of ['app://other/index.html', 'https://parley/', 'file:///index.html', 'app://x@parley/', 'garbage']) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });
});

describe('respondFromDirectory', () => {
  it('serves index.html with the strict CSP', async () => {
    const response = await get(APP_ENTRY_URL);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('<title>Parley</title>');
    const csp = response.headers.get('content-security-policy');
    expect(csp).toBe(CONTENT_SECURITY_POLICY);
    for (const directive of [
      "default-src 'self'",
      // WebAssembly compilation (libsodium) only: no JS eval, no inline script.
      "script-src 'self' 'wasm-unsafe-eval';",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    // The page connects to its own origin only: the chat socket and files go through main.
    expect(csp).toMatch(/(^|; )connect-src 'self'(;|$)/);
    expect(META_CONTENT_SECURITY_POLICY).toMatch(/(^|; )connect-src 'self'(;|$)/);
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves / as index.html and assets with their type', async () => {
    expect(await (await get('app://parley/')).text()).toContain('Parley');
    const script = await get('app://parley/assets/index-abc.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('answers HEAD without a body', async () => {
    const response = await get(APP_ENTRY_URL, 'HEAD');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it.each([
    'app://parley/%2e%2e/secret.txt',
    'app://parley/..%2fsecret.txt',
    'app://parley/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://parley/missing.js',
    'app://elsewhere/index.html',
  ])('does not serve %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('not for the page');
  });

  it('refuses bad encodings and other methods', async () => {
    expect((await get('app://parley/%E0%A4%A')).status).toBe(400);
    expect((await get('app://parley/index.html%00.js')).status).toBe(400);
    expect((await get(APP_ENTRY_URL, 'POST')).status).toBe(405);
  });
});
