// The people in the hand-over benchmark: ChatClients on the old host, pinned
// to the session identity, that follow a move as every front end does, and
// what they see of it — when each came back online at the new address, and
// when a message one of them sent right after moving reached another.
import { pinnedWebSocket } from '../../src-main/trust/pinned-websocket.js';
import type { SessionPin } from '../../src-main/trust/pinned-tls.js';
import { ChatClient } from '../../src-shared/chat-client.js';
import { channelKey, GENERAL_CHANNEL_ID } from '../../src-shared/protocol/conversations.js';
import { movedSocketUrls } from '../../src-shared/session-move.js';
import { PASSWORD } from './session.js';

export const GENERAL = channelKey(GENERAL_CHANNEL_ID);

export class Crowd {
  /** Per client: when it came online (performance.now()) and at which URL. */
  private readonly online: Array<Array<{ at: number; url: string }>>;
  private firstMovedAt = NaN;
  private deliveredAt = NaN;
  private deliveries = 0;
  private marker = '';

  private constructor(readonly clients: ChatClient[]) {
    this.online = clients.map(() => []);
    clients.forEach((client, i) =>
      client.on('state', (state) => {
        if (state === 'online') this.online[i]!.push({ at: performance.now(), url: client.url });
      }),
    );
    // clients[0] watches for the message clients[1] sends after its move.
    clients[0]!.on('event', (event) => {
      if (event.type !== 'message' || event.message.kind !== 'text' || this.marker === '' || event.message.text !== this.marker) return;
      this.deliveries++;
      if (Number.isNaN(this.deliveredAt)) this.deliveredAt = performance.now();
    });
  }

  /** `count` people (at least 2) signed in to `url` as person-1…person-N. */
  static async join(url: string, pin: SessionPin, count: number): Promise<Crowd> {
    const clients: ChatClient[] = [];
    for (let i = 1; i <= Math.max(2, count); i++) {
      const client = new ChatClient({ url, WebSocket: pinnedWebSocket(pin), minDelayMs: 20, maxDelayMs: 200, requestTimeoutMs: 60_000 });
      await client.connect();
      await client.signIn({ name: `person-${i}`, password: PASSWORD });
      clients.push(client);
    }
    return new Crowd(clients);
  }

  /** The message the sender sends right after its move; delivery is timed from here on. */
  expect(marker: string): void {
    this.marker = marker;
  }

  /** Re-points one client at `urls`; the sender (clients[1]) sends the marker at once, queued until it is online there. */
  move(client: ChatClient, urls: string[]): void {
    if (Number.isNaN(this.firstMovedAt)) this.firstMovedAt = performance.now();
    client.moveTo(urls);
    if (client === this.clients[1]) void client.send(GENERAL, this.marker).done.catch(() => {});
  }

  /** Every client follows the host's `moved` frame by itself (what the apps do). */
  followMoves(): void {
    for (const client of this.clients) client.on('moved', ({ to }) => this.move(client, movedSocketUrls(to)));
  }

  /** Resolves when the marker has reached clients[0], with the performance.now() of its arrival. */
  async delivered(timeoutMs: number): Promise<number> {
    await this.until(() => !Number.isNaN(this.deliveredAt), timeoutMs, 'the first message through the new host');
    return this.deliveredAt;
  }

  /** Resolves when every client is online at `port`, with { first move, last client online } (performance.now()). */
  async allOnlineAt(port: number, timeoutMs: number): Promise<{ firstMovedAt: number; lastOnlineAt: number }> {
    const at = (i: number) => this.online[i]!.find((o) => o.url.includes(`:${port}/`))?.at;
    await this.until(() => this.clients.every((_, i) => at(i) !== undefined), timeoutMs, `every client online at port ${port}`);
    return { firstMovedAt: this.firstMovedAt, lastOnlineAt: Math.max(...this.clients.map((_, i) => at(i)!)) };
  }

  /** How often clients[0] received the marker (1: neither lost nor repeated). */
  get markerDeliveries(): number {
    return this.deliveries;
  }

  close(): void {
    for (const client of this.clients) client.close();
  }

  private async until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!done()) {
      if (performance.now() > deadline) throw new Error(`no ${what} within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}
