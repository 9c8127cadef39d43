import { beforeEach, describe, expect, it } from 'vitest';
import { UNREAD_COUNT_MAX } from '../../../src-shared/limits.js';
import type { ConvState } from '../../../src-shared/protocol/frames.js';
import { withReadMarkers } from '../../../src-renderer/conversation/read-markers.js';
import { buildRows } from '../../../src-renderer/conversation/message-rows.js';
import { createAppStore, type AppStore } from '../../../src-renderer/store/app-store.js';
import { countLabel } from '../../../src-renderer/store/read-state-slice.js';
import { badgeCount } from '../../../src-renderer/store/selectors.js';
import { ALICE, BOB, message, messageEvent, snapshot } from '../helpers/fixtures.js';

let store: AppStore;
const state = () => store.getState();
const convState = (partial: Partial<ConvState> & { conv: string }): ConvState => ({ readSeq: 0, unread: 0, mentions: 0, muted: false, ...partial });

beforeEach(() => {
  store = createAppStore();
});

describe('read state slice', () => {
  describe('#applyConvStates (sign-in snapshot)', () => {
    it('takes unread and mention counts, read positions, mutes and the DM peer position from the host', () => {
      state().applySignedIn(
        snapshot({
          convStates: [
            convState({ conv: 'ch:1', readSeq: 8 }),
            convState({ conv: 'ch:2', readSeq: 3, unread: 4, mentions: 1, muted: true }),
            convState({ conv: 'dm:1:2', readSeq: 2, unread: 2, peerReadSeq: 5 }),
          ],
        }),
      );
      expect(state().unread).toEqual({ 'ch:2': { count: 4, mentions: 1 }, 'dm:1:2': { count: 2, mentions: 0 } });
      expect(state().readSeq).toEqual({ 'ch:1': 8, 'ch:2': 3, 'dm:1:2': 2 });
      expect(state().muted).toEqual({ 'ch:2': true });
      expect(state().peerReadSeq).toEqual({ 'dm:1:2': 5 });
      // Muted: the DM counts, the muted channel only by its mention.
      expect(badgeCount(state().unread, state().muted)).toBe(3);
    });

    it('does not count replayed messages again (the snapshot counted them)', () => {
      state().applySignedIn(snapshot({ convStates: [convState({ conv: 'ch:2', unread: 1 })] }));
      state().applyEvent(messageEvent(message({ seq: 11, conv: 'ch:2' })), { replay: true });
      expect(state().unread['ch:2']).toEqual({ count: 1, mentions: 0 });
      state().applyEvent(messageEvent(message({ seq: 12, conv: 'ch:2', mentions: [ALICE.id] })), { replay: false });
      expect(state().unread['ch:2']).toEqual({ count: 2, mentions: 1 });
    });

    it('stops counting at UNREAD_COUNT_MAX, shown as "999+"', () => {
      state().applySignedIn(snapshot({ convStates: [convState({ conv: 'ch:2', unread: UNREAD_COUNT_MAX, mentions: 2 })] }));
      state().applyEvent(messageEvent(message({ seq: 11, conv: 'ch:2' })));
      expect(state().unread['ch:2']!.count).toBe(UNREAD_COUNT_MAX);
      expect(countLabel(state().unread['ch:2']!.count)).toBe('999+');
      expect(countLabel(998)).toBe('998');
    });
  });

  describe('#applyRead', () => {
    beforeEach(() => {
      state().applySignedIn(snapshot({ convStates: [convState({ conv: 'ch:2', readSeq: 10 }), convState({ conv: 'dm:1:2', peerReadSeq: 0 })] }));
      for (const seq of [11, 12, 13]) state().applyEvent(messageEvent(message({ seq, conv: 'ch:2', ...(seq === 13 && { mentions: [ALICE.id] }) })));
      expect(state().unread['ch:2']).toEqual({ count: 3, mentions: 1 });
    });

    it('my read on another device up to the newest message clears the counts', () => {
      state().applyRead({ conv: 'ch:2', user: ALICE.id, seq: 13 });
      expect(state().unread['ch:2']).toBeUndefined();
      expect(state().readSeq['ch:2']).toBe(13);
    });

    it('my read up to an older message leaves what came after it', () => {
      state().applyRead({ conv: 'ch:2', user: ALICE.id, seq: 11 });
      expect(state().unread['ch:2']).toEqual({ count: 2, mentions: 1 });
      // Positions only move forward.
      state().applyRead({ conv: 'ch:2', user: ALICE.id, seq: 5 });
      expect(state().readSeq['ch:2']).toBe(11);
    });

    it("the DM peer's read moves the Seen position, never my counts", () => {
      state().applyEvent(messageEvent(message({ seq: 20, conv: 'dm:1:2', from: ALICE.id, fromName: 'Alice' })));
      state().applyEvent(messageEvent(message({ seq: 21, conv: 'dm:1:2', from: ALICE.id, fromName: 'Alice' })));
      state().applyRead({ conv: 'dm:1:2', user: BOB.id, seq: 20 });
      expect(state().peerReadSeq['dm:1:2']).toBe(20);
      state().applyRead({ conv: 'dm:1:2', user: BOB.id, seq: 19 });
      expect(state().peerReadSeq['dm:1:2']).toBe(20);
      expect(state().unread['ch:2']).toEqual({ count: 3, mentions: 1 });
    });
  });

  describe('#applyMute', () => {
    it('mutes and unmutes', () => {
      state().applyMute('ch:2', true);
      expect(state().muted).toEqual({ 'ch:2': true });
      state().applyMute('ch:2', false);
      expect(state().muted).toEqual({});
    });
  });

  describe('"New messages" line', () => {
    it('is set when a conversation with unread messages is opened, kept while it stays open, dropped when left', () => {
      state().applySignedIn(snapshot({ convStates: [convState({ conv: 'ch:2', readSeq: 12, unread: 2 })] }));
      state().setActive('ch:2');
      expect(state().newMessagesLine).toEqual({ conv: 'ch:2', afterSeq: 12 });
      expect(state().unread['ch:2']).toBeUndefined();
      state().setActive('ch:2');
      expect(state().newMessagesLine).toEqual({ conv: 'ch:2', afterSeq: 12 });
      state().setActive('ch:1');
      expect(state().newMessagesLine).toBeNull();
    });
  });
});

describe('withReadMarkers', () => {
  const me = { id: ALICE.id, name: ALICE.name };
  const t = Date.UTC(2026, 0, 5, 10, 0);
  const msgs = [
    message({ seq: 1, conv: 'dm:1:2', from: ALICE.id, fromName: 'Alice', ts: t }),
    message({ seq: 2, conv: 'dm:1:2', from: BOB.id, fromName: 'Bob', ts: t + 1000 }),
    message({ seq: 3, conv: 'dm:1:2', from: ALICE.id, fromName: 'Alice', ts: t + 2000 }),
    message({ seq: 4, conv: 'dm:1:2', from: ALICE.id, fromName: 'Alice', ts: t + 3000 }),
    message({ seq: 5, conv: 'dm:1:2', from: BOB.id, fromName: 'Bob', ts: t + 4000 }),
    message({ seq: 6, conv: 'dm:1:2', from: BOB.id, fromName: 'Bob', ts: t + 5000 }),
  ];
  const kinds = (rows: ReturnType<typeof buildRows>) => rows.map((r) => (r.kind === 'message' ? `m${r.message.seq}` : r.kind));

  it('puts "Seen" under the last of my messages the other person has read', () => {
    const rows = withReadMarkers(buildRows(msgs, [], me, {}), { newAfterSeq: null, seenSeq: 4, meId: me.id });
    expect(kinds(rows)).toEqual(['day', 'm1', 'm2', 'm3', 'm4', 'seen', 'm5', 'm6']);
    const earlier = withReadMarkers(buildRows(msgs, [], me, {}), { newAfterSeq: null, seenSeq: 3, meId: me.id });
    expect(kinds(earlier)).toEqual(['day', 'm1', 'm2', 'm3', 'seen', 'm4', 'm5', 'm6']);
  });

  it('puts "New messages" above the first message from someone else after the read position, starting a group', () => {
    const rows = withReadMarkers(buildRows(msgs, [], me, {}), { newAfterSeq: 4, seenSeq: null, meId: me.id });
    expect(kinds(rows)).toEqual(['day', 'm1', 'm2', 'm3', 'm4', 'new-line', 'm5', 'm6']);
    const first = rows[6]!;
    expect(first.kind === 'message' && first.startsGroup).toBe(true);
  });

  it('adds nothing without a read position', () => {
    const rows = buildRows(msgs, [], me, {});
    expect(withReadMarkers(rows, { newAfterSeq: null, seenSeq: null, meId: me.id })).toBe(rows);
  });
});
