import { beforeEach, describe, expect, it } from 'vitest';
import { createAppStore, type AppStore } from '../../../src-renderer/store/app-store.js';
import { BOB, message, messageEvent, snapshot } from '../helpers/fixtures.js';

let store: AppStore;
const state = () => store.getState();

beforeEach(() => {
  store = createAppStore();
});

describe('connection slice', () => {
  it('starts on the starting screen, not signed in', () => {
    expect(state()).toMatchObject({ phase: 'starting', connection: 'idle', me: null });
  });

  it('applies the snapshot to every slice and goes to the chat', () => {
    state().applySignedIn(snapshot());
    expect(state().phase).toBe('chat');
    expect(state().me).toEqual({ id: 1, name: 'Alice', isAdmin: true });
    expect(state().session?.name).toBe('Office LAN');
    expect(Object.keys(state().users)).toHaveLength(3);
    expect(state().lastUserName).toBe('Alice');
  });

  it('keeps messages and unread counts across a reconnect by the same person', () => {
    state().applySignedIn(snapshot());
    state().applyEvent(messageEvent(message({ seq: 11, conv: 'ch:2' })));
    // The snapshot's convStates carry the unread counts (the host counted the message).
    state().applySignedIn(snapshot({ lastSeq: 11, convStates: [{ conv: 'ch:2', readSeq: 0, unread: 1, mentions: 0, muted: false }] }));
    expect(state().messages['ch:2']).toHaveLength(1);
    expect(state().unread['ch:2']!.count).toBe(1);
  });

  it('starts clean when someone else signs in on this window', () => {
    state().applySignedIn(snapshot());
    state().applyEvent(messageEvent(message({ seq: 11, conv: 'ch:2' })));
    state().applySignedIn(snapshot({ user: BOB }));
    expect(state().messages).toEqual({});
    expect(state().unread).toEqual({});
  });
});
