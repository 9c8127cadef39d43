// Drives the terminal client's logic (runTerminalChat) the way chat-cli.ts
// does, without a TTY: lines are pushed in, printed lines are collected.
import type { ChatClient } from '../../src-shared/chat-client.js';
import { memoryDeviceKeyStore } from '../../src-shared/e2e/device-key-store.js';
import { memoryDmStateStore } from '../../src-shared/e2e/dm-state.js';
import { runTerminalChat } from '../../src-main/terminal/terminal-chat.js';
import type { Credentials, TerminalChatOptions } from '../../src-main/terminal/terminal-session.js';

/** An input stream of lines that a test writes to, like piped stdin. */
export class LineFeed implements AsyncIterable<string> {
  private readonly queue: string[] = [];
  private ended = false;
  private waiting: ((result: IteratorResult<string>) => void) | null = null;

  push(...lines: string[]): void {
    for (const line of lines) {
      if (this.waiting) {
        const wake = this.waiting;
        this.waiting = null;
        wake({ value: line, done: false });
      } else {
        this.queue.push(line);
      }
    }
  }

  /** End of input, as when piped stdin closes. */
  end(): void {
    this.ended = true;
    const wake = this.waiting;
    this.waiting = null;
    wake?.({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<string> {
    return {
      next: () => {
        if (this.queue.length > 0) return Promise.resolve({ value: this.queue.shift()!, done: false });
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (this.waiting = resolve));
      },
      return: () => {
        this.end();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}

export interface Terminal {
  /** Every line printed so far. */
  output: string[];
  /** Types lines (as if piped in). */
  type(...lines: string[]): void;
  /** Ends input (EOF). */
  end(): void;
  /** Resolves with the exit code runTerminalChat returned. */
  exit: Promise<number>;
  /** Resolves with the first printed line matching `pattern` (already printed or to come). */
  waitForLine(pattern: RegExp | string, timeoutMs?: number): Promise<string>;
  /** Printed lines matching `pattern`. */
  lines(pattern: RegExp | string): string[];
}

/**
 * Each name's device, kept across runs like the config dir of one machine:
 * a terminal started again for the same name is the same device (keys and
 * DM state), so it reads what was encrypted to it before. Accounts are per
 * session, so tests with different hosts do not mix.
 */
const devices = new Map<string, NonNullable<TerminalChatOptions['e2e']>>();
function deviceOf(name: string): NonNullable<TerminalChatOptions['e2e']> {
  const key = name.toLowerCase();
  let device = devices.get(key);
  if (!device) devices.set(key, (device = { keyStore: memoryDeviceKeyStore(), stateStore: memoryDmStateStore() }));
  return device;
}

const matches = (line: string, pattern: RegExp | string) => (typeof pattern === 'string' ? line.includes(pattern) : pattern.test(line));

export function startTerminal(
  client: ChatClient,
  credentials: Credentials,
  drainTimeoutMs = 3000,
  extra: Pick<TerminalChatOptions, 'onMoved' | 'e2e'> = {},
): Terminal {
  const output: string[] = [];
  const waiters = new Set<() => void>();
  const feed = new LineFeed();
  const exit = runTerminalChat(feed, {
    client,
    credentials,
    drainTimeoutMs,
    e2e: deviceOf(credentials.name),
    ...extra,
    print: (line) => {
      output.push(line);
      for (const waiter of [...waiters]) waiter();
    },
  });
  return {
    output,
    exit,
    type: (...lines) => feed.push(...lines),
    end: () => feed.end(),
    lines: (pattern) => output.filter((line) => matches(line, pattern)),
    waitForLine(pattern, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = output.find((line) => matches(line, pattern));
          if (found === undefined) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no line matching ${String(pattern)} within ${timeoutMs} ms; printed:\n${output.join('\n')}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
  };
}
