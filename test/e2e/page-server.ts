import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProxyEvent, ProxyResult } from '../../src/lambda/handler.js';

/** A running test server. */
export interface PageServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Stands in for API Gateway on 127.0.0.1: serves the page at `/`, and turns `POST <apiPath>`
 * into a Lambda proxy event for `handler`, and its proxy result back into the HTTP answer —
 * the contract API Gateway keeps for an AWS_PROXY integration.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
 */
export async function startPageServer(
  page: (origin: string) => string,
  apiPath: string,
  handler: (event: ProxyEvent) => Promise<ProxyResult>,
): Promise<PageServer> {
  let origin = '';
  const server: Server = createServer((request, response) => {
    void (async () => {
      try {
        if (request.method === 'GET' && request.url === '/') {
          response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page(origin));
          return;
        }
        if (request.url !== apiPath) {
          response.writeHead(404, { 'Content-Type': 'application/json' }).end('{"message":"Missing Authentication Token"}');
          return;
        }
        const body = await readBody(request);
        const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
        // API Gateway passes text bodies as they are (binary ones base64-encoded).
        const result = await handler({
          httpMethod: request.method ?? 'POST',
          headers,
          body: body.length > 0 ? body.toString('utf8') : null,
          isBase64Encoded: false,
        });
        response.writeHead(result.statusCode, result.headers).end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
      } catch (error) {
        // A handler that throws is a 502 at API Gateway ("Internal server error").
        response.writeHead(502, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: `Internal server error: ${(error as Error).message}` }));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))) };
}
