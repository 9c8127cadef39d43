// The message list re-renders for what it shows, not for everyone: a presence
// or profile change of someone with nothing in the conversation leaves the
// list, its rows, their texts and notice runs as they were; a change of
// someone who is in it (an author, a reactor, a quoted author, a notice's
// person) still shows at once.
import { act, screen } from '@testing-library/react';
import { Profiler } from 'react';
import { describe, expect, it } from 'vitest';
import { MessageList } from '../../../src-renderer/conversation/MessageList.js';
import { BOB, CAROL, message } from '../helpers/fixtures.js';
import { renderWithServices, signedInServices } from '../helpers/render-app.js';

const T = Date.UTC(2025, 0, 6, 9, 0);

async function setup() {
  const services = await signedInServices();
  const notice = (seq: number, from: number, fromName: string) => message({ seq, conv: 'ch:2', kind: 'join', from, fromName, text: '', ts: T + seq * 1000 });
  const texts = [
    notice(400, 20, 'Ann'),
    notice(401, 21, 'Dan'),
    notice(402, 22, 'Eve'),
    notice(403, 23, 'Fay'),
    message({ seq: 500, conv: 'ch:2', text: 'the **plan** is in', ts: T + 600_000, reactions: [{ emoji: '👍', users: [BOB.id] }] }),
    message({ seq: 501, conv: 'ch:2', text: 'thanks @Bob', ts: T + 660_000, replyTo: { seq: 500, from: BOB.id, fromName: BOB.name, kind: 'text', text: 'the **plan** is in', deleted: false } }),
  ];
  services.client.handlers.history = ({ conv }) => ({ conv, messages: texts, hasMore: false, hasNewer: false });
  await act(() => services.session.history.load('ch:2', false));
  let renders = 0;
  renderWithServices(
    <Profiler id="list" onRender={() => void renders++}>
      <MessageList conv="ch:2" title="#design" channelName="#design" />
    </Profiler>,
    services,
  );
  await screen.findByText('plan');
  screen.getByText('Show all 4'); // the four joins are one run
  await act(async () => {});
  return { services, renders: () => renders };
}

describe('MessageList render breadth', () => {
  it('a presence or profile change of someone not in the conversation does not re-render the list', async () => {
    const { services, renders } = await setup();
    const before = renders();
    act(() => services.client.fire('presence', { ...CAROL, online: true }, true));
    act(() => services.client.fire('user', { ...CAROL, online: true, displayName: 'Caz', statusText: 'away' }));
    expect(services.store.getState().users[CAROL.id]?.displayName).toBe('Caz');
    act(() => services.client.fire('presence', { ...CAROL, online: false, displayName: 'Caz' }, false));
    expect(renders()).toBe(before);
  });

  it('a profile change of someone in it shows at once: author, reactor, quoted author', async () => {
    const { services } = await setup();
    act(() => services.client.fire('user', { ...BOB, online: true, displayName: 'Bobby Tables' }));
    expect(await screen.findByRole('button', { name: /👍 1: Bobby Tables/ })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /^Show Bobby Tables's message/ })).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Profile of Bobby Tables' }).length).toBeGreaterThan(0);
  });
});
