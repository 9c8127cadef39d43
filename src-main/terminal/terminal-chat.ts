// The terminal client's logic, free of any TTY: lines in (an async iterable),
// lines out (a print function), a ChatClient to the host. ../cli/chat-cli.ts wires it
// to stdin/stdout; the tests drive it directly. This file runs a session from
// sign-in to exit; the rest is beside it:
//   terminal-session.ts  the session state (who, where, what is known)
//   incoming-events.ts   printing what the host sends
//   slash-commands.ts    typed lines: sending them, and the /commands
//   delivery.ts          sending, and the wait at exit for delivery
//   waiting.ts           bounded waits
//   message-format.ts    how each message is written
//   dm-display.ts        DMs decrypted for printing (src-shared/e2e/dm-session.ts)
//   (src-shared/e2e/dm-index.ts: the run's local search over decrypted DMs)
//   e2e-commands.ts      /safety, /verify, /confirm
//
// Decisions (where the brief is silent):
// - Lines are handled one at a time, in order: "/join x" then "hello" sends
//   "hello" to #x even when both arrive in the same chunk of piped input.
// - Your own messages print once, from the host's echo (so they show the
//   host's seq order and time), never when typed.
// - At end of input or /quit it waits (bounded) for the host to acknowledge
//   every message and for their echoes, then exits 0 — or 1 if some message
//   could not be delivered, so scripts notice.
// - "/msg NAME" without text makes that DM the current conversation; "/join
//   general" goes back. "//text" sends "/text".
// - Changes to messages (edits, deletions, reactions) print as their own
//   lines when they happen; /history shows each message as it is now
//   ("(edited)", "✖ message deleted"). Replies quote the start of the original.
// - /search prints hits newest first, matched words in bold at a terminal
//   that shows colour (else «marked»), and says when there are more than
//   shown; "/search more" pages further back.
// - Text from others is printed through message-format.ts, which neutralises
//   terminal control sequences.
import { ChatError } from '../../src-shared/chat-client.js';
import { drain } from './delivery.js';
import { printIncoming } from './incoming-events.js';
import { runLine } from './slash-commands.js';
import { messageOf, TerminalSession, type TerminalChatOptions } from './terminal-session.js';
import { delay, waitFor } from './waiting.js';

export class TerminalChat extends TerminalSession {
  constructor(options: TerminalChatOptions) {
    super(options);
    printIncoming(this);
  }

  /** Connects and signs in; on failure prints why and returns false. */
  async start(): Promise<boolean> {
    const timeoutMs = this.options.connectTimeoutMs ?? 10_000;
    const timeout = delay(timeoutMs);
    try {
      const timedOut = timeout.promise.then(() => {
        throw new ChatError('timeout', `The host did not answer within ${Math.round(timeoutMs / 1000)} s. Check the address and that the host is running.`);
      });
      await Promise.race([this.client.connect(), timedOut]);
    } catch (error) {
      this.print(`! ${messageOf(error)}`);
      this.close();
      return false;
    } finally {
      timeout.cancel();
    }
    let replayed = 0;
    const countReplayed = this.client.on('event', (_event, { replay }) => void (replay && replayed++));
    try {
      const result = await this.client.signIn(this.credentialsFrame());
      // What we missed comes right after the reply: show it before handling
      // any input (piped input may end at once, and we would leave without it).
      await waitFor(this.client, () => replayed >= result.replayCount, 5000);
      // This device is published (and its keys made, the first time) before any input is handled.
      await this.dm.settled();
      await this.printed(); // replayed DMs are decrypted before they print
    } catch (error) {
      const hint = error instanceof ChatError && error.code === 'passcode_required' ? ' Give it with --passcode.' : '';
      this.print(`! Could not sign in: ${messageOf(error)}${hint}`);
      this.close();
      return false;
    } finally {
      countReplayed();
    }
    return true;
  }

  /** Handles one typed line; false when it asked to quit. */
  async handleLine(raw: string): Promise<boolean> {
    const goOn = await runLine(this, raw.replace(/\r$/, ''));
    if (goOn) this.options.onReady?.();
    return goOn;
  }

  /**
   * Waits (at most drainTimeoutMs) until the host has acknowledged every
   * message sent and their echoes have been printed. False if some were not.
   */
  drain(): Promise<boolean> {
    return drain(this);
  }
}

/**
 * Runs a terminal chat to the end: signs in, handles each line in order, and
 * at end of input (or /quit) waits for delivery. Resolves with the exit code:
 * 0 done, 1 could not connect / sign in / deliver, or the host refused us.
 */
export async function runTerminalChat(lines: AsyncIterable<string>, options: TerminalChatOptions): Promise<number> {
  // Take the iterator first, so lines typed or piped while we connect are kept.
  const input = lines[Symbol.asyncIterator]();
  const chat = new TerminalChat(options);
  const stopInput = () => void input.return?.()?.catch(() => {});
  if (!(await chat.start())) {
    stopInput();
    return 1;
  }
  let exitCode: number | null = null;
  for (;;) {
    const next = await Promise.race([input.next(), chat.fatal]);
    if ('exitCode' in next) {
      exitCode = next.exitCode;
      break;
    }
    if (next.done) break;
    if (!(await chat.handleLine(next.value))) break;
  }
  stopInput();
  if (exitCode === null) exitCode = (await chat.drain()) ? 0 : 1;
  chat.close();
  return exitCode;
}
