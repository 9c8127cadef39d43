import { describe, expect, it, vi } from 'vitest';
import { signedInServices } from '../helpers/render-app.js';
import { message } from '../helpers/fixtures.js';

describe('MessageHistory', () => {
  it('#load: loads older history with before = the oldest seq held', async () => {
    const services = await signedInServices();
    const history = vi.fn(({ conv, before }: { conv: string; before?: number }) =>
      before === undefined
        ? { conv, messages: [message({ seq: 60, conv }), message({ seq: 61, conv })], hasMore: true, hasNewer: false }
        : { conv, messages: [message({ seq: 58, conv })], hasMore: false, hasNewer: false },
    );
    services.client.handlers.history = history;
    await services.session.history.load('ch:2', false);
    await services.session.history.load('ch:2', true);
    expect(history.mock.calls.map(([p]) => p.before)).toEqual([undefined, 60]);
    expect(services.store.getState().messages['ch:2']!.map((m) => m.seq)).toEqual([58, 60, 61]);
    await services.session.history.load('ch:2', true); // nothing more: no request
    expect(history).toHaveBeenCalledTimes(2);
  });
});
