// A receiver's memory of which envelopes it has accepted, to refuse replays and
// reorderings that the signature alone cannot catch (a replayed envelope is a
// perfectly signed one).
//
// Every sending device numbers its envelopes per conversation 1, 2, 3, … (the
// counter is signed). Live delivery must then bring strictly increasing
// counters from each (conversation, sender device): a counter already accepted
// is `replayed`; an older one not seen before is `reordered` (the host held a
// message back, or moved it). A jump forward is accepted and reported as a gap
// (messages the host has not delivered, or has dropped).
//
// History is a different path: a page of older messages fetched from the host
// is decrypted without the guard (those counters are below the highest on
// purpose), and the client checks that the page's counters increase with the
// host's order instead. The state is small and serialisable so a client keeps
// it with its other per-session data.
import { E2E_REPLAY_MEMORY } from '../limits.js';
import { E2eError } from './e2e-error.js';

interface Stream {
  highest: number;
  /** The last E2E_REPLAY_MEMORY accepted counters, to tell a replay from a reordering. */
  recent: number[];
}

export type ReplayGuardState = Array<[key: string, highest: number, recent: number[]]>;

export interface ReplayVerdict {
  /** Counters skipped between the last accepted envelope of this stream and this one (0 for the first one seen). */
  gap: number;
}

function streamKey(conversationId: string, senderUserId: string, senderDeviceId: string): string {
  return JSON.stringify([conversationId, senderUserId, senderDeviceId]);
}

export class ReplayGuard {
  private readonly streams = new Map<string, Stream>();

  static fromState(state: ReplayGuardState): ReplayGuard {
    const guard = new ReplayGuard();
    for (const [key, highest, recent] of state) {
      guard.streams.set(key, { highest, recent: recent.slice(-E2E_REPLAY_MEMORY) });
    }
    return guard;
  }

  toState(): ReplayGuardState {
    return [...this.streams].map(([key, stream]) => [key, stream.highest, [...stream.recent]]);
  }

  /** Throws E2eError('replayed' | 'reordered') unless `counter` is new and newer than all accepted; does not record it. */
  check(conversationId: string, senderUserId: string, senderDeviceId: string, counter: number): ReplayVerdict {
    const stream = this.streams.get(streamKey(conversationId, senderUserId, senderDeviceId));
    if (!stream) return { gap: 0 };
    if (counter > stream.highest) return { gap: counter - stream.highest - 1 };
    if (stream.recent.includes(counter)) {
      throw new E2eError('replayed', `Message ${counter} from device ${senderDeviceId} was already received.`);
    }
    throw new E2eError(
      'reordered',
      `Message ${counter} from device ${senderDeviceId} arrived after message ${stream.highest}: refused as out of order.`,
    );
  }

  /** Records an envelope that passed check() and decrypted. */
  accept(conversationId: string, senderUserId: string, senderDeviceId: string, counter: number): void {
    const key = streamKey(conversationId, senderUserId, senderDeviceId);
    const stream = this.streams.get(key) ?? { highest: 0, recent: [] };
    stream.highest = Math.max(stream.highest, counter);
    stream.recent.push(counter);
    if (stream.recent.length > E2E_REPLAY_MEMORY) stream.recent.splice(0, stream.recent.length - E2E_REPLAY_MEMORY);
    this.streams.set(key, stream);
  }
}
