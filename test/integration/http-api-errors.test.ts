// What a client that asks the host for an API it does not serve gets back:
// the {code, message} JSON every other HTTP refusal uses (PROTOCOL.md "HTTP
// errors"), so an app can show the sentence instead of a bare 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlainHost, type Harness } from '../helpers/host-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startPlainHost();
});
afterAll(() => h.stop());

describe('the host’s /api/ paths', () => {
  it('answer an unknown path with api_not_found and a sentence that says what to do', async () => {
    const res = await fetch(`${h.httpBase}/api/does-not-exist`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toEqual({ code: 'api_not_found', message: expect.stringContaining('update the older one') });
  });

  it('refuse a write to /api/session the same way, naming the methods it takes', async () => {
    const res = await fetch(`${h.httpBase}/api/session`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect(await res.json()).toMatchObject({ code: 'api_not_found' });
  });

  it('still serve /api/session to a joiner', async () => {
    const res = await fetch(`${h.httpBase}/api/session`);
    expect(res.status).toBe(200);
    expect(await res.json()).toHaveProperty('name');
  });
});
