// Events from the host on their way into the store: in order, each encrypted
// DM decrypted first (awaited in turn), a notification for what deserves one
// (not for replays), thread replies to the thread panel, and a channel list
// refresh when a message arrives from a channel this device has not heard of.
import { parseConversationKey } from '../../src-shared/protocol/conversations.js';
import type { ChatEvent } from '../../src-shared/protocol/frames.js';
import type { Platform } from '../platform/platform.js';
import type { AppStore } from '../store/app-store.js';
import type { Channels } from './channels.js';
import type { EncryptedDms } from './encrypted-dms.js';
import type { FocusSource } from './focus-source.js';
import { notificationFor, threadReplyNotificationFor } from './message-notifications.js';
import type { SessionThreads } from './session-threads.js';

export interface IncomingEventsParts {
  store: AppStore;
  platform: Pick<Platform, 'notify'>;
  focus: FocusSource;
  dms: EncryptedDms;
  threads: SessionThreads;
  channels: Channels;
}

export class IncomingEvents {
  /** Incoming events wait here while DMs among them are decrypted, so they reach the store in order. */
  private incoming: Promise<void> = Promise.resolve();
  private readonly parts: IncomingEventsParts;

  constructor(parts: IncomingEventsParts) {
    this.parts = parts;
  }

  /** Events in order; with encrypted DMs, each message passes the DM service first (awaited in turn). */
  receive(event: ChatEvent, replay: boolean, mine: () => boolean): void {
    const { dms } = this.parts;
    if (!dms.active) {
      this.apply(event, replay);
      return;
    }
    this.incoming = this.incoming.then(async () => {
      let shown = event;
      if (event.type === 'message' || event.type === 'message.updated' || event.type === 'thread.reply') {
        // An edit brings a new envelope (checked against replays); a reaction carries the one already seen.
        const live = event.type !== 'message.updated' || event.change.kind === 'edit';
        const [message] = await dms.reveal([event.message], live);
        shown = { ...event, message: message! };
      }
      if (mine()) this.apply(shown, replay);
    });
    this.incoming = this.incoming.catch(() => {});
  }

  private apply(event: ChatEvent, replay: boolean): void {
    const { store, platform, focus, threads, channels } = this.parts;
    const before = store.getState();
    if (event.type === 'thread.reply' && !replay) {
      const notification = threadReplyNotificationFor(event.message, before, focus.isFocused());
      if (notification) platform.notify(notification);
    }
    if (threads.applyEvent(event)) return;
    if (event.type === 'message') {
      const notification = replay ? null : notificationFor(event.message, before, focus.isFocused());
      if (notification) platform.notify(notification);
      const parsed = parseConversationKey(event.message.conv);
      if (parsed?.kind === 'channel' && !before.channels[parsed.channelId]) void channels.list().catch(() => {});
    }
    before.applyEvent(event, { replay });
  }
}
