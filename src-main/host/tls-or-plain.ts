// One port, two doors: a connection whose first byte opens a TLS handshake
// (0x16, a TLS record of type "handshake") goes to the HTTPS server that
// serves the session; anything else is plain HTTP and goes to a server that
// only explains where to go instead (plain-http-notice.ts). People type
// `HOST:47800` into a browser and get http://, so the plain door must answer
// something useful, on the same port.
import net from 'node:net';
import type http from 'node:http';
import type https from 'node:https';

const TLS_HANDSHAKE_RECORD = 0x16;
/** A connection that sends nothing for this long is closed before anything else happens. */
const FIRST_BYTE_TIMEOUT_MS = 10_000;

/** The front server; closeAllConnections() also ends sockets still in a handshake (the HTTP servers only know theirs). */
export type TlsOrPlainServer = net.Server & { closeAllConnections(): void };

export function tlsOrPlainServer(secure: https.Server, plain: http.Server): TlsOrPlainServer {
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ pauseOnConnect: true }, (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.setTimeout(FIRST_BYTE_TIMEOUT_MS, () => socket.destroy());
    socket.on('error', () => {
      // reset before the first byte: nothing to do; the servers handle errors after the hand-off
    });
    socket.once('data', (chunk: Buffer) => {
      socket.pause();
      socket.setTimeout(0);
      socket.unshift(chunk);
      if (chunk[0] === TLS_HANDSHAKE_RECORD) {
        // TLSSocket takes the buffered bytes (socket.read()) and then reads the handle itself: leave the socket paused.
        secure.emit('connection', socket);
      } else {
        plain.emit('connection', socket);
        socket.resume(); // http's parser reads through the stream, from the unshifted bytes on
      }
    });
    socket.resume();
  });
  return Object.assign(server, {
    closeAllConnections: () => {
      for (const socket of sockets) socket.destroy();
    },
  });
}
