// The message list by keyboard: one Tab stop, arrow keys between messages,
// Enter into a message's actions and Escape back, focus after a deletion.
import { act, isInaccessible, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Composer } from '../../../src-renderer/conversation/Composer.js';
import { MessageList } from '../../../src-renderer/conversation/MessageList.js';
import type { Message } from '../../../src-shared/protocol/frames.js';
import { message } from '../helpers/fixtures.js';
import { renderWithServices, signedInServices } from '../helpers/render-app.js';

const mine = (partial: Partial<Message>) => message({ from: 1, fromName: 'Alice', ...partial });

async function setup(messages: Message[]) {
  const services = await signedInServices();
  services.client.handlers.history = ({ conv }) => ({ conv, messages, hasMore: false, hasNewer: false });
  await act(() => services.session.history.load('ch:1', false));
  const result = renderWithServices(
    <>
      <button type="button">Before the list</button>
      <MessageList conv="ch:1" title="#general" channelName="#general" />
      <Composer conv="ch:1" placeholder="Message #general" />
    </>,
    services,
  );
  return { services, ...result };
}

/** The focusable article of the message whose text is `text`, once Virtuoso shows it. */
const article = async (text: string) => {
  const el = (await screen.findByText(text, { selector: 'p' })).closest('[role="article"]') as HTMLElement;
  await waitFor(() => expect(isInaccessible(el)).toBe(false));
  return el;
};

const three = () => [message({ seq: 1, text: 'first' }), message({ seq: 2, text: 'second' }), mine({ seq: 3, text: 'third' })];

describe('message list keyboard', () => {
  it('is one Tab stop: the newest message, then the composer — no message button on the way', async () => {
    const { user } = await setup(three());
    const newest = await article('third');
    await waitFor(() => expect(newest).toHaveAttribute('tabindex', '0'));
    screen.getByRole('button', { name: 'Before the list' }).focus();
    await user.tab();
    expect(newest).toHaveFocus();
    expect(newest).toHaveAccessibleName(expect.stringContaining('Alice'));
    await user.tab();
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveFocus();
    // Every action button is still there for the pointer, out of the Tab order.
    const log = screen.getByRole('log');
    for (const button of within(log).getAllByRole('button')) expect(button).toHaveAttribute('tabindex', '-1');
  });

  it('moves between messages with the arrow keys, Home and End, and keeps the Tab stop where it was left', async () => {
    const { user } = await setup(three());
    const [first, second, third] = [await article('first'), await article('second'), await article('third')];
    third.focus();
    await user.keyboard('{ArrowUp}');
    expect(second).toHaveFocus();
    await user.keyboard('{ArrowUp}');
    expect(first).toHaveFocus();
    await user.keyboard('{ArrowUp}'); // the oldest stays
    expect(first).toHaveFocus();
    await user.keyboard('{End}');
    expect(third).toHaveFocus();
    await user.keyboard('{Home}');
    expect(first).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(second).toHaveFocus();
    // Leave and come back: the same message has the Tab stop.
    await user.tab();
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveFocus();
    await user.tab({ shift: true });
    expect(second).toHaveFocus();
    expect(first).toHaveAttribute('tabindex', '-1');
    expect(third).toHaveAttribute('tabindex', '-1');
  });

  it('with focus on the list itself (its message scrolled away), an arrow key goes back to the remembered message; the list is no Tab stop', async () => {
    const { user } = await setup(three());
    const second = await article('second');
    second.focus();
    const log = screen.getByRole('log');
    expect(log).toHaveAttribute('tabindex', '-1');
    act(() => log.focus());
    expect(log).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(second).toHaveFocus();
    // Tab from before the list goes to the message, not the list.
    screen.getByRole('button', { name: 'Before the list' }).focus();
    await user.tab();
    expect(second).toHaveFocus();
  });

  it('Enter goes into the message\'s actions, Tab through them, Escape back to the message', async () => {
    const { user } = await setup(three());
    const third = await article('third');
    third.focus();
    await user.keyboard('{Enter}');
    expect(within(third).getByRole('button', { name: 'Add reaction' })).toHaveFocus();
    await user.tab();
    expect(within(third).getByRole('button', { name: 'Reply' })).toHaveFocus();
    await user.keyboard('{ArrowRight}'); // the toolbar's own arrows still work
    expect(within(third).getByRole('button', { name: 'Reply in thread' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(third).toHaveFocus();
    await user.keyboard('{Enter}');
    await user.tab({ shift: true });
    expect(third).toHaveFocus();
  });

  it('Ctrl+End leaves the list for the composer', async () => {
    const { user } = await setup(three());
    (await article('first')).focus();
    await user.keyboard('{Control>}{End}{/Control}');
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveFocus();
  });

  it('after deleting a message, focus goes to the next one', async () => {
    const { services, user } = await setup([mine({ seq: 1, text: 'keep' }), mine({ seq: 2, text: 'oops' }), message({ seq: 3, text: 'after' })]);
    services.client.handlers['message.delete'] = ({ seq }) => ({ message: mine({ seq, text: '', deleted: true, deletedBy: 1 }) });
    const oops = await article('oops');
    oops.focus();
    await user.keyboard('{Enter}');
    await user.click(within(oops).getByRole('button', { name: 'Delete message' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Delete this message?' })).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(async () => expect(await article('after')).toHaveFocus());
  });

  it('my message focused while on its way keeps focus when the host stores it (a new row replaces it)', async () => {
    const { services, user } = await setup(three());
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'on its way{Enter}');
    const pending = await article('on its way');
    pending.focus();
    const sent = services.client.sent[0]!;
    await act(async () => sent.resolve(mine({ seq: 4, clientMsgId: sent.clientMsgId, text: 'on its way' })));
    const stored = await article('on its way');
    expect(stored).not.toBe(pending); // a different element, or this test proves nothing
    await waitFor(() => expect(stored).toHaveFocus());
    expect(stored).toHaveAttribute('tabindex', '0');
    // And the keys go on from there.
    await user.keyboard('{ArrowUp}');
    expect(await article('third')).toHaveFocus();
  });
});
