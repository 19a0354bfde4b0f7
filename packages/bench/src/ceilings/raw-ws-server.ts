import type { Socket } from 'node:net';
import { WebSocketServer } from 'ws';

/**
 * The transport's ceiling: a bare `ws` server (forked by the bench) that broadcasts one
 * pre-encoded frame to every client as fast as the sockets take it, with no protocol, store or
 * bus behind it. Each round gives each socket FRAMES_PER_WRITE copies in one corked write, as
 * Peyk's connections coalesce the frames of one turn: a frame per write would measure system
 * calls, and Peyk's supergroup path already beats that. It tells the parent its port, then
 * answers `broadcast` commands.
 */
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
/** A client further behind than this is skipped for a round, as the server drops slow readers. */
const MAX_BUFFERED = 256 * 1024;
const FRAMES_PER_WRITE = 16;

wss.on('listening', () => {
  const address = wss.address();
  process.send?.({ port: address && typeof address === 'object' ? address.port : 0 });
});
wss.on('connection', (socket) => socket.on('error', () => {}));

process.on('message', async (command: { id: number; frame: number[]; durationMs: number }) => {
  const frame = Buffer.from(command.frame);
  const start = performance.now();
  let sent = 0;
  while (performance.now() - start < command.durationMs) {
    for (const client of wss.clients) {
      if (client.bufferedAmount > MAX_BUFFERED) continue;
      const socket = (client as unknown as { _socket: Socket })._socket;
      socket.cork();
      for (let i = 0; i < FRAMES_PER_WRITE; i++) client.send(frame);
      socket.uncork();
      sent += FRAMES_PER_WRITE;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  process.send?.({
    id: command.id,
    sent,
    seconds: (performance.now() - start) / 1000,
    clients: wss.clients.size,
  });
});
process.on('disconnect', () => process.exit(0));
