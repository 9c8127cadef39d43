import { beforeEach, describe, expect, it } from 'vitest';
import { createAppStore, type AppStore } from '../../../src-renderer/store/app-store.js';
import { badgeCount } from '../../../src-renderer/store/selectors.js';
import { ALICE, BOB, message, messageEvent, snapshot } from '../helpers/fixtures.js';

let store: AppStore;
const state = () => store.getState();

beforeEach(() => {
  // A fresh store per test (zustand's testing guide: no state leaks between tests).
  store = createAppStore();
  state().applySignedIn(snapshot());
});

describe('conversations slice', () => {
  describe('#applyConversationsSnapshot', () => {
    it('takes channels and DMs from the snapshot and opens #general', () => {
      expect(Object.keys(state().channels)).toEqual(['1', '2', '3']);
      expect(state().dms['dm:1:2']).toEqual({ conv: 'dm:1:2', peer: 2, lastSeq: 5 });
      expect(state().active).toBe('ch:1');
    });

    it('drops cached history on resync but keeps pending messages', () => {
      state().applyEvent(messageEvent(message({ seq: 11 })));
      state().addPending({ clientMsgId: 'p1', conv: 'ch:1', text: 'hi', ts: 1 });
      state().applySignedIn(snapshot({ resync: true }));
      expect(state().messages).toEqual({});
      expect(state().pending['ch:1']).toHaveLength(1);
    });
  });

  describe('#applyEvent', () => {
    it('keeps messages ordered by seq and drops duplicates', () => {
      state().applyEvent(messageEvent(message({ seq: 20 })));
      state().applyEvent(messageEvent(message({ seq: 12 })));
      state().applyEvent(messageEvent(message({ seq: 20, text: 'again' })));
      state().applyEvent(messageEvent(message({ seq: 15 })));
      expect(state().messages['ch:1']!.map((m) => m.seq)).toEqual([12, 15, 20]);
      expect(state().messages['ch:1']![2]!.text).toBe('message 20');
    });

    it('replaces my pending message when its event arrives (matched by clientMsgId)', () => {
      state().addPending({ clientMsgId: 'abc', conv: 'ch:1', text: 'hello', ts: 1 });
      state().applyEvent(messageEvent(message({ seq: 30, from: ALICE.id, fromName: 'Alice', clientMsgId: 'abc', text: 'hello' })));
      expect(state().pending['ch:1']).toEqual([]);
      expect(state().messages['ch:1']!.map((m) => m.seq)).toEqual([30]);
    });

    it('adds a channel on channel.created, joined only for its creator', () => {
      state().applyEvent({ seq: 40, type: 'channel.created', channel: { id: 9, name: 'ops', topic: '', createdBy: BOB.id, memberCount: 1 } });
      expect(state().channels[9]).toMatchObject({ name: 'ops', joined: false });
      state().applyEvent({ seq: 41, type: 'channel.created', channel: { id: 10, name: 'mine', topic: '', createdBy: ALICE.id, memberCount: 1 } });
      expect(state().channels[10]).toMatchObject({ joined: true, memberCount: 1 });
    });

    it('counts members from join and leave notices', () => {
      state().applyEvent(messageEvent(message({ seq: 50, conv: 'ch:2', kind: 'join', text: '', from: 3, fromName: 'Carol' })));
      expect(state().channels[2]!.memberCount).toBe(3);
      state().applyEvent(messageEvent(message({ seq: 51, conv: 'ch:2', kind: 'leave', text: '', from: 3, fromName: 'Carol' })));
      expect(state().channels[2]!.memberCount).toBe(2);
    });

    it('forgets a channel I left and goes back to #general', () => {
      state().setActive('ch:2');
      state().applyEvent(messageEvent(message({ seq: 60, conv: 'ch:2' })));
      state().applyEvent(messageEvent(message({ seq: 61, conv: 'ch:2', kind: 'leave', text: '', from: ALICE.id, fromName: 'Alice' })));
      expect(state().channels[2]!.joined).toBe(false);
      expect(state().messages['ch:2']).toBeUndefined();
      expect(state().active).toBe('ch:1');
    });

    it('adds a DM to the list when its first message arrives', () => {
      state().applyEvent(messageEvent(message({ seq: 70, conv: 'dm:1:3', from: 3, fromName: 'Carol' })));
      expect(state().dms['dm:1:3']).toEqual({ conv: 'dm:1:3', peer: 3, lastSeq: 70 });
    });
  });

  describe('unread counts', () => {
    it('counts text from others in conversations that are not open', () => {
      state().applyEvent(messageEvent(message({ seq: 80, conv: 'ch:2' })));
      state().applyEvent(messageEvent(message({ seq: 81, conv: 'ch:2' })));
      state().applyEvent(messageEvent(message({ seq: 82, conv: 'ch:2', kind: 'join', text: '', from: 3, fromName: 'Carol' })));
      state().applyEvent(messageEvent(message({ seq: 83, conv: 'ch:1' }))); // open and focused
      expect(state().unread).toEqual({ 'ch:2': { count: 2, mentions: 0 } });
    });

    it('ignores my own messages and clears the conversation when I write there', () => {
      state().applyEvent(messageEvent(message({ seq: 90, conv: 'ch:2' })));
      state().applyEvent(messageEvent(message({ seq: 91, conv: 'ch:2', from: ALICE.id, fromName: 'Alice' })));
      expect(state().unread['ch:2']).toBeUndefined();
    });

    it('counts in the open conversation while the window is not focused, and clears on focus', () => {
      state().setWindowFocused(false);
      state().applyEvent(messageEvent(message({ seq: 95, conv: 'ch:1' })));
      expect(state().unread['ch:1']).toEqual({ count: 1, mentions: 0 });
      state().setWindowFocused(true);
      expect(state().unread['ch:1']).toBeUndefined();
    });

    it('clears when the conversation is opened', () => {
      state().applyEvent(messageEvent(message({ seq: 96, conv: 'dm:1:2' })));
      expect(state().unread['dm:1:2']!.count).toBe(1);
      state().setActive('dm:1:2');
      expect(state().unread['dm:1:2']).toBeUndefined();
    });

    it('counts messages whose mentions name me, and the badge adds DMs and mentions', () => {
      state().applyEvent(messageEvent(message({ seq: 100, conv: 'ch:2', text: 'hey @alice, look', mentions: [1] })));
      state().applyEvent(messageEvent(message({ seq: 101, conv: 'ch:2', text: 'no mention here' })));
      state().applyEvent(messageEvent(message({ seq: 102, conv: 'dm:1:2', text: 'psst' })));
      state().applyEvent(messageEvent(message({ seq: 103, conv: 'dm:1:2', text: 'psst again' })));
      expect(state().unread['ch:2']).toEqual({ count: 2, mentions: 1 });
      expect(badgeCount(state().unread)).toBe(3);
    });
  });

  describe('pending messages', () => {
    it('goes from pending to acknowledged once, whether the ack or the event comes first', () => {
      state().addPending({ clientMsgId: 'x1', conv: 'ch:1', text: 'one', ts: 1 });
      const stored = message({ seq: 110, from: ALICE.id, fromName: 'Alice', clientMsgId: 'x1', text: 'one' });
      state().applySent(stored);
      state().applyEvent(messageEvent(stored));
      expect(state().pending['ch:1']).toEqual([]);
      expect(state().messages['ch:1']!.filter((m) => m.seq === 110)).toHaveLength(1);
    });

    it('marks a refused message failed, and Retry makes it pending again', () => {
      state().addPending({ clientMsgId: 'x2', conv: 'ch:1', text: 'two', ts: 1 });
      state().failPending('x2', 'Messages can be at most 4000 characters');
      expect(state().pending['ch:1']![0]).toMatchObject({ status: 'failed', error: 'Messages can be at most 4000 characters' });
      state().retryPending('x2');
      expect(state().pending['ch:1']![0]).toMatchObject({ status: 'sending', error: null });
      state().discardPending('x2');
      expect(state().pending['ch:1']).toEqual([]);
    });
  });

  describe('#applyHistory', () => {
    it('merges pages by seq and tracks hasMore for older pages', () => {
      state().applyEvent(messageEvent(message({ seq: 205 })));
      state().applyHistory('ch:1', { messages: [message({ seq: 203 }), message({ seq: 204 }), message({ seq: 205 })], hasMore: true }, false);
      expect(state().history['ch:1']).toMatchObject({ loaded: true, hasMore: true });
      state().applyHistory('ch:1', { messages: [message({ seq: 201 }), message({ seq: 202 })], hasMore: false }, true);
      expect(state().messages['ch:1']!.map((m) => m.seq)).toEqual([201, 202, 203, 204, 205]);
      expect(state().history['ch:1']!.hasMore).toBe(false);
      // Reloading the newest page later does not claim there is more again.
      state().applyHistory('ch:1', { messages: [message({ seq: 205 })], hasMore: true }, false);
      expect(state().history['ch:1']!.hasMore).toBe(false);
    });
  });
});
