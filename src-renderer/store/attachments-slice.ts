// Files waiting in the composer, per conversation, to go out with the next
// message (its text is their caption). Kept in memory only: they survive
// switching conversations in this run, not a reload (a File cannot be stored,
// and main forgets its pick tokens when the app quits).
import type { StateCreator } from 'zustand';
import { nanoid } from 'nanoid';
import type { PickedFile } from '../../src-shared/ipc/ipc-contract.js';
import { MAX_FILES_PER_MESSAGE } from '../../src-shared/limits.js';
import type { AppState } from './app-store.js';

/**
 * A file to send: a File (dropped, pasted, or picked with the browser's
 * <input type=file>) or, in the desktop app, one chosen in main's native
 * dialog (a pick token; main streams it from disk). Both have a name, size and type.
 */
export type OutgoingFile = File | PickedFile;

/** A file chosen in the desktop app's native dialog (no bytes in the page). */
export function isPickedFile(file: OutgoingFile): file is PickedFile {
  return typeof (file as Partial<PickedFile>).token === 'string' && !(typeof File !== 'undefined' && file instanceof File);
}

export interface Attachment {
  id: string;
  file: OutgoingFile;
}

export interface AttachmentsSlice {
  attachments: Record<string, Attachment[]>;
  /** Adds files to `conv`'s composer. Words to show when some did not fit (MAX_FILES_PER_MESSAGE), else null. */
  addAttachments(conv: string, files: readonly OutgoingFile[]): string | null;
  removeAttachment(conv: string, id: string): void;
  /** Takes them out (to send): returns what was waiting. */
  takeAttachments(conv: string): Attachment[];
  /** Puts taken ones back in front (none of them could be sent), as they were. */
  restoreAttachments(conv: string, taken: readonly Attachment[]): void;
}

export const createAttachmentsSlice: StateCreator<AppState, [], [], AttachmentsSlice> = (set, get) => ({
  attachments: {},
  addAttachments: (conv, files) => {
    const current = get().attachments[conv] ?? [];
    const room = Math.max(0, MAX_FILES_PER_MESSAGE - current.length);
    const added = files.slice(0, room).map((file) => ({ id: nanoid(8), file }));
    if (added.length > 0) set({ attachments: { ...get().attachments, [conv]: [...current, ...added] } });
    return files.length > room ? `A message takes up to ${MAX_FILES_PER_MESSAGE} files: send these first, then add the rest.` : null;
  },
  removeAttachment: (conv, id) => {
    const current = get().attachments[conv] ?? [];
    set({ attachments: { ...get().attachments, [conv]: current.filter((a) => a.id !== id) } });
  },
  takeAttachments: (conv) => {
    const current = get().attachments[conv] ?? [];
    if (current.length > 0) {
      const { [conv]: _taken, ...rest } = get().attachments;
      set({ attachments: rest });
    }
    return current;
  },
  restoreAttachments: (conv, taken) => {
    if (taken.length === 0) return;
    const current = get().attachments[conv] ?? [];
    set({ attachments: { ...get().attachments, [conv]: [...taken, ...current] } });
  },
});
