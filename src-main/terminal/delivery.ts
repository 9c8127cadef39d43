// Sending a line and making sure it arrived. Each message sent is tracked
// until the host acknowledges (or refuses) it; at end of input or /quit,
// drain() waits (bounded) for every acknowledgement and for the echoes of our
// own messages — they print from the echo, never when typed — and reports
// what could not be delivered, so the exit code can say so.
import { DmSendError } from '../../src-shared/e2e/dm-session.js';
import { retryForNewPeer } from '../../src-shared/e2e/new-peer-wait.js';
import { dmKey, dmPeer, parseConversationKey } from '../../src-shared/protocol/conversations.js';
import { convertShortcodes } from '../../src-shared/shortcode-conversion.js';
import type { Message } from '../../src-shared/protocol/frames.js';
import { printable } from './message-format.js';
import { messageOf, type TerminalSession } from './terminal-session.js';
import { delay, waitFor } from './waiting.js';

/**
 * Sends `text` to `conv` (`:shortcode:`s made emoji); the host's echo prints it, a refusal is reported.
 * A DM is encrypted first (dm-session.ts) — awaited, so lines still go out in
 * the order typed: to someone without a device that can read it, it is
 * refused (the terminal never falls back to plain text) — after waiting a
 * moment for someone who has just come online (new-peer-wait.ts); to
 * someone whose devices changed after /verify, it is held until /confirm.
 */
export async function say(session: TerminalSession, conv: string, text: string, thread?: { threadRoot: number; alsoToChannel?: boolean }): Promise<true> {
  // `:tada:` → 🎉 as in the app (Slack's common names; the app also knows every CLDR name).
  text = convertShortcodes(text);
  const peer = parseConversationKey(conv)?.kind === 'dm' ? dmPeer(conv, session.me) : null;
  if (peer !== null && session.held.has(peer)) {
    session.held.get(peer)!.push(text);
    session.print(`! Held, like the ones before it: /confirm ${printable(session.userName(peer))} sends them.`);
    return true;
  }
  if (session.client.state !== 'online') session.print('* Not connected right now: it will be sent when the connection is back.');
  let queued: Promise<Message>;
  if (peer === null) {
    queued = session.client.send(conv, text, undefined, thread ?? {}).done;
  } else {
    try {
      const newPeer = { id: peer, online: session.users.get(peer)?.online === true, cameOnlineAt: session.cameOnlineAt.get(peer) };
      const waiting = () => session.print(`* Waiting for ${printable(session.userName(peer))}'s app to finish signing in before sending…`);
      queued = (await retryForNewPeer(session.dm, newPeer, () => session.dm.send(conv, text, thread ?? {}), waiting)).done;
    } catch (error) {
      const name = printable(session.userName(peer));
      if (error instanceof DmSendError && error.code === 'confirm_needed') {
        session.held.set(peer, [text]);
        session.print(`! Not sent yet: ${name}'s devices changed after you verified them. /safety ${name} shows the new code; /verify ${name} after comparing it, or /confirm ${name} to send anyway.`);
        return true;
      }
      session.refused++;
      if (error instanceof DmSendError && error.code === 'no_devices') {
        session.print(`! Not sent: ${name} has no device that can read encrypted messages yet; they need to sign in with an updated app.`);
      } else {
        session.print(`! Not sent: ${messageOf(error)}`);
      }
      return true;
    }
  }
  track(session, queued);
  return true;
}

function track(session: TerminalSession, queued: Promise<Message>): void {
  const sending = queued.then(
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
}

/** Sends what was held for `peer` (after /confirm or /verify). */
export async function sendHeld(session: TerminalSession, peer: number): Promise<void> {
  const texts = session.held.get(peer) ?? [];
  session.held.delete(peer);
  const conv = dmKey(session.me, peer);
  for (const text of texts) await say(session, conv, text);
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
  // Echoes of DMs are decrypted before they print.
  const printing = delay(Math.max(0, deadline - Date.now()));
  await Promise.race([session.printed(), printing.promise]);
  printing.cancel();
  const unsent = session.client.unsent.length;
  if (unsent > 0) {
    session.print(`! ${unsent} message${unsent === 1 ? ' was' : 's were'} not delivered: the host did not acknowledge ${unsent === 1 ? 'it' : 'them'} in time.`);
  }
  let held = 0;
  for (const [peer, texts] of session.held) {
    held += texts.length;
    session.print(`! ${texts.length} message${texts.length === 1 ? '' : 's'} to ${printable(session.userName(peer))} not sent: they waited for /confirm.`);
  }
  return unsent === 0 && session.refused === 0 && held === 0;
}
