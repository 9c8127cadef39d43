// The one store (zustand slices pattern, CONVENTIONS.md #10): a projection of
// what the host says, applied by slice actions; components read with selectors.
// createAppStore() makes a fresh one — the app makes one, each test its own.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createConnectionSlice, type ConnectionSlice } from './connection-slice.js';
import { createDmE2eSlice, type DmE2eSlice } from './dm-e2e-slice.js';
import { createConversationsSlice, type ConversationsSlice } from './conversations-slice.js';
import { createMessageUiSlice, type MessageUiSlice } from './message-ui-slice.js';
import { createAttachmentsSlice, type AttachmentsSlice } from './attachments-slice.js';
import { createNotifySlice, type NotifySlice } from './notify-slice.js';
import { createPeopleSlice, type PeopleSlice } from './people-slice.js';
import { createReadStateSlice, type ReadStateSlice } from './read-state-slice.js';
import { createSearchSlice, type SearchSlice } from './search-slice.js';
import { createThreadsSlice, type ThreadsSlice } from './threads-slice.js';
import { createTransfersSlice, type TransfersSlice } from './transfers-slice.js';

export type AppState = ConnectionSlice & ConversationsSlice & PeopleSlice & TransfersSlice & MessageUiSlice & ReadStateSlice & SearchSlice & ThreadsSlice & DmE2eSlice & NotifySlice & AttachmentsSlice;
export type AppStore = StoreApi<AppState>;

export function createAppStore(): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createConnectionSlice(...a),
    ...createConversationsSlice(...a),
    ...createPeopleSlice(...a),
    ...createTransfersSlice(...a),
    ...createReadStateSlice(...a),
    ...createSearchSlice(...a),
    ...createMessageUiSlice(...a),
    ...createThreadsSlice(...a),
    ...createDmE2eSlice(...a),
    ...createNotifySlice(...a),
    ...createAttachmentsSlice(...a),
  }));
}
