// ChatClient's canHost option (issue 11): an app that can host says so on its
// sign-in AND on every resume after it — a dropped connection or a move must
// not make the host forget it may offer this person the session.
import { afterEach, describe, expect, it } from 'vitest';
import { startHost, type Harness } from '../helpers/host-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('ChatClient canHost', () => {
  it('is sent on sign-in and on the automatic resume after a dropped connection', async () => {
    h = await startHost();
    const harness = h;
    const names = () => harness.host.handOverCandidates().map((user) => user.name);
    const app = await h.signIn('ann', 'secret-pw', { canHost: true });
    await h.signIn('bob'); // a browser: cannot host
    expect(names()).toEqual(['ann']);

    const resumed = new Promise<void>((resolve) => app.on('signedIn', () => resolve()));
    app.dropConnection();
    await resumed;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(names()).toEqual(['ann']);
  });
});
