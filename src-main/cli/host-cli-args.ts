// The command line of `npm run host`: what it accepts, its help text, and the
// checks that turn a mistyped option into a one-line explanation (exit 2).
import net from 'node:net';
import path from 'node:path';
import { DEFAULT_PORT, FILE_RETENTION_DAYS_DEFAULT, PASSCODE_MAX_CHARS, SESSION_NAME_MAX_CHARS } from '../../src-shared/limits.js';
import { parseExpectedIdentity, type ExpectedIdentity } from '../../src-shared/session-identity.js';
import { validateUserName } from '../../src-shared/names.js';
import { parseByteSize } from '../host/byte-sizes.js';
import { chatSocketUrl, HostAddressError } from '../terminal/host-address.js';
import { parseCommandLine, parsePortOption, UsageError } from './command-line.js';

export interface HostCliOptions {
  port: number;
  /** True when --port was not given: then a taken port falls back to the next free one. */
  portFallback: boolean;
  dataDir: string;
  sessionName?: string;
  passcode?: string;
  /** undefined = every interface (the host's default). */
  bindAddress?: string;
  /** --advertise: announce the session on the LAN by mDNS (off unless asked for). */
  advertise?: true;
  /** --max-file-size, in bytes. */
  maxFileBytes?: number;
  /** --file-retention-days. */
  fileRetentionDays?: number;
  /** --dev: serve the web client's source maps. */
  dev?: true;
  /** --plain: no TLS (see ChatHostOptions.tls for the risk). */
  plain?: true;
}

/** --take-over: whose session to take, and who takes it (an admin there). */
export interface TakeOverTarget {
  /** wss://HOST:PORT/ws of the running host. */
  url: string;
  name: string;
  password: string;
  /** The passcode people need to join that session, if it has one. */
  passcode?: string;
  expected?: ExpectedIdentity;
}

export type HostCommand = { kind: 'help' } | { kind: 'run'; options: HostCliOptions; takeOver?: TakeOverTarget };

export function hostUsage(defaultDataDir: string): string {
  return `Usage: npm run host -- [options]

Runs a Parley session host without the desktop app. People join from the app,
from a browser at one of the printed addresses, or with \`npm run chat\`.

Options:
  --port N          TCP port (default ${DEFAULT_PORT}, or the next free one if it is taken;
                    0 = any free port). A port given here is used as is, or the host stops.
  --data-dir DIR    folder of the session database (default ${defaultDataDir})
  --name "NAME"     session name shown to people joining (remembered for next time)
  --passcode X      people need this passcode to join
  --bind ADDR       IP address to listen on (default: every interface; 127.0.0.1 = this machine only)
  --advertise       announce the session on the local network (mDNS, _parley._tcp) so the app
                    lists it; off by default here (the desktop app announces when it hosts).
                    With --bind on an IPv4 address, it announces on that interface only.
                    Check what others see with \`npm run discover\`.
  --max-file-size S largest file people may share through the host, e.g. 500M or 2G
                    (default 4G)
  --file-retention-days D
                    days the host keeps shared files before deleting them (default ${FILE_RETENTION_DAYS_DEFAULT})
  --dev             also serve the web client's source maps (*.js.map), so a browser's
                    developer tools show the original TypeScript; off by default
  --plain           serve plain HTTP and WebSocket, without TLS. Anyone on the network can
                    then read passwords and messages and pretend to be this host: only for
                    a network where every device is yours. Off by default (HTTPS + WSS with
                    the session's own certificate, kept in the data folder)
  --take-over HOST:PORT
                    take over the session running at HOST:PORT (you must be an admin there):
                    its messages, accounts, files and identity move to this machine, everyone
                    is sent here by itself, and the old host stops. With it, --name and
                    --password are YOUR name and password in that session (or PARLEY_PASSWORD),
                    --passcode the session's passcode if it has one, and --fingerprint CODE
                    the session code to require. --data-dir must be a new or empty folder.
  --help            show this help`;
}

const codePoints = (s: string) => [...s].length;
const isLoopback = (address: string) => /^127\./.test(address) || address === '::1' || address.toLowerCase() === '::ffff:127.0.0.1';

/** The IPv4 interface to advertise on for a --bind address (undefined = every interface). */
export function advertiseInterfaceFor(bindAddress: string | undefined): string | undefined {
  if (bindAddress === undefined || net.isIPv4(bindAddress) === false || bindAddress === '0.0.0.0') return undefined;
  return bindAddress;
}

/** Parses `npm run host` arguments; throws UsageError when they cannot be run as typed. */
export function parseHostArgs(args: string[], defaultDataDir: string, env: NodeJS.ProcessEnv = process.env): HostCommand {
  const { values } = parseCommandLine(
    args,
    {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      name: { type: 'string' },
      passcode: { type: 'string' },
      bind: { type: 'string' },
      advertise: { type: 'boolean' },
      'max-file-size': { type: 'string' },
      'file-retention-days': { type: 'string' },
      dev: { type: 'boolean' },
      plain: { type: 'boolean' },
      'take-over': { type: 'string' },
      password: { type: 'string' },
      fingerprint: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    false,
  );
  if (values.help) return { kind: 'help' };
  const takeOver = values['take-over'] === undefined ? undefined : takeOverTarget(values, env);
  if (!takeOver && (values.password !== undefined || values.fingerprint !== undefined)) {
    throw new UsageError('--password and --fingerprint go with --take-over HOST:PORT (a host you start yourself has no password).');
  }

  const options: HostCliOptions = {
    port: values.port === undefined ? DEFAULT_PORT : parsePortOption('--port', values.port, true),
    portFallback: values.port === undefined,
    dataDir: path.resolve(defaultDataDir),
  };
  if (values['data-dir'] !== undefined) {
    if (values['data-dir'].trim() === '') throw new UsageError('--data-dir needs a folder, e.g. --data-dir ./my-session.');
    options.dataDir = path.resolve(values['data-dir']);
  }
  if (values.name !== undefined && !takeOver) {
    const name = values.name.trim();
    if (name === '' || codePoints(name) > SESSION_NAME_MAX_CHARS) {
      throw new UsageError(`--name must be 1–${SESSION_NAME_MAX_CHARS} characters, e.g. --name "Design team".`);
    }
    options.sessionName = name;
  }
  if (values.passcode !== undefined && !takeOver) {
    if (values.passcode === '' || values.passcode.length > PASSCODE_MAX_CHARS) {
      throw new UsageError(`--passcode must be 1–${PASSCODE_MAX_CHARS} characters; leave it out for an open session.`);
    }
    options.passcode = values.passcode;
  }
  if (values.bind !== undefined) {
    if (net.isIP(values.bind) === 0) {
      throw new UsageError(`--bind takes an IP address such as 127.0.0.1, 0.0.0.0 or ::; got “${values.bind}”.`);
    }
    options.bindAddress = values.bind;
  }
  if (values.advertise) {
    if (options.bindAddress !== undefined && isLoopback(options.bindAddress)) {
      throw new UsageError(`--advertise with --bind ${options.bindAddress}: only this machine could connect, so there is nothing to announce. Bind to a LAN address or leave --bind out.`);
    }
    options.advertise = true;
  }
  if (values['max-file-size'] !== undefined) {
    const bytes = parseByteSize(values['max-file-size']);
    if (bytes === null) throw new UsageError(`--max-file-size takes a size such as 500M or 2G; got “${values['max-file-size']}”.`);
    options.maxFileBytes = bytes;
  }
  if (values['file-retention-days'] !== undefined) {
    const days = Number(values['file-retention-days']);
    if (!/^\d+(\.\d+)?$/.test(values['file-retention-days'].trim()) || !(days > 0)) {
      throw new UsageError(`--file-retention-days takes a number of days above 0, e.g. 7; got “${values['file-retention-days']}”.`);
    }
    options.fileRetentionDays = days;
  }
  if (values.dev) options.dev = true;
  if (values.plain) {
    if (takeOver) throw new UsageError('--plain does not go with --take-over: the session keeps the way it is served (and its identity).');
    options.plain = true;
  }
  return { kind: 'run', options, ...(takeOver && { takeOver }) };
}

function takeOverTarget(values: { 'take-over'?: string; name?: string; password?: string; passcode?: string; fingerprint?: string }, env: NodeJS.ProcessEnv): TakeOverTarget {
  let url: string;
  try {
    url = chatSocketUrl(values['take-over'] ?? '');
  } catch (error) {
    if (error instanceof HostAddressError) throw new UsageError(`--take-over: ${error.message}`);
    throw error;
  }
  if (values.name === undefined) throw new UsageError('--take-over needs your name in that session: --name NAME (an admin there).');
  const name = validateUserName(values.name);
  if (!name.ok) throw new UsageError(`--name: ${name.message}`);
  const password = values.password ?? env.PARLEY_PASSWORD;
  if (password === undefined || password === '') throw new UsageError('--take-over needs your password in that session: --password PW (or PARLEY_PASSWORD).');
  if (values.passcode === '') throw new UsageError('--passcode needs a value; leave it out if the session has none.');
  let expected: ExpectedIdentity | undefined;
  if (values.fingerprint !== undefined) {
    expected = parseExpectedIdentity(values.fingerprint) ?? undefined;
    if (!expected) throw new UsageError('--fingerprint takes the session code the host shows (20 characters, like 3F2A 9C01 7B44 D0E8 1A6C) or its whole fingerprint (64).');
  }
  if (!url.startsWith('wss:')) throw new UsageError('--take-over needs a session served over TLS (https://…): a --plain host has no identity to move.');
  return { url, name: name.value, password, ...(values.passcode !== undefined && { passcode: values.passcode }), ...(expected && { expected }) };
}
