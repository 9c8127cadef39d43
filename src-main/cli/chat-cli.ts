// `npm run chat -- HOST:PORT --name NAME --password PW`: a terminal client.
// Works typed at a terminal and with piped input alike:
//   printf 'hi\n/msg bob yo\n/quit\n' | npm run chat -- 192.168.1.20:47800 --name alice --password s3cret-pw
// The logic is ../terminal/terminal-chat.ts (and the files beside it); this file
// only wires stdin/stdout to it.
import path from 'node:path';
import readline from 'node:readline';
import { ChatClient, type WebSocketConstructor } from '../../src-shared/chat-client.js';
import { sessionCode } from '../../src-shared/session-identity.js';
import { accountFiles } from '../e2e/account-files.js';
import { appDataDir } from '../host/app-data-dir.js';
import { ProbeError } from '../trust/certificate-probe.js';
import { KnownSessions } from '../trust/known-sessions.js';
import type { SessionPin } from '../trust/pinned-tls.js';
import { SessionBrowser } from '../discovery/session-browser.js';
import { SessionFollower } from '../discovery/session-follower.js';
import { IdentityChangedError, urlAddress } from '../trust/session-trust.js';
import { trustedWebSocket } from '../trust/trusted-websocket.js';
import { EXIT_FAILURE, EXIT_OK, reportUsageError, UsageError } from './command-line.js';
import { CHAT_USAGE, parseChatArgs, type ChatCliOptions, type ChatCommand } from './chat-cli-args.js';
import { rememberMovedAddress } from '../terminal/follow-move.js';
import { runTerminalChat } from '../terminal/terminal-chat.js';

async function main(args: string[]): Promise<number> {
  let command: ChatCommand;
  try {
    command = parseChatArgs(args, process.env);
  } catch (error) {
    if (error instanceof UsageError) return reportUsageError('chat', error, CHAT_USAGE, (text) => process.stderr.write(text));
    throw error;
  }
  if (command.kind === 'help') {
    process.stdout.write(`${CHAT_USAGE}\n`);
    return EXIT_OK;
  }
  const { url, name, password, passcode } = command.options;

  // Which session to trust is settled before reading input: lines piped in
  // meanwhile wait in stdin for the reader that runTerminalChat sets up.
  process.stdout.write(`* Connecting to ${url}…\n`);
  const known = new KnownSessions(appDataDir());
  const checked = await checkedWebSocket(command.options, known, (line) => void process.stdout.write(`${line}\n`));
  if (typeof checked === 'number') return checked;

  const tty = process.stdin.isTTY === true && process.stdout.isTTY === true;
  // Bold for matched words in /search only where the output is a terminal that
  // shows colour (hasColors honours NO_COLOR, FORCE_COLOR and TERM=dumb);
  // piped output gets plain «marks».
  const emphasis = process.stdout.isTTY === true && process.stdout.hasColors() ? 'bold' : 'marks';
  const rl = readline.createInterface({ input: process.stdin, ...(tty && { output: process.stdout }), terminal: tty });
  let prompting = false;
  let lineEntered = false;
  const showPrompt = () => {
    lineEntered = false;
    rl.prompt(true);
  };
  // At a terminal, an incoming line must not land in the middle of what is
  // being typed: clear the prompt line, print, then redraw prompt and input.
  const print = tty
    ? (line: string) => {
        readline.clearLine(process.stdout, 0);
        readline.cursorTo(process.stdout, 0);
        process.stdout.write(`${line}\n`);
        if (prompting) showPrompt();
      }
    : (line: string) => void process.stdout.write(`${line}\n`);
  if (tty) {
    rl.on('line', (line) => {
      lineEntered = true;
      // What was typed as a message reappears from the host's echo: drop the typed copy.
      if (line.trim() !== '' && !line.startsWith('/')) {
        readline.moveCursor(process.stdout, 0, -1);
        readline.clearLine(process.stdout, 0);
      }
    });
    // Ctrl+D or Ctrl+C at the prompt: end that line so the shell's prompt starts clean.
    rl.on('close', () => {
      if (prompting && !lineEntered) process.stdout.write('\n');
      prompting = false;
    });
  }

  // Ctrl+C / SIGTERM: stop reading and leave as after /quit (messages still
  // waiting are given their chance); a second one leaves at once.
  let interrupted = false;
  const interrupt = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    rl.close();
  };
  rl.on('SIGINT', interrupt);
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);

  const client = new ChatClient({ url, WebSocket: checked.WebSocket });
  // A host that vanishes and comes back at another address is found again by its identity (not for --plain: nothing proves it).
  const follower =
    checked.pin && command.options.discovery
      ? new SessionFollower({ client, pin: checked.pin, known, createBrowser: () => new SessionBrowser({ requeryMs: FOLLOW_REQUERY_MS, staleMs: FOLLOW_STALE_MS }) })
      : null;
  const exitCode = await runTerminalChat(rl, {
    client,
    credentials: { name, password, ...(passcode !== undefined && { passcode }) },
    print,
    // This device's DM keys and state, per session and person (0600 files).
    e2e: accountFiles(path.join(appDataDir(), 'e2e')),
    emphasis,
    onPromptChange: (prompt) => {
      if (!tty) return;
      rl.setPrompt(prompt);
      prompting = true;
      showPrompt();
    },
    onReady: () => {
      if (prompting) showPrompt();
    },
    // Handed over (follow-move.ts): the new address proved the same identity, so
    // a later `npm run chat -- NEWHOST:PORT` trusts it without a first-contact notice.
    onMoved: (newUrl) => {
      if (!checked.pin) return;
      try {
        rememberMovedAddress(known, checked.pin, url, newUrl);
      } catch (error) {
        print(`! Could not remember the new address in ${known.file}: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  });
  follower?.dispose();
  return exitCode;
}

/**
 * While the host does not answer, the terminal client asks mDNS this often
 * (the desktop's browser asks every 15 s; a client waiting on a vanished
 * host wants it found within seconds, and browses only during the outage).
 */
const FOLLOW_REQUERY_MS = 3000;
const FOLLOW_STALE_MS = 10_000;

/** The identity check failed: a different session answers at that address. */
const EXIT_IDENTITY = 3;

/**
 * Which session to talk to (session-trust.ts): checked against --fingerprint or
 * what this device remembers for the address, or trusted and remembered on
 * first contact, with the code printed to compare. Returns a WebSocket
 * constructor pinned to it (and the pin, to remember a new address after a hand-over), or the exit code when the program must stop — in
 * every case before anything, let alone the password, was sent.
 */
async function checkedWebSocket(
  options: ChatCliOptions,
  known: KnownSessions,
  print: (line: string) => void,
): Promise<{ WebSocket: WebSocketConstructor; pin?: SessionPin } | number> {
  const target = urlAddress(options.url);
  if (target?.secure && options.forget && known.forget(target.address)) print(`* Forgot the session remembered for ${target.address}.`);
  try {
    const trusted = await trustedWebSocket({
      url: options.url,
      known,
      expected: options.expected,
      onRefused: (error) => {
        process.stderr.write(`parley chat: ${error.message}\n`);
        process.exit(EXIT_IDENTITY);
      },
    });
    if (trusted.kind === 'plain') {
      print('* Warning: this is a plain connection (the host runs with --plain). Anyone on the network can read your password and messages.');
      return { WebSocket: trusted.WebSocket };
    }
    const code = sessionCode(trusted.decision.pin.fingerprint);
    if (trusted.decision.status === 'first-contact') {
      print(`* First connection to this session. Its code is ${code} — check that the host's screen shows the same.`);
      print(`  Remembered in ${known.file}; a different session at this address will be refused.`);
    } else {
      print(`* Session code ${code} (as expected).`);
    }
    return { WebSocket: trusted.WebSocket, pin: trusted.decision.pin };
  } catch (error) {
    if (error instanceof IdentityChangedError) {
      process.stderr.write(`parley chat: ${error.message}\n  To trust the new session: npm run chat -- ${error.address} --forget … (or --fingerprint CODE).\n`);
      return EXIT_IDENTITY;
    }
    if (error instanceof ProbeError) {
      process.stderr.write(`parley chat: ${error.message}\n`);
      return EXIT_FAILURE;
    }
    throw error;
  }
}

process.exit(await main(process.argv.slice(2)));
