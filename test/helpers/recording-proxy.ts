// A TCP proxy on 127.0.0.1 that forwards to a target and records every byte
// in both directions — what anyone on the same Wi-Fi could capture. Tests
// search the recording for secrets that must not be readable on the wire.
import net from 'node:net';

export interface RecordingProxy {
  port: number;
  /** Everything sent by clients and by the target, in order per direction. */
  recorded(): { fromClients: Buffer; fromTarget: Buffer };
  /** Where it forwards to; change it to put someone else behind the same address. */
  retarget(port: number): void;
  close(): Promise<void>;
}

export async function startRecordingProxy(targetPort: number): Promise<RecordingProxy> {
  let target = targetPort;
  const fromClients: Buffer[] = [];
  const fromTarget: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk: Buffer) => {
      fromClients.push(chunk);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      fromTarget.push(chunk);
      client.write(chunk);
    });
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    recorded: () => ({ fromClients: Buffer.concat(fromClients), fromTarget: Buffer.concat(fromTarget) }),
    retarget(port) {
      target = port;
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
