// The threads slice (src-renderer/store/threads-slice.ts): replies held per
// root in seq order, roots' summaries, and the unread threads list.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../../../src-shared/protocol/frames.js';
import { createAppStore, type AppStore } from '../../../src-renderer/store/app-store.js';
import { unreadThreads } from '../../../src-renderer/store/threads-slice.js';

const msg = (seq: number, extra: Partial<Message> = {}): Message => ({ seq, conv: 'ch:1', from: 2, fromName: 'Bob', clientMsgId: null, kind: 'text', text: `m${seq}`, ts: seq * 1000, ...extra });

let store: AppStore;
beforeEach(() => {
  store = createAppStore();
});

describe('threads slice', () => {
  it('holds a thread page and live replies in seq order, once each', () => {
    const s = () => store.getState();
    s().showThread('ch:1', 10);
    s().applyThreadPage({ root: msg(10, { thread: { replies: 2, lastReplyAt: 12000, participants: [2] } }), messages: [msg(11, { threadRoot: 10 }), msg(13, { threadRoot: 10 })], hasMore: true });
    s().applyThreadReply(msg(12, { threadRoot: 10 }));
    s().applyThreadReply(msg(13, { threadRoot: 10 }));
    expect(s().threadReplies[10]!.map((m) => m.seq)).toEqual([11, 12, 13]);
    expect(s().openThread).toMatchObject({ root: 10, hasMore: true, loading: false });
    s().applyThreadMessageUpdate(msg(12, { threadRoot: 10, deleted: true, text: '' }));
    expect(s().threadReplies[10]![1]).toMatchObject({ deleted: true });
  });

  it('lists followed threads with unread replies, most recently active first', () => {
    store.getState().setThreadStates([
      { conv: 'ch:1', root: 5, readSeq: 0, unread: 2, lastReplyAt: 100 },
      { conv: 'ch:2', root: 7, readSeq: 9, unread: 0, lastReplyAt: 300 },
      { conv: 'ch:1', root: 8, readSeq: 0, unread: 1, lastReplyAt: 200 },
    ]);
    expect(unreadThreads(store.getState()).map((t) => t.root)).toEqual([8, 5]);
    store.getState().applyThreadState({ conv: 'ch:1', root: 8, readSeq: 20, unread: 0, lastReplyAt: 200 });
    expect(unreadThreads(store.getState()).map((t) => t.root)).toEqual([5]);
  });
});
