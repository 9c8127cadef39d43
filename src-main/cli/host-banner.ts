// What `npm run host` prints once it is listening: the session, where it is
// stored, the addresses people can open, the share link (a QR code of it
// follows at a terminal, host-cli.ts) and how to join from a terminal.
import { buildSessionLink } from '../../src-shared/session-link.js';
import { hostPort, urlFor } from '../http/lan-addresses.js';

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
  /** The share link as a QR code in text, shown under it (host-cli.ts draws one at a terminal). */
  shareQr?: string;
}

const WILDCARDS = new Set(['::', '0.0.0.0', '::0']);

/** Where other machines join: the first LAN address (or the one bound to); null when only this machine can. */
function joinAddressOf(input: BannerInput): string | null {
  const everywhere = input.bindAddress === undefined || WILDCARDS.has(input.bindAddress);
  const address = everywhere ? input.lanAddresses[0] : input.bindAddress!;
  return address === undefined || address === 'localhost' || address === '::1' || address.startsWith('127.') ? null : address;
}

/**
 * The link to give people (src-shared/session-link.ts): the page at the join
 * address, with the session identity in its fragment, which the desktop app's
 * Join by address pins and a browser ignores. Plain address for a --plain
 * host; null when only this machine can join.
 */
export function shareLink(input: BannerInput): string | null {
  const address = joinAddressOf(input);
  if (address === null) return null;
  const page = urlFor(address, input.port, input.identity ? 'https' : 'http');
  return input.identity ? buildSessionLink(page, input.identity.fingerprint) : page;
}

export function hostBanner(input: BannerInput): string[] {
  const everywhere = input.bindAddress === undefined || WILDCARDS.has(input.bindAddress);
  // Bound to one address, only that address answers; on every interface,
  // localhost does and so does each LAN address.
  const scheme = input.identity ? 'https' : 'http';
  const urls = everywhere
    ? [urlFor('localhost', input.port, scheme), ...input.lanAddresses.map((a) => urlFor(a, input.port, scheme))]
    : [urlFor(input.bindAddress!, input.port, scheme)];
  const joinAddress = joinAddressOf(input) ?? (everywhere ? 'localhost' : input.bindAddress!);
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
  const link = shareLink(input);
  if (link !== null) {
    lines.push('Share link (a phone opens it; the Parley app joins only this session with it):', `  ${link}`);
    if (input.shareQr) lines.push(...input.shareQr.trimEnd().split('\n'));
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
