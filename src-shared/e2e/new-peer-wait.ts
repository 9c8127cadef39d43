// A DM (or file) to someone who came online moments ago. Their page publishes
// its device key just after signing in, so in that moment the host lists no
// device for them and encrypting is refused with `no_devices`, as if their
// app could not read encrypted messages at all. Both the app
// (src-renderer/session/encrypted-dms.ts) and the terminal
// (src-main/terminal/delivery.ts) wait that moment out the same way: say so,
// wait for the host to list their device, try once more.
import { E2E_NEW_PEER_GRACE_MS, E2E_PEER_DEVICE_WAIT_MS } from '../limits.js';
import type { DmSession } from './dm-session.js';
import { DmSendError } from './dm-send-error.js';

/** The other person as the caller knows them: online now, and since when (Date.now(); undefined: online before I signed in, or never seen coming online). */
export interface NewPeer {
  id: number;
  online: boolean;
  cameOnlineAt: number | undefined;
}

/**
 * Runs `attempt`. When it fails with `no_devices` and `peer` came online less
 * than E2E_NEW_PEER_GRACE_MS before it started, calls `waiting` (to tell the
 * person), waits up to E2E_PEER_DEVICE_WAIT_MS for the host to list their
 * device and runs `attempt` once more; its error, if any, is the answer.
 * Anyone else's refusal is thrown at once.
 */
export async function retryForNewPeer<T>(
  dm: Pick<DmSession, 'devicesListedSince'>,
  peer: NewPeer | null,
  attempt: () => Promise<T>,
  waiting: () => void,
): Promise<T> {
  const started = Date.now();
  try {
    return await attempt();
  } catch (error) {
    const justOnline = peer !== null && peer.online && peer.cameOnlineAt !== undefined && started - peer.cameOnlineAt <= E2E_NEW_PEER_GRACE_MS;
    if (!(error instanceof DmSendError && error.code === 'no_devices') || !justOnline) throw error;
    waiting();
    await dm.devicesListedSince(peer.id, started, E2E_PEER_DEVICE_WAIT_MS);
    return attempt();
  }
}
