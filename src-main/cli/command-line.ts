// What `npm run host`, `npm run chat` and `npm run discover` share about their
// command lines: node:util parseArgs in strict mode, its errors turned into one
// line that says what to do, and the exit codes (2 = you typed it wrong, the
// usual convention; 1 = it went wrong at run time).
import { parseArgs, type ParseArgsConfig } from 'node:util';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A command line that cannot be run as typed. The message says what to change. */
export class UsageError extends Error {
  override name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs, strict; throws UsageError with a readable message instead of parseArgs' own. */
export function parseCommandLine<O extends Options>(args: string[], options: O, allowPositionals: boolean) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError(explainParseError(error));
  }
}

function explainParseError(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Unknown option ${quoted}. Run with --help to see the options.`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `Unexpected argument “${quoted}”. Options start with --; run with --help to see them.`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      // parseArgs quotes "-h, --help" or "--port <value>": name the long form.
      const words = quoted.split(/[\s,]+/);
      const option = words.find((word) => word.startsWith('--')) ?? words[0] ?? quoted;
      if (/does not take an argument/.test(message)) return `${option} takes no value; write it on its own.`;
      return `${option} needs a value after it (run with --help to see the options).`;
    }
    default:
      return message;
  }
}

/** Parses a TCP port given on the command line; `allowZero` for "any free port". */
export function parsePortOption(flag: string, raw: string, allowZero: boolean): number {
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  const min = allowZero ? 0 : 1;
  if (!(port >= min && port <= 65535)) {
    throw new UsageError(`${flag} must be a whole number from ${min} to 65535${allowZero ? ' (0 = any free port)' : ''}; got “${raw}”.`);
  }
  return port;
}

/** Prints a usage error the same way for every command and returns its exit code. */
export function reportUsageError(program: string, error: UsageError, usage: string, write: (text: string) => void): number {
  write(`${program}: ${error.message}\n\n${usage}\n`);
  return EXIT_USAGE;
}
