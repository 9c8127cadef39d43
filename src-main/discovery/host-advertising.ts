// Advertises a running ChatHost on the LAN and keeps its TXT record's online
// count current. Used by `npm run host -- --advertise`, and meant for the
// desktop app when it hosts: after host.start(), call advertiseChatHost(host);
// before host.stop(), await the returned stop() (so browsers get a goodbye).
import type { ChatHost } from '../host/chat-host.js';
import type { BonjourFactory } from './bonjour-socket.js';
import { SessionAdvertiser } from './session-advertiser.js';
import { txtForSession } from './session-record.js';

export interface HostAdvertisingOptions {
  /** IPv4 address of the interface to advertise on (default: all). */
  interface?: string;
  bonjourFactory?: BonjourFactory;
  log?: (line: string) => void;
}

export interface HostAdvertisement {
  advertiser: SessionAdvertiser;
  /** Resolves once the first announcement went out or failed (see advertiser.status()). */
  started: Promise<void>;
  /** Stops following the online count, says goodbye and closes the socket. Never throws. */
  stop(): Promise<void>;
}

/** Starts advertising a host that is already listening (host.start() resolved). */
export function advertiseChatHost(host: ChatHost, options: HostAdvertisingOptions = {}): HostAdvertisement {
  const info = host.sessionInfo;
  if (!info || !(host.port > 0)) throw new Error('advertiseChatHost needs a started host (await host.start() first)');
  const advertiser = new SessionAdvertiser({
    port: host.port,
    name: info.name,
    txt: txtForSession(info, host.onlineCount()),
    ...(options.interface !== undefined && { interface: options.interface }),
    ...(options.bonjourFactory !== undefined && { bonjourFactory: options.bonjourFactory }),
    ...(options.log !== undefined && { log: options.log }),
  });
  const unsubscribe = host.onOnlineCountChange((count) => advertiser.update(txtForSession(host.sessionInfo, count)));
  const started = advertiser.start();
  return {
    advertiser,
    started,
    async stop() {
      unsubscribe();
      await advertiser.stop();
    },
  };
}
