/** A local HTTPS server for remote-capture tests: a self-signed certificate for 127.0.0.1 made with openssl, routes that count requests. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { tempDir } from '../support/paths.js';

export interface SelfSigned {
  key: string;
  cert: string;
  /** The certificate's file, for NODE_EXTRA_CA_CERTS. */
  certFile: string;
}

/** A key and self-signed certificate for 127.0.0.1 (needs openssl). */
export function selfSigned(): SelfSigned {
  const dir = tempDir('leakspec-tls-');
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  const r = spawnSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}

export type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

export interface TestServer {
  base: string;
  /** Requests per path. */
  hits: Map<string, number>;
  close: () => Promise<void>;
}

/** Starts an HTTPS server on 127.0.0.1 with the given routes (path -> handler); other paths get 404. */
export async function startServer(tls: SelfSigned, routes: Record<string, Handler>): Promise<TestServer> {
  const hits = new Map<string, number>();
  const server: Server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const path = new URL(req.url ?? '/', 'https://x').pathname;
    const n = (hits.get(path) ?? 0) + 1;
    hits.set(path, n);
    const route = routes[path] ?? Object.entries(routes).find(([p]) => p.endsWith('*') && path.startsWith(p.slice(0, -1)))?.[1];
    if (route) route(req, res, n);
    else {
      res.statusCode = 404;
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `https://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends `body` with a Content-Length. */
export function send(body: Uint8Array): Handler {
  return (_req, res) => {
    res.setHeader('content-length', body.length);
    res.end(body);
  };
}
