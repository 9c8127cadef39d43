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
  /** The session's identity (fingerprint and code); null for a host run with --plain. */
  identity: { fingerprint: string; code: string } | null;
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
  const scheme = input.identity ? 'https' : 'http';
  const urls = everywhere
    ? [urlFor('localhost', input.port, scheme), ...input.lanAddresses.map((a) => urlFor(a, input.port, scheme))]
    : [urlFor(input.bindAddress!, input.port, scheme)];
  const joinAddress = everywhere ? input.lanAddresses[0] ?? 'localhost' : input.bindAddress!;
  const lines = [
    `Parley host — session “${input.sessionName}”`,
    `Data folder: ${input.dataDir}`,
    `Listening on port ${input.port}. Open in a browser:`,
    ...urls.map((url) => `  ${url}`),
  ];
  if (everywhere && input.lanAddresses.length === 0) lines.push('  (no network address found: only this machine can join)');
  if (input.identity) {
    lines.push(
      `Session code: ${input.identity.code}`,
      '  People compare it with what their app shows; a browser shows it at the start of the',
      "  certificate's public-key SHA-256 fingerprint (the browser warns about the certificate: expected).",
      `  Fingerprint: ${input.identity.fingerprint}`,
    );
  } else {
    lines.push('WARNING: plain connections (--plain): anyone on this network can read passwords and messages.');
  }
  lines.push(
    'Join from a terminal:',
    `  npm run chat -- ${hostPort(joinAddress, input.port)} --name NAME --password PW${input.passcodeRequired ? ' --passcode PASSCODE' : ''}${
      // With the code the client checks the host from its first contact on,
      // instead of trusting whatever answers at that address the first time.
      input.identity ? ` --fingerprint "${input.identity.code}"` : ''
    }`,
  );
  if (input.passcodeRequired) lines.push('A passcode is required to join.');
  lines.push('Press Ctrl+C to stop.');
  return lines;
}
