import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Remembers connections that have not sent a request yet. HTTP clients (undici's pool, for one)
 * open such sockets ahead of need; Node's closeIdleConnections leaves them alone, so a shutdown
 * would wait for their header timeout (a minute). `destroy` ends them.
 */
export function trackUnusedSockets(server: Server): { destroy(): void } {
  const unused = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    unused.add(socket);
    socket.once('close', () => unused.delete(socket));
  });
  server.on('request', (request) => unused.delete(request.socket));
  server.on('upgrade', (request) => unused.delete(request.socket));
  return {
    destroy() {
      for (const socket of unused) socket.destroy();
      unused.clear();
    },
  };
}
