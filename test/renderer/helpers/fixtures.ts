// Snapshots and messages as the host would send them.
import type { Message, SignedIn } from '../../../src-shared/protocol/frames.js';

export const ALICE = { id: 1, name: 'Alice', isAdmin: true };
export const BOB = { id: 2, name: 'Bob', isAdmin: false };
export const CAROL = { id: 3, name: 'Carol', isAdmin: false };

export function snapshot(overrides: Partial<SignedIn> = {}): SignedIn {
  return {
    user: ALICE,
    token: 'token-alice',
    session: { id: 'session-1', name: 'Office LAN', passcodeRequired: false, protocol: 1 },
    lastSeq: 10,
    resync: false,
    replayCount: 0,
    channels: [
      { id: 1, name: 'general', topic: 'Everyone in the session', createdBy: null, memberCount: 3, joined: true },
      { id: 2, name: 'design', topic: 'pixels', createdBy: 2, memberCount: 2, joined: true },
      { id: 3, name: 'random', topic: '', createdBy: 2, memberCount: 1, joined: false },
    ],
    users: [
      { ...ALICE, online: true },
      { ...BOB, online: true },
      { ...CAROL, online: false },
    ],
    dms: [{ conv: 'dm:1:2', peer: 2, lastSeq: 5 }],
    convStates: [],
    ...overrides,
  };
}

let nextSeq = 100;

export function message(partial: Partial<Message> = {}): Message {
  const seq = partial.seq ?? nextSeq++;
  return {
    seq,
    conv: 'ch:1',
    from: BOB.id,
    fromName: BOB.name,
    clientMsgId: `m-${seq}`,
    kind: 'text',
    text: `message ${seq}`,
    ts: Date.now(),
    ...partial,
  };
}

export const messageEvent = (m: Message) => ({ seq: m.seq, type: 'message' as const, message: m });
