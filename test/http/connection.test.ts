/**
 * The lean HTTP/1.1 client: Content-Length and chunked answers (split across packets),
 * Connection: close, a kept-alive socket the server closed meanwhile (the request is sent
 * again once), and answers it cannot time (no length) are errors.
 */
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { Connection, type Outcome } from '../../policies/http/connection';

/** A raw server: `answer(requestIndex, socket)` writes whatever bytes the test wants. */
async function rawServer(answer: (i: number, socket: net.Socket) => void): Promise<{ port: number; close(): void; connections(): number }> {
  let i = 0;
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('data', () => answer(i++, socket));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
    connections: () => connections,
  };
}

function call(conn: Connection, done: Outcome[]): Promise<Outcome> {
  return new Promise((resolve) => {
    const before = done.length;
    const poll = setInterval(() => {
      if (done.length > before) {
        clearInterval(poll);
        resolve(done[done.length - 1]);
      }
    }, 2);
    conn.send(Connection.request('POST', '/x', 'h', '{}'));
  });
}

test('Content-Length and chunked answers, split across packets', async () => {
  const s = await rawServer((i, socket) => {
    if (i === 0) {
      socket.write('HTTP/1.1 200 OK\r\nContent-Le');
      setTimeout(() => socket.write('ngth: 5\r\n\r\nhel'), 5);
      setTimeout(() => socket.write('lo'), 10);
    } else socket.write('HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n');
  });
  const done: Outcome[] = [];
  const conn = new Connection('127.0.0.1', s.port, (_c, o) => done.push(o));
  expect(await call(conn, done)).toEqual({ ok: true, status: 200, body: 'hello' });
  expect(await call(conn, done)).toEqual({ ok: true, status: 201, body: 'abcde' });
  expect(s.connections()).toBe(1);
  conn.abandon();
  s.close();
});

test('a kept-alive socket the server closed is replaced and the request sent again', async () => {
  const s = await rawServer((i, socket) => {
    // The first answer, then the server drops the socket at the next request without reading it.
    if (i === 0) socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    else if (i === 1) socket.destroy();
    else socket.write('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nagain');
  });
  const done: Outcome[] = [];
  const conn = new Connection('127.0.0.1', s.port, (_c, o) => done.push(o));
  await call(conn, done);
  expect(await call(conn, done)).toEqual({ ok: true, status: 200, body: 'again' });
  expect(s.connections()).toBe(2);
  conn.abandon();
  s.close();
});

test('Connection: close ends the socket; an answer without a length is an error', async () => {
  const s = await rawServer((i, socket) => {
    if (i === 0) socket.end('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\na');
    else socket.write('HTTP/1.1 200 OK\r\n\r\nforever');
  });
  const done: Outcome[] = [];
  const conn = new Connection('127.0.0.1', s.port, (_c, o) => done.push(o));
  expect(await call(conn, done)).toEqual({ ok: true, status: 200, body: 'a' });
  expect(await call(conn, done)).toEqual({ ok: false, error: 'answer without Content-Length or chunked encoding' });
  expect(s.connections()).toBe(2);
  s.close();
});

test('nobody listening is an error naming the code', async () => {
  const done: Outcome[] = [];
  const conn = new Connection('127.0.0.1', 9, (_c, o) => done.push(o));
  expect(await call(conn, done)).toEqual({ ok: false, error: 'ECONNREFUSED' });
});
