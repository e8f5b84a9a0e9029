import http from 'node:http';
import net from 'node:net';

/** A server on 127.0.0.1 started by a test, and how to stop it. */
export interface LocalServer {
  url: string;
  /** Connections accepted so far (one per request attempt: the SDK does not reuse a timed-out socket). */
  connections(): number;
  close(): Promise<void>;
}

/** Accepts connections and reads what is sent, but never answers: a hung proxy, a black-holed AWS. */
export function silentServer(): Promise<LocalServer> {
  const sockets = new Set<net.Socket>();
  let count = 0;
  const server = net.createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  return listen(
    server,
    () => count,
    () => sockets.forEach((s) => s.destroy()),
  );
}

/** Answers every request with the same status, content type and body: a proxy's error page, an emulator without the API. */
export function fixedAnswerServer(status: number, contentType: string, body: string): Promise<LocalServer> {
  let count = 0;
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(status, { 'content-type': contentType, connection: 'close' });
      response.end(body);
    });
  });
  server.on('connection', () => count++);
  return listen(
    server,
    () => count,
    () => server.closeAllConnections(),
  );
}

/**
 * Cuts the connection of the first `cuts` requests once they are read (an answer lost on the way
 * back), then answers every request with HTTP 200 and `body` as AWS JSON.
 */
export function cuttingServer(cuts: number, body: string): Promise<LocalServer> {
  let count = 0;
  const server = http.createServer((request, response) => {
    const attempt = ++count;
    request.resume();
    request.on('end', () => {
      if (attempt <= cuts) {
        request.socket.destroy();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', connection: 'close' });
      response.end(body);
    });
  });
  return listen(
    server,
    () => count,
    () => server.closeAllConnections(),
  );
}

function listen(server: net.Server, connections: () => number, dropAll: () => void): Promise<LocalServer> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        connections,
        close: () =>
          new Promise<void>((done) => {
            dropAll();
            server.close(() => done());
          }),
      });
    });
  });
}
