/**
 * Serves a directory on loopback as GitHub Pages and CDNs do for the read API:
 * a strong ETag per file (its content's hash), 304 when If-None-Match names
 * it, 404 for what is not there. It counts what it answers, and a test may
 * take over any request (`intercept`) to play a failing or hostile server.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join, normalize, sep } from 'node:path';

export interface EtagServer {
  readonly url: string;
  /** Every request's path and the status it got, in order. */
  readonly log: { path: string; status: number; ifNoneMatch: string | undefined }[];
  /** Return true when the request was answered. */
  intercept: ((request: IncomingMessage, response: ServerResponse, path: string) => boolean) | undefined;
  count(status: number): number;
  close(): Promise<void>;
}

export async function serveWithEtags(root: string): Promise<EtagServer> {
  const log: EtagServer['log'] = [];
  const state: EtagServer = {
    url: '',
    log,
    intercept: undefined,
    count: (status) => log.filter((entry) => entry.status === status).length,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const ifNoneMatch = request.headers['if-none-match'];
    response.on('finish', () => log.push({ path, status: response.statusCode, ifNoneMatch }));
    if (state.intercept?.(request, response, path)) return;
    const file = normalize(join(root, path));
    if (!file.startsWith(root + sep) || !isFile(file)) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const body = readFileSync(file);
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`;
    const asked = (ifNoneMatch ?? '').split(',').map((tag) => tag.trim().replace(/^W\//, ''));
    if (asked.includes(etag)) {
      response.writeHead(304, { etag }).end();
      return;
    }
    response
      .writeHead(200, {
        etag,
        'content-type': file.endsWith('.json') ? 'application/json' : 'application/octet-stream',
        'cache-control': 'max-age=600',
      })
      .end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(state, { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` });
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
