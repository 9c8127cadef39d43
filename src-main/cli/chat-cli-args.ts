// The command line of `npm run chat`: what it accepts, its help text, and the
// checks that turn a mistyped option into a one-line explanation (exit 2).
import { validateUserName } from '../../src-shared/names.js';
import { identityMatches, parseExpectedIdentity, sessionCode, type ExpectedIdentity } from '../../src-shared/session-identity.js';
import { parseSessionLinkFragment } from '../../src-shared/session-link.js';
import { parseCommandLine, UsageError } from './command-line.js';
import { chatSocketUrl, HostAddressError } from '../terminal/host-address.js';

export interface ChatCliOptions {
  /** wss://host:port/ws (ws:// for a host run with --plain) */
  url: string;
  name: string;
  password: string;
  passcode?: string;
  /** --fingerprint: the session this must be (its code or whole fingerprint). */
  expected?: ExpectedIdentity;
  /** --forget: forget the identity remembered for this address first (after the host really made a new session). */
  forget: boolean;
  /** false with --no-discovery: do not look for the session on the LAN (mDNS) when its host stops answering. */
  discovery: boolean;
}

export type ChatCommand = { kind: 'help' } | { kind: 'run'; options: ChatCliOptions };

export const CHAT_USAGE = `Usage: npm run chat -- HOST[:PORT] --name NAME --password PW [--passcode X] [--fingerprint CODE] [--forget] [--no-discovery]

Chats in a Parley session from a terminal. Lines typed (or piped in) are sent to
the current conversation; /help lists the commands. Ends at /quit or end of input,
after the host has acknowledged every message.

  HOST[:PORT]     the host's address: 192.168.1.20:47800, myhost (port 47800),
                  [::1]:47800, or the https://… address \`npm run host\` prints;
                  its share link (https://…/#fp=…) also says which session
                  to expect, as --fingerprint does
  --name NAME     your name in the session (claimed with the password on first use)
  --password PW   your password (or set PARLEY_PASSWORD instead)
  --passcode X    the session's passcode, if it has one
  --fingerprint CODE
                  the session code the host shows (or its whole fingerprint):
                  connect only if the session at HOST has it
  --forget        forget the session remembered for HOST first — only after its
                  host confirmed it made a new session (its code changed)
  --no-discovery  when the host stops answering, only retry its address; by
                  default Parley also looks for the same session (same code)
                  on the local network and follows it to a new address
  --help          show this help

The first connection to an address remembers the session's identity (in the
known-sessions file beside Parley's data) and prints its code to compare with
the host's screen; later connections refuse a different one before sending
anything.

Example: printf 'hello\\n/msg bob lunch?\\n' | npm run chat -- 192.168.1.20:47800 --name alice --password s3cret-pw`;

/** Parses `npm run chat` arguments; throws UsageError when they cannot be run as typed. */
export function parseChatArgs(args: string[], env: Record<string, string | undefined> = {}): ChatCommand {
  const { values, positionals } = parseCommandLine(
    args,
    {
      name: { type: 'string' },
      password: { type: 'string' },
      passcode: { type: 'string' },
      fingerprint: { type: 'string' },
      forget: { type: 'boolean' },
      'no-discovery': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) return { kind: 'help' };

  if (positionals.length === 0) throw new UsageError("Give the host's address first, e.g. npm run chat -- 192.168.1.20:47800 --name NAME --password PW.");
  if (positionals.length > 1) {
    throw new UsageError(`Give one host address; got ${positionals.map((p) => `“${p}”`).join(' and ')}. Quote values with spaces, e.g. --name "Mary Ann".`);
  }
  let url: string;
  try {
    url = chatSocketUrl(positionals[0]!);
  } catch (error) {
    if (error instanceof HostAddressError) throw new UsageError(error.message);
    throw error;
  }

  if (values.name === undefined) throw new UsageError('Say who you are with --name NAME.');
  const name = validateUserName(values.name);
  if (!name.ok) throw new UsageError(`--name: ${name.message}`);
  const password = values.password ?? env.PARLEY_PASSWORD;
  if (password === undefined || password === '') throw new UsageError('Give your password with --password PW (or in PARLEY_PASSWORD).');
  if (values.passcode === '') throw new UsageError('--passcode needs a value; leave it out if the session has none.');
  let expected: ExpectedIdentity | undefined;
  if (values.fingerprint !== undefined) {
    expected = parseExpectedIdentity(values.fingerprint) ?? undefined;
    if (!expected) throw new UsageError('--fingerprint takes the session code the host shows (20 characters, like 3F2A 9C01 7B44 D0E8 1A6C) or its whole fingerprint (64).');
    if (!url.startsWith('wss:')) throw new UsageError('--fingerprint needs a secure address: a host run with --plain has no identity to check.');
  }
  // A share link (https://HOST:PORT/#fp=…) names its session as --fingerprint does.
  const hash = positionals[0]!.indexOf('#');
  const link = hash === -1 ? ({ kind: 'none' } as const) : parseSessionLinkFragment(positionals[0]!.slice(hash));
  if (link.kind === 'invalid') throw new UsageError(link.message);
  if (link.kind === 'link') {
    if (!url.startsWith('wss:')) throw new UsageError('That link names a session identity, but its address is not https://: copy the whole link the host printed again.');
    const fromLink: ExpectedIdentity = { kind: 'fingerprint', fingerprint: link.fingerprint };
    if (expected && !identityMatches(link.fingerprint, expected)) {
      throw new UsageError(`The link is for session ${sessionCode(link.fingerprint)}, but --fingerprint names another: leave one of them out, or check which the host shows.`);
    }
    expected = fromLink; // the whole fingerprint: at least as exact as a matching --fingerprint
  }

  return {
    kind: 'run',
    options: { url, name: name.value, password, ...(values.passcode !== undefined && { passcode: values.passcode }), ...(expected && { expected }), forget: values.forget === true, discovery: values['no-discovery'] !== true },
  };
}
