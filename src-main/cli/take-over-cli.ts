// `npm run host -- --take-over HOST:PORT --name ADMIN --password PW`: this
// machine takes the running session over (handover/take-over.ts). The
// connection to the old host is checked like the terminal client's — against
// --fingerprint or what this device remembers for the address, else trusted
// on first contact with the code printed — before the password is sent.
import { ChatClient } from '../../src-shared/chat-client.js';
import { sessionCode } from '../../src-shared/session-identity.js';
import { takeOverSession, type TakenOver } from '../handover/take-over.js';
import type { ChatHostOptions } from '../host/chat-host.js';
import { appDataDir } from '../host/app-data-dir.js';
import { KnownSessions } from '../trust/known-sessions.js';
import { trustedWebSocket } from '../trust/trusted-websocket.js';
import type { TakeOverTarget } from './host-cli-args.js';

export async function takeOverFromCli(
  target: TakeOverTarget,
  dataDir: string,
  hostOptions: Omit<ChatHostOptions, 'dataDir' | 'passcode' | 'tls'>,
  say: (line: string) => void,
): Promise<TakenOver> {
  const trusted = await trustedWebSocket({ url: target.url, known: new KnownSessions(appDataDir()), expected: target.expected });
  if (trusted.kind !== 'pinned') throw new Error('That host runs without TLS (--plain): its session has no identity to move. Take-over needs a host served over https.');
  const { decision } = trusted;
  const code = sessionCode(decision.pin.fingerprint);
  say(decision.status === 'first-contact' ? `First connection to this session: its code is ${code} — check that the host's screen shows the same.` : `Session code ${code} (as expected).`);
  const client = new ChatClient({ url: target.url, WebSocket: trusted.WebSocket, reconnect: false });
  try {
    await client.connect();
    await client.signIn({ name: target.name, password: target.password, mode: 'login', canHost: true, ...(target.passcode !== undefined && { passcode: target.passcode }) });
    if (!client.me?.isAdmin) throw new Error(`“${client.me?.name}” is not an admin of that session: ask one of its admins to make you one, or to take it over themselves.`);
    const origin = new URL(target.url.replace(/^wss:/, 'https:')).origin;
    say(`Taking the session “${client.session?.name}” over from ${new URL(origin).host}…`);
    return await takeOverSession({ client, origin, pin: decision.pin, dataDir, hostOptions });
  } finally {
    client.close();
  }
}
