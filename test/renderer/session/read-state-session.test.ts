import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChatError } from '../../../src-shared/chat-client.js';
import { READ_REPORT_INTERVAL_MS } from '../../../src-shared/limits.js';
import { signedInServices } from '../helpers/render-app.js';
import { ALICE, message, messageEvent, snapshot } from '../helpers/fixtures.js';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  vi.useRealTimers();
});

describe('ChatSession read state, mute and notifications', () => {
  describe('notifications', () => {
    it('a muted conversation notifies only for messages that mention me (also @here), never for replays', async () => {
      const services = await signedInServices({
        configure: (client) => (client.resumeResult = snapshot({ convStates: [{ conv: 'ch:2', readSeq: 0, unread: 0, mentions: 0, muted: true }] })),
      });
      const { client, platform, focus } = services;
      focus.set(false);
      client.fire('event', messageEvent(message({ seq: 20, conv: 'ch:2', text: 'plain' })), { replay: false });
      expect(platform.notifications).toEqual([]);
      client.fire('event', messageEvent(message({ seq: 21, conv: 'ch:2', text: '@here standup', mentions: [ALICE.id] })), { replay: false });
      client.fire('event', messageEvent(message({ seq: 22, conv: 'ch:2', text: '@Alice look', mentions: [ALICE.id] })), { replay: true });
      client.fire('event', messageEvent(message({ seq: 23, conv: 'ch:1', text: 'general chatter' })), { replay: true });
      expect(platform.notifications).toEqual([{ title: 'Bob mentioned you in #design', body: '@here standup', conv: 'ch:2' }]);
    });

    it('a `mute` frame from my other device silences the conversation here too', async () => {
      const services = await signedInServices();
      services.focus.set(false);
      services.client.fire('mute', { conv: 'dm:1:2', muted: true });
      services.client.fire('event', messageEvent(message({ seq: 20, conv: 'dm:1:2', text: 'psst' })), { replay: false });
      expect(services.platform.notifications).toEqual([]);
      services.client.fire('mute', { conv: 'dm:1:2', muted: false });
      services.client.fire('event', messageEvent(message({ seq: 21, conv: 'dm:1:2', text: 'psst again' })), { replay: false });
      expect(services.platform.notifications).toHaveLength(1);
    });
  });

  describe('#setMuted', () => {
    it('sends mute and keeps the host’s answer; puts it back when refused', async () => {
      const services = await signedInServices();
      services.client.handlers.mute = ({ conv, muted }) => ({ conv, muted });
      await services.session.setMuted('ch:2', true);
      expect(services.client.requests.at(-1)).toEqual({ type: 'mute', params: { conv: 'ch:2', muted: true } });
      expect(services.store.getState().muted['ch:2']).toBe(true);
      services.client.handlers.mute = () => {
        throw new ChatError('server_error', 'nope');
      };
      await expect(services.session.setMuted('ch:2', false)).rejects.toThrow('nope');
      expect(services.store.getState().muted['ch:2']).toBe(true);
    });
  });

  describe('ReadReporter#report', () => {
    it('sends read for the newest message of the open, focused conversation, at most once per interval', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      const services = await signedInServices();
      const { client, session, store, focus } = services;
      client.handlers.read = ({ conv, seq }) => ({ conv, seq });
      const reads = () => client.requests.filter((r) => r.type === 'read').map((r) => r.params);
      client.fire('event', messageEvent(message({ seq: 30, conv: 'ch:1' })), { replay: false });
      session.reads.report('ch:1');
      expect(reads()).toEqual([{ conv: 'ch:1', seq: 30 }]);
      await vi.advanceTimersByTimeAsync(0);
      expect(store.getState().readSeq['ch:1']).toBe(30);

      client.fire('event', messageEvent(message({ seq: 31, conv: 'ch:1' })), { replay: false });
      session.reads.report('ch:1');
      session.reads.report('ch:1');
      expect(reads()).toHaveLength(1); // throttled…
      await vi.advanceTimersByTimeAsync(READ_REPORT_INTERVAL_MS);
      expect(reads()).toEqual([{ conv: 'ch:1', seq: 30 }, { conv: 'ch:1', seq: 31 }]); // …then sent once

      // Not focused, or not the open conversation: nothing.
      client.fire('event', messageEvent(message({ seq: 32, conv: 'ch:1' })), { replay: false });
      focus.set(false);
      await vi.advanceTimersByTimeAsync(READ_REPORT_INTERVAL_MS);
      session.reads.report('ch:1');
      session.reads.report('ch:2');
      expect(reads()).toHaveLength(2);
    });
  });

  describe('signing out and back in', () => {
    it('Sign out asks the host to forget the token, forgets it here and shows the sign-in form', async () => {
      const services = await signedInServices();
      const first = services.client;
      await services.session.signOut();
      expect(first.signOutCalls).toBe(1);
      expect(services.platform.tokens.has('session-1')).toBe(false);
      expect(services.store.getState().phase).toBe('signin');
      expect(services.store.getState().me).toBeNull();
    });

    it('reopens the conversation I was last in after signing in, or #general when it is gone', async () => {
      const services = await signedInServices();
      services.session.openConversation('ch:2');
      expect(services.platform.lastConversations.get('session-1.1')).toBe('ch:2');
      await services.session.signOut();
      await services.session.signIn({ name: 'Alice', password: 'secret-pw' });
      expect(services.store.getState().active).toBe('ch:2');

      services.platform.lastConversations.set('session-1.1', 'ch:3'); // not joined
      await services.session.signOut();
      await services.session.signIn({ name: 'Alice', password: 'secret-pw' });
      expect(services.store.getState().active).toBe('ch:1');
    });

    it('signing in to a conversation with unread messages shows the "New messages" line there, and leaves other counts', async () => {
      const services = await signedInServices({
        configure: (client) =>
          (client.resumeResult = snapshot({
            convStates: [
              { conv: 'ch:1', readSeq: 7, unread: 3, mentions: 0, muted: false },
              { conv: 'ch:2', readSeq: 2, unread: 1, mentions: 0, muted: false },
            ],
          })),
      });
      const state = services.store.getState();
      expect(state.active).toBe('ch:1');
      expect(state.newMessagesLine).toEqual({ conv: 'ch:1', afterSeq: 7 });
      expect(state.unread).toEqual({ 'ch:2': { count: 1, mentions: 0 } });
    });

    it('when an admin removed me, shows the sign-in form with the host’s words', async () => {
      const services = await signedInServices();
      services.client.fire('authRequired', new ChatError('account_removed', 'An admin removed you from this session. Ask them to let you back in.'));
      await flush();
      expect(services.store.getState().phase).toBe('signin');
      expect(services.store.getState().startProblem).toBe('An admin removed you from this session. Ask them to let you back in.');
      expect(services.platform.tokens.has('session-1')).toBe(false);
    });
  });
});
