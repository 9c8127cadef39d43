// `npm run chat -- HOST:PORT --name NAME --password PW`: a terminal client.
// Works typed at a terminal and with piped input alike:
//   printf 'hi\n/msg bob yo\n/quit\n' | npm run chat -- 192.168.1.20:47800 --name alice --password s3cret-pw
// The logic is terminal-chat.ts; this file only wires stdin/stdout to it.
import readline from 'node:readline';
import WebSocket from 'ws';
import { ChatClient, type WebSocketConstructor } from '../../src-shared/chat-client.js';
import { EXIT_OK, reportUsageError, UsageError } from './command-line.js';
import { CHAT_USAGE, parseChatArgs, type ChatCommand } from './chat-cli-args.js';
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

  print(`* Connecting to ${url}…`);
  const client = new ChatClient({ url, WebSocket: WebSocket as unknown as WebSocketConstructor });
  return runTerminalChat(rl, {
    client,
    credentials: { name, password, ...(passcode !== undefined && { passcode }) },
    print,
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
  });
}

process.exit(await main(process.argv.slice(2)));
