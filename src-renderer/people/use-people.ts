// The people with these ids, as the store holds them, for a part of a message
// that names a few people (its reactions, a quote's author, a thread's
// repliers, a run of join notices). It re-renders when one of them changes
// and never for anyone else's presence or profile: a subscription to the
// whole `users` record re-rendered every row of the message list on each.
import { useShallow } from 'zustand/react/shallow';
import type { UserInfo } from '../../src-shared/protocol/frames.js';
import { useAppStore } from '../app/app-services.js';

export function usePeople(ids: readonly number[]): Record<number, UserInfo> {
  return useAppStore(
    useShallow((s) => {
      const picked: Record<number, UserInfo> = {};
      for (const id of ids) {
        const user = s.users[id];
        if (user) picked[id] = user;
      }
      return picked;
    }),
  );
}
