// Real servers on 127.0.0.1 for the check tester's tests: each behaves as a real server can,
// right or wrong. Ports are chosen by the kernel; a closed port is one that was bound then freed.

import { createServer, Server, Socket } from 'node:net';
import { createSocket, Socket as UdpSocket } from 'node:dgram';

export interface LoopbackServers {
  /** answers any request with "HTTP/1.1 200 OK ..." and closes */
  readonly httpGood: number;
  /** answers with "HTTP/1.1 500 Internal Server Error ..." */
  readonly httpBad: number;
  /** accepts and never answers */
  readonly silent: number;
  /** nothing listens */
  readonly closed: number;
  /** answers "HT", then "TP/1.1 200 OK" 300 ms later: nanny's one read sees "HT" */
  readonly split: number;
  /** accepts and closes at once */
  readonly hangUp: number;
  /** UDP: echoes each datagram */
  readonly udpEcho: number;
  /** UDP: nothing listens */
  readonly udpClosed: number;
  /** what each TCP server received first, by port */
  readonly received: Map<number, Buffer>;
  close(): Promise<void>;
}

async function listen(onSocket: (s: Socket) => void, received: Map<number, Buffer>): Promise<{ server: Server; port: number }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    s.once('data', (d) => {
      const port = (server.address() as { port: number }).port;
      if (!received.has(port)) received.set(port, d);
    });
    onSocket(s);
  });
  (server as Server & { sockets?: Set<Socket> }).sockets = sockets;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

async function udpPort(echo: boolean): Promise<{ socket: UdpSocket | null; port: number }> {
  const socket = createSocket('udp4');
  if (echo) socket.on('message', (msg, rinfo) => socket.send(msg, rinfo.port, rinfo.address));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const port = socket.address().port;
  if (echo) return { socket, port };
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return { socket: null, port };
}

export async function startLoopbackServers(): Promise<LoopbackServers> {
  const received = new Map<number, Buffer>();
  const timers = new Set<NodeJS.Timeout>();
  const answer = (text: string) => (s: Socket) => s.once('data', () => s.end(text));
  const good = await listen(answer('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'), received);
  const bad = await listen(answer('HTTP/1.1 500 Internal Server Error\r\n\r\n'), received);
  const silent = await listen(() => undefined, received);
  const split = await listen((s) => {
    s.once('data', () => {
      s.write('HT');
      const t = setTimeout(() => s.end('TP/1.1 200 OK\r\n\r\n'), 300);
      timers.add(t);
    });
  }, received);
  const hangUp = await listen((s) => s.end(), received);
  const closed = await freePort();
  const echo = await udpPort(true);
  const udpClosed = await udpPort(false);
  const servers = [good, bad, silent, split, hangUp];
  return {
    httpGood: good.port,
    httpBad: bad.port,
    silent: silent.port,
    closed,
    split: split.port,
    hangUp: hangUp.port,
    udpEcho: echo.port,
    udpClosed: udpClosed.port,
    received,
    async close() {
      for (const t of timers) clearTimeout(t);
      for (const { server } of servers) {
        for (const s of (server as Server & { sockets: Set<Socket> }).sockets) s.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      await new Promise<void>((resolve) => echo.socket!.close(() => resolve()));
    },
  };
}
