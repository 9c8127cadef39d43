// The command line and the printed report of `npm run discover`
// (discover-cli.ts): pure, so the unit tests check them without a network.
import net from 'node:net';
import { parseCommandLine, UsageError } from './command-line.js';
import type { DiscoveredSession, DiscoveryStatus } from '../../src-shared/ipc/ipc-contract.js';
import { SERVICE_DOMAIN } from '../discovery/session-browser.js';
import { hostPort } from '../http/lan-addresses.js';
import { sessionCode, type SessionFingerprint } from '../../src-shared/session-identity.js';

export interface DiscoverOptions {
  seconds: number;
  /** IPv4 address of the interface to look on (default: all). */
  interface?: string;
  json: boolean;
}

export type DiscoverCommand = { kind: 'help' } | { kind: 'run'; options: DiscoverOptions };

export const DEFAULT_DISCOVER_SECONDS = 3;
const MAX_SECONDS = 120;

export function discoverUsage(): string {
  return `Usage: npm run discover -- [options]

Listens for Parley sessions announced on the local network (mDNS, ${SERVICE_DOMAIN})
for a few seconds and lists them, with this computer's network interfaces and
hints when nothing answers. Read-only: it announces nothing.

Options:
  --seconds N        how long to listen (default ${DEFAULT_DISCOVER_SECONDS}; up to ${MAX_SECONDS})
  --interface ADDR   look only on the network interface with this IPv4 address
  --json             print the result as one line of JSON (the app's DiscoveryStatus)
  --help             show this help

Exit code: 0 when at least one session was found, 1 when none (or mDNS failed).`;
}

export function parseDiscoverArgs(args: string[]): DiscoverCommand {
  const { values } = parseCommandLine(
    args,
    {
      seconds: { type: 'string' },
      interface: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    false,
  );
  if (values.help) return { kind: 'help' };
  const options: DiscoverOptions = { seconds: DEFAULT_DISCOVER_SECONDS, json: values.json === true };
  if (values.seconds !== undefined) {
    const seconds = /^\d+(\.\d+)?$/.test(values.seconds) ? Number(values.seconds) : NaN;
    if (!(seconds >= 0.5 && seconds <= MAX_SECONDS)) {
      throw new UsageError(`--seconds must be a number from 0.5 to ${MAX_SECONDS}; got “${values.seconds}”.`);
    }
    options.seconds = seconds;
  }
  if (values.interface !== undefined) {
    if (!net.isIPv4(values.interface)) {
      throw new UsageError(`--interface takes this computer's IPv4 address on that network, e.g. 192.168.1.20; got “${values.interface}”.`);
    }
    options.interface = values.interface;
  }
  return { kind: 'run', options };
}

const people = (n: number) => (n === 1 ? '1 person online' : `${n} people online`);

/** One line per session as it appears while listening. */
export function foundLine(session: DiscoveredSession, elapsedMs: number): string {
  return `  + ${(elapsedMs / 1000).toFixed(1)} s  “${session.name}” at ${session.url} (${people(session.online)})`;
}

export function interfacesLine(status: DiscoveryStatus): string {
  return status.interfaces.length === 0
    ? 'Network interfaces: none with an IPv4 address besides loopback'
    : `Network interfaces: ${status.interfaces.map((i) => `${i.name} ${i.address}`).join(', ')}`;
}

/** The summary printed when listening is over. */
export function discoveryReport(status: DiscoveryStatus, seconds: number): string[] {
  const lines: string[] = [];
  if (status.problem) lines.push(`Problem: ${status.problem}`);
  const { sessions } = status;
  if (sessions.length > 0) {
    lines.push(`Found ${sessions.length === 1 ? '1 session' : `${sessions.length} sessions`}:`);
    for (const s of sessions) {
      const first = s.addresses[0] ?? '';
      lines.push(`  “${s.name}” — ${people(s.online)}`);
      lines.push(`    address: ${s.url}${s.addresses.length > 1 ? `   (also ${s.addresses.slice(1).join(', ')})` : ''}`);
      lines.push(`    host: ${s.hostName || '?'} · session id ${s.id} · protocol ${s.protocol}`);
      // The code as announced: anyone can announce anything, so it is for comparing with the host's screen, not proof.
      lines.push(
        s.identity
          ? `    session code: ${sessionCode(s.identity as SessionFingerprint)} (as announced: compare it with the host's screen)`
          : '    not encrypted: the host runs with --plain, so anyone on this network can read its passwords and messages',
      );
      lines.push(`    join from a terminal: npm run chat -- ${hostPort(first, s.port)} --name NAME --password PW${s.passcodeRequired ? ' --passcode PASSCODE' : ''}`);
    }
    return lines;
  }
  lines.push(`No Parley session answered within ${seconds} s.`);
  if (!status.browsing) {
    lines.push('mDNS could not run here (see the problem above). Join by typing the host’s address instead:', '  npm run chat -- HOST:PORT --name NAME --password PW');
    return lines;
  }
  lines.push(
    'Things to check:',
    '  - The host is running and announcing: the desktop app while hosting, or `npm run host -- --advertise`.',
    '  - Both computers are on the same network (same Wi-Fi or subnet; see the interfaces above).',
    '  - Guest or public Wi-Fi often isolates devices from each other (“AP/client isolation”); mDNS cannot cross that.',
    '  - A firewall on either computer may drop UDP port 5353 (mDNS); allow it for Parley / Node.js.',
    '  - A VPN can take over the multicast route; try with it off, or use --interface with your LAN address.',
    '  - Listen longer with --seconds 10 (some Wi-Fi access points delay multicast).',
    'You can always join by address: the host prints it (“Open in a browser: …”); then',
    '  npm run chat -- HOST:PORT --name NAME --password PW',
  );
  return lines;
}
