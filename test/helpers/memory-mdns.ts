// An in-memory "multicast network" for unit tests of the discovery classes:
// real bonjour-service and real multicast-dns, whose UDP socket is replaced
// (multicast-dns takes `socket` and `bind: false`) by one that hands every
// datagram to every socket on the bus, itself included (multicast loopback).
// No packet ever reaches a real interface.
import { EventEmitter } from 'node:events';
import Bonjour from 'bonjour-service';
import type { BonjourFactory, BonjourLike } from '../../src-main/discovery/bonjour-socket.js';

export class MemorySocket extends EventEmitter {
  closed = false;
  constructor(
    private readonly bus: MemoryMulticastBus,
    readonly address: string,
  ) {
    super();
  }

  send(message: Buffer, offset: number, length: number, _port: number, _address: string, callback?: (error?: Error | null) => void): void {
    if (this.closed) return callback?.(new Error('socket closed'));
    const error = this.bus.sendError;
    if (error) return void setImmediate(() => callback?.(error));
    const copy = Buffer.from(message.subarray(offset, offset + length));
    this.bus.deliver(copy, this);
    setImmediate(() => callback?.(null));
  }

  close(callback?: () => void): void {
    this.closed = true;
    this.bus.sockets.delete(this);
    setImmediate(() => callback?.());
  }

  /** Leaves the network without closing (a crashed or unplugged host). */
  unplug(): void {
    this.bus.sockets.delete(this);
  }

  /** What node:dgram would emit when the bind fails. */
  failBind(code: string): void {
    this.emit('error', Object.assign(new Error(`bind ${code} 0.0.0.0:5353`), { code }));
  }

  addMembership(): void {}
  dropMembership(): void {}
  setMulticastTTL(): void {}
  setMulticastLoopback(): void {}
  setMulticastInterface(): void {}
}

export class MemoryMulticastBus {
  readonly sockets = new Set<MemorySocket>();
  /** Set to make every send fail (e.g. ENETUNREACH). */
  sendError: (Error & { code?: string }) | null = null;
  /** Every datagram sent, decoded lazily by the tests that care. */
  readonly sent: Array<{ from: string; data: Buffer }> = [];

  deliver(data: Buffer, from: MemorySocket): void {
    this.sent.push({ from: from.address, data });
    for (const socket of [...this.sockets]) {
      setImmediate(() => {
        if (!socket.closed && this.sockets.has(socket)) {
          socket.emit('message', data, { address: from.address, family: 'IPv4', port: 5353, size: data.length });
        }
      });
    }
  }

  /** A bonjour factory whose instances sit on this bus at `address`; `created` collects their sockets. */
  factory(address: string, created: MemorySocket[] = []): BonjourFactory {
    return (options, onError) => {
      const socket = new MemorySocket(this, address);
      this.sockets.add(socket);
      created.push(socket);
      const config = { ...options, socket, bind: false } as unknown as ConstructorParameters<typeof Bonjour>[0];
      return new Bonjour(config, onError) as unknown as BonjourLike;
    };
  }
}
