// Sending a line and making sure it arrived. Each message sent is tracked
// until the host acknowledges (or refuses) it; at end of input or /quit,
// drain() waits (bounded) for every acknowledgement and for the echoes of our
// own messages — they print from the echo, never when typed — and reports
// what could not be delivered, so the exit code can say so.
import { messageOf, type TerminalSession } from './terminal-session.js';
import { delay, waitFor } from './waiting.js';

/** Sends `text` to `conv`; the host's echo prints it, a refusal is reported. */
export function say(session: TerminalSession, conv: string, text: string): true {
  if (session.client.state !== 'online') session.print('* Not connected right now: it will be sent when the connection is back.');
  const sending = session.client.send(conv, text).done.then(
    (message) => {
      if (message.seq > session.highestAcked) session.highestAcked = message.seq;
    },
    (error: unknown) => {
      session.refused++;
      session.print(`! Not sent: ${messageOf(error)}`);
    },
  );
  session.pending.add(sending);
  void sending.finally(() => session.pending.delete(sending));
  return true;
}

/**
 * Waits (at most drainTimeoutMs) until the host has acknowledged every
 * message sent and their echoes have been printed. False if some were not.
 */
export async function drain(session: TerminalSession): Promise<boolean> {
  const limitMs = session.options.drainTimeoutMs ?? 10_000;
  const deadline = Date.now() + limitMs;
  const timeout = delay(limitMs);
  const settled = (async () => {
    while (session.pending.size > 0) await Promise.allSettled([...session.pending]);
  })();
  await Promise.race([settled, timeout.promise]);
  timeout.cancel();
  // Our own messages print from the host's echo, which follows the acknowledgement.
  await waitFor(session.client, () => session.client.lastSeq >= session.highestAcked, Math.max(0, deadline - Date.now()));
  const unsent = session.client.unsent.length;
  if (unsent > 0) {
    session.print(`! ${unsent} message${unsent === 1 ? ' was' : 's were'} not delivered: the host did not acknowledge ${unsent === 1 ? 'it' : 'them'} in time.`);
  }
  return unsent === 0 && session.refused === 0;
}
