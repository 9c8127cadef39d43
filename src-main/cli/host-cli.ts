// `npm run host`: runs a session host headless (no Electron) until Ctrl+C.
// Arguments: host-cli-args.ts. Output: host-banner.ts. The host's own log
// goes to stderr, so stdout stays the readable summary.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import QRCode from 'qrcode';
import { EXIT_FAILURE, EXIT_OK, reportUsageError, UsageError } from './command-line.js';
import { defaultSessionDir } from '../host/app-data-dir.js';
import { ChatHost } from '../host/chat-host.js';
import { hostBanner, shareLink } from './host-banner.js';
import { advertiseChatHost, type HostAdvertisement } from '../discovery/host-advertising.js';
import { advertiseInterfaceFor, hostUsage, parseHostArgs, type HostCommand } from './host-cli-args.js';
import { lanAddresses } from '../http/lan-addresses.js';
import { takeOverFromCli } from './take-over-cli.js';
import { watchLauncher } from './launcher-watch.js';

/** The built web client, relative to the repository root; a missing folder serves a placeholder page. */
const WEB_ROOT = path.resolve(fileURLToPath(new URL('../../dist/renderer', import.meta.url)));

const say = (line: string) => process.stdout.write(`${line}\n`);
const complain = (line: string) => process.stderr.write(`${line}\n`);

async function main(args: string[]): Promise<number | 'running'> {
  const defaultDir = defaultSessionDir();
  let command: HostCommand;
  try {
    command = parseHostArgs(args, defaultDir);
  } catch (error) {
    if (error instanceof UsageError) return reportUsageError('host', error, hostUsage(defaultDir), (text) => process.stderr.write(text));
    throw error;
  }
  if (command.kind === 'help') {
    say(hostUsage(defaultDir));
    return EXIT_OK;
  }

  const { options } = command;
  const hostOptions = {
    port: options.port,
    portFallback: options.portFallback && options.port !== 0,
    ...(options.bindAddress !== undefined && { bindAddress: options.bindAddress }),
    ...(options.maxFileBytes !== undefined && { maxFileBytes: options.maxFileBytes }),
    ...(options.fileRetentionDays !== undefined && { fileRetentionDays: options.fileRetentionDays }),
    webRoot: WEB_ROOT,
    serveSourceMaps: options.dev === true,
    log: (line: string) => complain(`host: ${line}`),
  };
  let host: ChatHost;
  let port: number;
  if (command.takeOver) {
    try {
      const taken = await takeOverFromCli(command.takeOver, options.dataDir, hostOptions, say);
      host = taken.host;
      port = host.port;
      void taken.files.then(({ moved, givenUp }) =>
        say(`All files have arrived from the old host (${moved}${givenUp.length > 0 ? `; ${givenUp.length} could not be fetched and show as no longer available` : ''}).`),
      );
    } catch (error) {
      complain(`host: could not take the session over: ${error instanceof Error ? error.message : String(error)}`);
      return EXIT_FAILURE;
    }
  } else {
    host = new ChatHost({
      ...hostOptions,
      dataDir: options.dataDir,
      ...(options.sessionName !== undefined && { sessionName: options.sessionName }),
      ...(options.passcode !== undefined && { passcode: options.passcode }),
      tls: options.plain !== true,
    });
    try {
      ({ port } = await host.start());
    } catch (error) {
      complain(`host: could not start: ${error instanceof Error ? error.message : String(error)}`);
      await host.stop().catch(() => {});
      return EXIT_FAILURE;
    }
  }

  const banner = {
    sessionName: host.sessionInfo.name,
    dataDir: options.dataDir,
    port,
    bindAddress: options.bindAddress,
    passcodeRequired: host.sessionInfo.passcodeRequired,
    lanAddresses: lanAddresses(),
    identity: host.identity,
  };
  // At a terminal, the share link as a QR code too, for phones nearby
  // (half-block characters, dark on a light background whatever the
  // terminal's colours). Not into a log file or a pipe, where it is noise.
  const link = shareLink(banner);
  const shareQr = link !== null && process.stdout.isTTY ? await QRCode.toString(link, { type: 'terminal', small: true, errorCorrectionLevel: 'M' }) : undefined;
  for (const line of hostBanner({ ...banner, ...(shareQr !== undefined && { shareQr }) })) say(line);

  // --advertise: announce on the LAN (mDNS). A failure is reported, and the
  // host keeps serving people who type its address.
  let advertisement: HostAdvertisement | null = null;
  if (options.advertise) {
    const mdnsInterface = advertiseInterfaceFor(options.bindAddress);
    advertisement = advertiseChatHost(host, {
      ...(mdnsInterface !== undefined && { interface: mdnsInterface }),
      log: (line) => complain(`host: ${line}`),
    });
    const { advertiser } = advertisement;
    void advertisement.started.then(() => {
      const status = advertiser.status();
      if (status.state === 'advertising') {
        say(`Announced on the local network as “${status.instanceName}” (mDNS${mdnsInterface ? ` on ${mdnsInterface}` : ''}).`);
      } else if (status.problem) {
        say(`Not announced on the local network: ${status.problem}`);
      }
    });
  }

  // Someone took the session over (or this host handed it over): say where it
  // went; once the files have moved, stop and leave.
  host.onHandOver((event) => {
    if (event.kind === 'moved') {
      say(`The session was handed over to ${event.successor.name} at ${event.to.join(', ')}. Everyone was sent there; this host stops once the files have moved.`);
      return;
    }
    const unannounced = advertisement ? advertisement.stop() : Promise.resolve();
    void unannounced
      .then(() => host.stop())
      .then(() => {
        say('Stopped: the session lives on at its new host.');
        process.exit(EXIT_OK);
      });
  });

  // First signal: stop cleanly (sockets closed, queued writes committed, the
  // database closed). A second one while that runs: leave at once.
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      complain(`Got ${signal} again — exiting without waiting.`);
      process.exit(130);
    }
    stopping = true;
    say('Stopping…');
    // Goodbye on mDNS first (never throws), so browsers drop the session at once.
    const unannounced = advertisement ? advertisement.stop() : Promise.resolve();
    unannounced.then(() => host.stop()).then(
      () => {
        say('Stopped.');
        process.exit(EXIT_OK);
      },
      (error: unknown) => {
        complain(`host: stopping failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(EXIT_FAILURE);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // `npm run host` stopped by a signal to npm: its shell died without passing it on.
  watchLauncher(() => {
    say('npm stopped (its shell is gone).');
    onSignal('SIGTERM');
  });
  return 'running';
}

const result = await main(process.argv.slice(2));
if (result !== 'running') process.exitCode = result;
