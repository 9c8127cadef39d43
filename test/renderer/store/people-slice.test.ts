import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TYPING_SHOWN_MS } from '../../../src-shared/limits.js';
import { createAppStore, type AppStore } from '../../../src-renderer/store/app-store.js';
import { typingNames, typingText } from '../../../src-renderer/store/selectors.js';
import { BOB, CAROL, message, messageEvent, snapshot } from '../helpers/fixtures.js';

let store: AppStore;
const state = () => store.getState();

beforeEach(() => {
  store = createAppStore();
  state().applySignedIn(snapshot());
});
afterEach(() => {
  vi.useRealTimers();
});

describe('people slice', () => {
  describe('#applyPresence', () => {
    it('marks people online and offline, and adds people new to the session', () => {
      state().applyPresence({ ...CAROL, online: true }, true);
      expect(state().users[CAROL.id]!.online).toBe(true);
      state().applyPresence({ ...BOB, online: false }, false);
      expect(state().users[BOB.id]!.online).toBe(false);
      state().applyPresence({ id: 9, name: 'Dave', online: true, isAdmin: false }, true);
      expect(state().users[9]).toMatchObject({ name: 'Dave', online: true });
    });
  });

  describe('typing', () => {
    it('shows a typing person for TYPING_SHOWN_MS after the last notice', () => {
      vi.useFakeTimers();
      state().applyTyping('ch:1', BOB);
      expect(typingNames(state(), 'ch:1')).toEqual(['Bob']);
      vi.advanceTimersByTime(TYPING_SHOWN_MS - 1000);
      state().applyTyping('ch:1', BOB); // still typing: the time starts again
      vi.advanceTimersByTime(TYPING_SHOWN_MS - 100);
      expect(typingNames(state(), 'ch:1')).toEqual(['Bob']);
      vi.advanceTimersByTime(200);
      expect(state().typing['ch:1']).toBeUndefined();
    });

    it('stops showing someone as typing when their message arrives', () => {
      state().applyTyping('ch:1', BOB);
      state().applyTyping('ch:1', { id: CAROL.id, name: CAROL.name });
      state().applyEvent(messageEvent(message({ seq: 300, from: BOB.id })));
      expect(typingNames(state(), 'ch:1')).toEqual(['Carol']);
    });

    it('never shows me as typing', () => {
      state().applyTyping('ch:1', { id: 1, name: 'Alice' });
      expect(state().typing).toEqual({});
    });

    it('words one, two and several people', () => {
      expect(typingText([])).toBe('');
      expect(typingText(['Alice'])).toBe('Alice is typing…');
      expect(typingText(['Alice', 'Bob'])).toBe('Alice and Bob are typing…');
      expect(typingText(['Alice', 'Bob', 'Carol'])).toBe('Several people are typing…');
    });
  });
});
