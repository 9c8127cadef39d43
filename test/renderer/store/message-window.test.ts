import { beforeEach, describe, expect, it } from 'vitest';
import { createAppStore, type AppStore } from '../../../src-renderer/store/app-store.js';
import type { Message } from '../../../src-shared/protocol/frames.js';
import { message, messageEvent, snapshot } from '../helpers/fixtures.js';
import { signedInServices } from '../helpers/render-app.js';

const updated = (m: Message) => ({ seq: m.seq + 1000, type: 'message.updated' as const, message: m, change: { kind: 'edit' as const, by: { id: m.from, name: m.fromName } } });
const seqs = (store: AppStore, conv = 'ch:1') => (store.getState().messages[conv] ?? []).map((m) => m.seq);

describe('conversations slice: message.updated and history windows', () => {
  let store: AppStore;
  const state = () => store.getState();
  beforeEach(() => {
    store = createAppStore();
    state().applySignedIn(snapshot());
  });

  describe('message.updated', () => {
    it('replaces the held message with the same seq', () => {
      state().applyHistory('ch:1', { messages: [message({ seq: 1, text: 'a' }), message({ seq: 2, text: 'b' })], hasMore: false }, false);
      state().applyEvent(updated(message({ seq: 2, text: 'b, edited', editedAt: 5 })));
      expect(state().messages['ch:1']!.map((m) => m.text)).toEqual(['a', 'b, edited']);
      expect(state().messages['ch:1']![1]!.editedAt).toBe(5);
    });

    it('is ignored when the message is not held (history brings its current state)', () => {
      state().applyHistory('ch:1', { messages: [message({ seq: 1 })], hasMore: false }, false);
      const before = state().messages;
      state().applyEvent(updated(message({ seq: 7, text: 'elsewhere' })));
      state().applyEvent(updated(message({ seq: 8, conv: 'ch:2' })));
      expect(state().messages).toBe(before);
    });

    it('does not count as a new message for unread', () => {
      state().setActive('ch:2');
      state().applyHistory('ch:1', { messages: [message({ seq: 1 })], hasMore: false }, false);
      state().applyEvent(updated(message({ seq: 1, reactions: [{ emoji: '👍', users: [2] }] })));
      expect(state().unread['ch:1']).toBeUndefined();
      expect(state().messages['ch:1']![0]!.reactions).toEqual([{ emoji: '👍', users: [2] }]);
    });
  });

  describe('windows', () => {
    it('an around page replaces the window and marks it detached (hasNewer)', () => {
      state().applyHistory('ch:1', { messages: [message({ seq: 90 }), message({ seq: 91 })], hasMore: true }, false);
      const window = state().history['ch:1']!.window;
      state().applyHistory('ch:1', { messages: [message({ seq: 10 }), message({ seq: 11 }), message({ seq: 12 })], hasMore: true, hasNewer: true }, 'around');
      expect(seqs(store)).toEqual([10, 11, 12]);
      expect(state().history['ch:1']).toMatchObject({ loaded: true, hasMore: true, hasNewer: true, window: window + 1 });
    });

    it('a detached window takes no live messages (they would leave a gap) but still counts them unread', () => {
      state().setActive('ch:2');
      state().applyHistory('ch:1', { messages: [message({ seq: 10 })], hasMore: false, hasNewer: true }, 'around');
      state().applyEvent(messageEvent(message({ seq: 95, text: 'live' })));
      expect(seqs(store)).toEqual([10]);
      expect(state().unread['ch:1']?.count ?? state().unread['ch:1']).toBeTruthy();
    });

    it('newer pages extend the window until the newest is reached', () => {
      state().applyHistory('ch:1', { messages: [message({ seq: 10 }), message({ seq: 11 })], hasMore: true, hasNewer: true }, 'around');
      state().applyHistory('ch:1', { messages: [message({ seq: 12 }), message({ seq: 13 })], hasMore: false, hasNewer: true }, 'newer');
      expect(state().history['ch:1']).toMatchObject({ hasMore: true, hasNewer: true });
      state().applyHistory('ch:1', { messages: [message({ seq: 14 })], hasMore: false, hasNewer: false }, 'newer');
      expect(seqs(store)).toEqual([10, 11, 12, 13, 14]);
      expect(state().history['ch:1']).toMatchObject({ hasMore: true, hasNewer: false });
      state().applyEvent(messageEvent(message({ seq: 15 })));
      expect(seqs(store)).toEqual([10, 11, 12, 13, 14, 15]);
    });

    it('an older page keeps hasNewer', () => {
      state().applyHistory('ch:1', { messages: [message({ seq: 10 })], hasMore: true, hasNewer: true }, 'around');
      state().applyHistory('ch:1', { messages: [message({ seq: 8 })], hasMore: false, hasNewer: false }, true);
      expect(state().history['ch:1']).toMatchObject({ hasMore: false, hasNewer: true });
    });

    it('the newest page replaces a detached window', () => {
      state().applyHistory('ch:1', { messages: [message({ seq: 10 })], hasMore: true, hasNewer: true }, 'around');
      const window = state().history['ch:1']!.window;
      state().applyHistory('ch:1', { messages: [message({ seq: 98 }), message({ seq: 99 })], hasMore: true, hasNewer: false }, false);
      expect(seqs(store)).toEqual([98, 99]);
      expect(state().history['ch:1']).toMatchObject({ hasNewer: false, window: window + 1 });
    });
  });
});

describe('ChatSession.jumpToMessage', () => {
  it('opens the conversation, loads the page around a message not held, and asks the list to focus it', async () => {
    const services = await signedInServices();
    const calls: unknown[] = [];
    services.client.handlers.history = (params) => {
      calls.push(params);
      if (params.around !== undefined) return { conv: params.conv, messages: [message({ seq: 40, conv: params.conv }), message({ seq: 41, conv: params.conv })], hasMore: true, hasNewer: true };
      return { conv: params.conv, messages: [message({ seq: 90, conv: params.conv })], hasMore: true, hasNewer: false };
    };
    await services.session.history.jumpTo('ch:2', 41);
    const state = services.store.getState();
    expect(state.active).toBe('ch:2');
    expect(calls).toEqual([expect.objectContaining({ conv: 'ch:2', around: 41 })]);
    expect(state.messages['ch:2']!.map((m) => m.seq)).toEqual([40, 41]);
    expect(state.history['ch:2']!.hasNewer).toBe(true);
    expect(state.focusMessage).toMatchObject({ conv: 'ch:2', seq: 41 });

    // Scrolling down loads the page after the newest held.
    await services.session.history.load('ch:2', 'newer');
    expect(calls[1]).toMatchObject({ conv: 'ch:2', after: 41 });

    // Jump to newest: the newest page replaces the window.
    await services.session.history.jumpToNewest('ch:2');
    expect(services.store.getState().history['ch:2']!.hasNewer).toBe(false);
  });

  it('does not fetch when the message is held, and a new jump to the same message flashes it again', async () => {
    const services = await signedInServices();
    services.client.handlers.history = (params) => ({ conv: params.conv, messages: [message({ seq: 70, conv: params.conv })], hasMore: false, hasNewer: false });
    await services.session.history.load('ch:2', false);
    const historyRequests = () => services.client.requests.filter((r) => r.type === 'history').length;
    const before = historyRequests();
    await services.session.history.jumpTo('ch:2', 70);
    const first = services.store.getState().focusMessage!;
    await services.session.history.jumpTo('ch:2', 70);
    expect(historyRequests()).toBe(before);
    expect(services.store.getState().focusMessage!.nonce).not.toBe(first.nonce);
  });

  it('sends a reply with replyTo, and the edit, delete and react requests', async () => {
    const services = await signedInServices();
    services.session.messages.send('ch:1', 'yes!', { replyTo: 42 });
    expect(services.client.sent[0]).toMatchObject({ conv: 'ch:1', text: 'yes!', replyTo: 42 });
    const m = message({ seq: 42, from: 1, fromName: 'Alice' });
    services.client.handlers['message.edit'] = ({ seq, text }) => ({ message: { ...m, seq, text, editedAt: 9 } });
    services.client.handlers['message.delete'] = ({ seq }) => ({ message: { ...m, seq, text: '', deleted: true, deletedBy: 1 } });
    services.client.handlers.react = ({ seq, emoji }) => ({ message: { ...m, seq, reactions: [{ emoji, users: [1] }] } });
    services.store.getState().applyHistory('ch:1', { messages: [m], hasMore: false }, false);
    await services.session.messages.edit(42, 'edited');
    expect(services.store.getState().messages['ch:1']![0]).toMatchObject({ text: 'edited', editedAt: 9 });
    await services.session.messages.react(42, '👍', true);
    expect(services.client.requests.at(-1)).toEqual({ type: 'react', params: { seq: 42, emoji: '👍', on: true } });
    await services.session.messages.delete(42);
    expect(services.store.getState().messages['ch:1']![0]).toMatchObject({ deleted: true, text: '' });
  });
});
