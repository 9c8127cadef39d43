// `npm run discover`: lists the Parley sessions that answer on the local
// network within a few seconds — to debug "the app does not find the session".
// Arguments and report: discover-cli-args.ts. mDNS log lines go to stderr.
import { EXIT_FAILURE, EXIT_OK, reportUsageError, UsageError } from './command-line.js';
import { discoverUsage, discoveryReport, foundLine, interfacesLine, parseDiscoverArgs, type DiscoverCommand } from './discover-cli-args.js';
import { SERVICE_DOMAIN, SessionBrowser } from '../discovery/session-browser.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(args: string[]): Promise<number> {
  let command: DiscoverCommand;
  try {
    command = parseDiscoverArgs(args);
  } catch (error) {
    if (error instanceof UsageError) return reportUsageError('discover', error, discoverUsage(), (text) => process.stderr.write(text));
    throw error;
  }
  if (command.kind === 'help') {
    say(discoverUsage());
    return EXIT_OK;
  }
  const { options } = command;
  const browser = new SessionBrowser({
    ...(options.interface !== undefined && { interface: options.interface }),
    log: process.env['PARLEY_DEBUG'] ? (line) => process.stderr.write(`discover: ${line}\n`) : undefined,
  });
  const startedAt = Date.now();
  const seen = new Set<string>();
  if (!options.json) {
    say(`Looking for Parley sessions (mDNS ${SERVICE_DOMAIN}) for ${options.seconds} s…`);
    say(interfacesLine(browser.status()));
    browser.on('change', (status) => {
      for (const session of status.sessions) {
        const key = `${session.id} ${session.url}`;
        if (seen.has(key)) continue;
        seen.add(key);
        say(foundLine(session, Date.now() - startedAt));
      }
    });
  }
  browser.start();
  await new Promise((resolve) => setTimeout(resolve, options.seconds * 1000));
  const status = browser.status();
  await browser.stop();
  if (options.json) say(JSON.stringify(status));
  else for (const line of discoveryReport(status, options.seconds)) say(line);
  return status.sessions.length > 0 ? EXIT_OK : EXIT_FAILURE;
}

process.exitCode = await main(process.argv.slice(2));
