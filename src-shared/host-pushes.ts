// The frames a host pushes without being asked and that change nothing in the
// client itself — presence, typing, read, mute, thread, user, channel,
// devices, hand-over offers — each turned into the ChatClient event its
// listeners get (chat-client-types.ts). Welcome, replies, errors, events and
// `moved` touch the client's own state and stay in chat-client.ts.
import type { ChatClientEvents } from './chat-client-types.js';
import type { HostFrame } from './protocol/frames.js';

export type HostPush = Extract<HostFrame, { type: 'presence' | 'typing' | 'read' | 'mute' | 'thread' | 'user' | 'channel' | 'devices' | 'handover.offer' }>;

type Emit = <K extends keyof ChatClientEvents>(event: K, ...args: ChatClientEvents[K]) => void;

export function deliverPush(frame: HostPush, emit: Emit): void {
  switch (frame.type) {
    case 'presence':
      emit('presence', frame.user, frame.online);
      return;
    case 'typing':
      emit('typing', { conv: frame.conv, user: frame.user });
      return;
    case 'read':
      emit('read', { conv: frame.conv, user: frame.user, seq: frame.seq });
      return;
    case 'mute':
      emit('mute', { conv: frame.conv, muted: frame.muted });
      return;
    case 'thread':
      emit('thread', frame.thread);
      return;
    case 'user':
      emit('user', frame.user);
      return;
    case 'channel':
      emit('channel', frame.channel);
      return;
    case 'devices':
      emit('devices', { user: frame.user, devices: frame.devices });
      return;
    case 'handover.offer':
      emit('handoverOffer', { offer: frame.offer, from: frame.from, makesAdmin: frame.makesAdmin });
      return;
  }
}
