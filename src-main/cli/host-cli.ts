// `npm run host`: runs a session host headless (no Electron) until Ctrl+C.
// Arguments: host-cli-args.ts. Output: host-banner.ts. The host's own log
// goes to stderr, so stdout stays the readable summary.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT_FAILURE, EXIT_OK, reportUsageError, UsageError } from './command-line.js';
import { defaultSessionDir } from '../host/app-data-dir.js';
import { ChatHost } from '../host/chat-host.js';
import { hostBanner } from './host-banner.js';
import { advertiseChatHost, type HostAdvertisement } from '../discovery/host-advertising.js';
import { advertiseInterfaceFor, hostUsage, parseHostArgs, type HostCommand } from './host-cli-args.js';
import { lanAddresses } from '../http/lan-addresses.js';

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
  const host = new ChatHost({
    dataDir: options.dataDir,
    port: options.port,
    portFallback: options.portFallback && options.port !== 0,
    ...(options.bindAddress !== undefined && { bindAddress: options.bindAddress }),
    ...(options.sessionName !== undefined && { sessionName: options.sessionName }),
    ...(options.passcode !== undefined && { passcode: options.passcode }),
    ...(options.maxFileBytes !== undefined && { maxFileBytes: options.maxFileBytes }),
    ...(options.fileRetentionDays !== undefined && { fileRetentionDays: options.fileRetentionDays }),
    webRoot: WEB_ROOT,
    serveSourceMaps: options.dev === true,
    tls: options.plain !== true,
    log: (line) => complain(`host: ${line}`),
  });
  let port: number;
  try {
    ({ port } = await host.start());
  } catch (error) {
    complain(`host: could not start: ${error instanceof Error ? error.message : String(error)}`);
    await host.stop().catch(() => {});
    return EXIT_FAILURE;
  }

  for (const line of hostBanner({
    sessionName: host.sessionInfo.name,
    dataDir: options.dataDir,
    port,
    bindAddress: options.bindAddress,
    passcodeRequired: options.passcode !== undefined,
    lanAddresses: lanAddresses(),
    identity: host.identity,
  })) {
    say(line);
  }

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
  return 'running';
}

const result = await main(process.argv.slice(2));
if (result !== 'running') process.exitCode = result;
