// A load-generator client's TCP connection, tapped below TLS and WebSocket
// framing so that it can be turned into a *sink*: a client that keeps reading
// every byte the host sends (so the host's kernel, TCP window and write path
// see exactly what a real device causes) but no longer decrypts or parses it.
//
// Why: on a LAN each of 100 clients decrypts only its own stream, on its own
// device. In this bench all 100 live in one process on the same two cores as
// the host, and decrypting for all of them (gen cpu 70–93%) is what the host
// ends up competing with. With `--probes K`, K evenly spaced clients (the
// senders) stay whole and are timed; the others become sinks after sign-in.
//
// - TLS: the TLS socket is layered over a Duplex (Node runs it through its
//   JS stream wrapper) that forwards the raw TCP bytes. sink() stops forwarding;
//   the TLS state is left behind for good (TLS 1.3 records carry sequence
//   numbers), so a sink never reads again. Writing still works (separate keys),
//   but sinks do not write.
// - Plain: the WebSocket parser's 'data' listener is taken off the TCP socket.
// - Probes (`sinkable: false`) keep Node's native TLS on the TCP socket, as
//   every real client has: the forwarding stream above puts Node's JS stream
//   wrapper under TLS, which costs every record a few extra JS calls both
//   ways, and the probes are the senders and the timed receivers. Their bytes
//   are counted by the TCP socket itself (`bytesRead`).
//
// A sink cannot answer the host's pings either, so the bench raises the host's
// heartbeat interval when it uses sinks (run.ts).
import net from 'node:net';
import { Duplex } from 'node:stream';
import tls from 'node:tls';

/** Counts raw bytes received and turns the connection into a sink. */
export interface Tap {
  /** Bytes read from the TCP socket so far (TLS records or WebSocket frames, as sent). */
  readonly bytesIn: number;
  /** From now on, bytes are read and counted but nobody decrypts or parses them. */
  sink(): void;
}

/**
 * Sinks read in bursts: every SINK_READ_EVERY_MS each sunk socket takes in
 * everything that has arrived, in one read, then is paused until the next
 * burst. A device on a LAN reads its own stream on its own CPU whenever it
 * likes; here 80 sinks reading each chunk as it came could take up to ~40,000
 * reads a second (500 flushes a second at 1,000 msg/s) in the load generator,
 * on the cores the host is measured on. The host is unaffected: what it
 * writes waits in the sink's kernel buffer (a few KB per 5 ms; the buffer
 * holds megabytes), so its writes complete as before. The sinks' sockets have
 * a 1-byte readable buffer, so a paused sink stops reading after at most one
 * more chunk. (Measured effect: README, "Rounds, native probes and bursty sinks".)
 */
const SINK_READ_EVERY_MS = 5;
const sunk = new Set<net.Socket>();
let pump: NodeJS.Timeout | null = null;

function addSink(raw: net.Socket): void {
  raw.pause();
  sunk.add(raw);
  raw.once('close', () => {
    sunk.delete(raw);
    if (sunk.size === 0 && pump) {
      clearInterval(pump);
      pump = null;
    }
  });
  pump ??= setInterval(() => {
    for (const socket of sunk) socket.resume();
    // The sockets read in this turn's poll phase; setImmediate runs right after it.
    setImmediate(() => {
      for (const socket of sunk) socket.pause();
    });
  }, SINK_READ_EVERY_MS);
}

/** Forwards a TCP socket's bytes to whatever is layered on it (a TLS socket) until sink(). */
class ForwardingStream extends Duplex {
  bytesIn = 0;
  private sinking = false;

  constructor(private readonly raw: net.Socket) {
    super();
    raw.on('data', (chunk: Buffer) => {
      this.bytesIn += chunk.length;
      if (!this.sinking && !this.push(chunk)) raw.pause();
    });
    raw.on('end', () => this.push(null));
    raw.on('error', (error) => this.destroy(error));
    raw.on('close', () => this.destroy());
  }

  sink(): void {
    this.sinking = true;
    addSink(this.raw);
  }

  override _read(): void {
    this.raw.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.raw.write(chunk, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.raw.end(callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.raw.destroy();
    callback(error);
  }
}

/** What ws hands to `createConnection`: the URL's host and port plus our TLS options. */
type ConnectOptions = tls.ConnectionOptions & { host: string; port: number | string };

/**
 * A `createConnection` for ws's client options, and the tap of the connection
 * it made (set once ws has called it, which `new WebSocket` does at once).
 */
export function tappedConnection(secure: boolean, sinkable = true): { createConnection: (options: ConnectOptions) => net.Socket; tap: () => Tap } {
  let tap: Tap | null = null;
  const createConnection = (options: ConnectOptions): net.Socket => {
    const raw = sinkable ? new net.Socket({ readableHighWaterMark: 1 } as net.SocketConstructorOpts) : new net.Socket();
    raw.connect({ host: options.host, port: Number(options.port) });
    raw.setNoDelay(true);
    if (!sinkable) {
      tap = {
        get bytesIn() {
          return raw.bytesRead;
        },
        sink() {
          throw new Error('a probe cannot become a sink');
        },
      };
      return secure ? tls.connect({ ...options, socket: raw }) : raw;
    }
    if (secure) {
      const forwarding = new ForwardingStream(raw);
      tap = {
        get bytesIn() {
          return forwarding.bytesIn;
        },
        sink: () => forwarding.sink(),
      };
      return tls.connect({ ...options, socket: forwarding });
    }
    let bytesIn = 0;
    const counter = (chunk: Buffer) => {
      bytesIn += chunk.length;
    };
    raw.on('data', counter);
    tap = {
      get bytesIn() {
        return bytesIn;
      },
      sink() {
        // ws reads through its own 'data' listener; keep only the counter.
        for (const listener of raw.listeners('data')) if (listener !== counter) raw.removeListener('data', listener as typeof counter);
        addSink(raw);
      },
    };
    return raw;
  };
  return {
    createConnection,
    tap: () => {
      if (!tap) throw new Error('the WebSocket did not open its connection');
      return tap;
    },
  };
}
