// What `npm run host` prints once it is listening: the session, where it is
// stored, the addresses people can open, and how to join from a terminal.
import { urlFor } from '../http/lan-addresses.js';

export interface BannerInput {
  sessionName: string;
  dataDir: string;
  port: number;
  /** As given with --bind; undefined = every interface. */
  bindAddress: string | undefined;
  passcodeRequired: boolean;
  /** This machine's LAN addresses (lanAddresses()). */
  lanAddresses: string[];
}

const WILDCARDS = new Set(['::', '0.0.0.0', '::0']);

/** `host:port` as typed on a command line (IPv6 in brackets). */
function hostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

export function hostBanner(input: BannerInput): string[] {
  const everywhere = input.bindAddress === undefined || WILDCARDS.has(input.bindAddress);
  // Bound to one address, only that address answers; on every interface,
  // localhost does and so does each LAN address.
  const urls = everywhere ? [`http://localhost:${input.port}/`, ...input.lanAddresses.map((a) => urlFor(a, input.port))] : [urlFor(input.bindAddress!, input.port)];
  const joinAddress = everywhere ? input.lanAddresses[0] ?? 'localhost' : input.bindAddress!;
  const lines = [
    `Parley host — session “${input.sessionName}”`,
    `Data folder: ${input.dataDir}`,
    `Listening on port ${input.port}. Open in a browser:`,
    ...urls.map((url) => `  ${url}`),
  ];
  if (everywhere && input.lanAddresses.length === 0) lines.push('  (no network address found: only this machine can join)');
  lines.push(
    'Join from a terminal:',
    `  npm run chat -- ${hostPort(joinAddress, input.port)} --name NAME --password PW${input.passcodeRequired ? ' --passcode PASSCODE' : ''}`,
  );
  if (input.passcodeRequired) lines.push('A passcode is required to join.');
  lines.push('Press Ctrl+C to stop.');
  return lines;
}
