/**
 * A real smart-HTTP git server on loopback: native `git http-backend` as a
 * CGI behind a tiny Node server, serving bare repositories from a temp dir.
 * Pushes need Basic auth with the configured token (as GitHub's
 * x-access-token), so authentication is exercised too.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { createRepo, git, tempDir } from './temp-repo.js';

export class GitHttpServer {
  private server!: Server;
  url = '';
  readonly root = tempDir('modelreg-git-server-', 'file');
  readonly requests: string[] = [];
  /** Fetches need the token too, as a private GitHub repository's do. */
  privateReads = false;

  constructor(readonly token: string) {}

  static async start(token = 'secret-token'): Promise<GitHttpServer> {
    const server = new GitHttpServer(token);
    await server.listen();
    return server;
  }

  /** A bare repository `name`.git holding a clone of `source`. */
  publish(source: string, name: string): string {
    const path = join(this.root, `${name}.git`);
    git(this.root, 'clone', '-q', '--bare', source, path);
    git(path, 'config', 'http.receivepack', 'true');
    return `${this.url}/${name}.git`;
  }

  /**
   * A working clone of `source` whose origin is served at `name`, as a
   * checkout of a GitHub repository is. Native git runs synchronously in
   * tests, so it fetches from the bare repository's path: over HTTP it would
   * wait for this very process's server.
   */
  checkout(source: string, name: string): { dir: string; bare: string } {
    const url = this.publish(source, name);
    const dir = createRepo({});
    git(dir, 'remote', 'add', 'origin', this.bare(name));
    git(dir, 'fetch', '-q', 'origin');
    git(dir, 'checkout', '-q', '-B', 'main', 'origin/main');
    git(dir, 'remote', 'set-url', 'origin', url);
    return { dir, bare: this.bare(name) };
  }

  bare(name: string): string {
    return join(this.root, `${name}.git`);
  }

  private async listen(): Promise<void> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      this.requests.push(`${req.method} ${url.pathname}${url.search}`);
      const isPush =
        url.searchParams.get('service') === 'git-receive-pack' || url.pathname.endsWith('/git-receive-pack');
      const auth = req.headers.authorization;
      const expected = `Basic ${Buffer.from(`x-access-token:${this.token}`).toString('base64')}`;
      if ((isPush || this.privateReads) && auth !== expected) {
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="modelreg test"' });
        res.end('authentication required');
        return;
      }
      const cgi = spawn('git', ['http-backend'], {
        env: {
          PATH: process.env.PATH ?? '',
          GIT_PROJECT_ROOT: this.root,
          GIT_HTTP_EXPORT_ALL: '1',
          REQUEST_METHOD: req.method ?? 'GET',
          PATH_INFO: url.pathname,
          QUERY_STRING: url.search.slice(1),
          CONTENT_TYPE: req.headers['content-type'] ?? '',
          HTTP_CONTENT_ENCODING: String(req.headers['content-encoding'] ?? ''),
          HTTP_GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
          REMOTE_USER: isPush ? 'x-access-token' : '',
          REMOTE_ADDR: '127.0.0.1',
        },
      });
      req.pipe(cgi.stdin);
      let head = Buffer.alloc(0);
      let headersDone = false;
      cgi.stdout.on('data', (chunk: Buffer) => {
        if (headersDone) {
          res.write(chunk);
          return;
        }
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        headersDone = true;
        let status = 200;
        const headers: Record<string, string> = {};
        for (const line of head.subarray(0, end).toString('utf8').split('\r\n')) {
          const colon = line.indexOf(':');
          const name = line.slice(0, colon).trim();
          const value = line.slice(colon + 1).trim();
          if (name.toLowerCase() === 'status') status = Number(value.split(' ')[0]);
          else headers[name] = value;
        }
        res.writeHead(status, headers);
        res.write(head.subarray(end + 4));
      });
      cgi.on('close', () => res.end());
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
