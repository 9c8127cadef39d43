// What the page knows about end-to-end encrypted DMs (issue 13), beside the
// messages themselves (which the store holds with their decrypted text, for
// display on this device only — never sent anywhere):
//   - dmMarks:    per message seq, how it was read: encrypted (a lock),
//                 plain (a DM from before encryption or an old app: "Not
//                 end-to-end encrypted"), or failed (why, shown in place of
//                 the text);
//   - dmNotices:  per DM, system lines about the other person's devices
//                 ("Bob has a new device"), shown in that conversation;
//   - dmTrust:    per peer, whether the safety code was verified, whether
//                 sending waits for a confirmation (their devices changed
//                 after that), or why the DM cannot be encrypted;
//   - dmProblems: per DM, why the last message was not sent (shown by the
//                 composer, which keeps the draft).
// ChatSession's EncryptedDms (src-renderer/session/encrypted-dms.ts) fills it.
import type { StateCreator } from 'zustand';
import type { AppState } from './app-store.js';

export type DmMark = { kind: 'encrypted' } | { kind: 'plain' } | { kind: 'failed'; reason: string };

export interface DmNotice {
  id: string;
  ts: number;
  text: string;
  /** A changed key (or sending now waits): shown as a warning, not a plain note. */
  warning: boolean;
}

export interface DmTrust {
  verified: boolean;
  /** Their devices changed after they were verified: sending waits for "Send anyway". */
  waits: boolean;
  /** Why there is no safety code / no encryption to them yet (no device that can read it). */
  unavailable?: string;
}

export interface DmE2eSlice {
  dmMarks: Record<number, DmMark>;
  dmNotices: Record<string, DmNotice[]>;
  dmTrust: Record<number, DmTrust>;
  dmProblems: Record<string, string>;
  /** The DM peer whose "Safety code" dialog is open (the header's button, the composer's "Compare safety code"). */
  safetyPeer: number | null;
  openSafety(peer: number | null): void;
  setDmMarks(marks: ReadonlyArray<readonly [number, DmMark | null]>): void;
  addDmNotice(conv: string, notice: DmNotice): void;
  setDmTrust(peer: number, trust: DmTrust): void;
  setDmProblem(conv: string, problem: string | null): void;
  resetDmE2e(): void;
}

/** Notices kept per DM (the oldest go first): enough for a person to notice what changed. */
const NOTICES_KEPT = 50;

export const createDmE2eSlice: StateCreator<AppState, [], [], DmE2eSlice> = (set, get) => ({
  dmMarks: {},
  dmNotices: {},
  dmTrust: {},
  dmProblems: {},
  safetyPeer: null,

  openSafety: (safetyPeer) => set({ safetyPeer }),

  setDmMarks: (marks) => {
    if (marks.length === 0) return;
    const next = { ...get().dmMarks };
    for (const [seq, mark] of marks) {
      if (mark === null) delete next[seq];
      else next[seq] = mark;
    }
    set({ dmMarks: next });
  },

  addDmNotice: (conv, notice) => {
    const list = get().dmNotices[conv] ?? [];
    set({ dmNotices: { ...get().dmNotices, [conv]: [...list, notice].slice(-NOTICES_KEPT) } });
  },

  setDmTrust: (peer, trust) => set({ dmTrust: { ...get().dmTrust, [peer]: trust } }),

  setDmProblem: (conv, problem) => {
    const next = { ...get().dmProblems };
    if (problem === null) delete next[conv];
    else next[conv] = problem;
    set({ dmProblems: next });
  },

  resetDmE2e: () => set({ dmMarks: {}, dmNotices: {}, dmTrust: {}, dmProblems: {}, safetyPeer: null }),
});
