/**
 * Real servers on loopback for the artifact stores: s3rver (the S3 protocol),
 * Microsoft's Azurite (Azure Blob), and ObjectServer, a small HTTP(S) object
 * server that can also misbehave on purpose (truncate, stall, fail, redirect,
 * demand a token) and speaks the two requests of Cloud Storage's JSON API a
 * read makes. GCS is served here rather than by an emulator because none
 * installs with npm: fake-gcs-server is a Go binary and gcloud-storage-emulator
 * a Python package last released in 2021, either a second toolchain for `npm test`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';

const require = createRequire(import.meta.url);

export function sha256(bytes: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export interface TlsMaterial {
  readonly cert: string;
  readonly key: string;
  readonly certPath: string;
}

/** A self-signed certificate for 127.0.0.1 and localhost, made by openssl for this run. */
export function selfSignedCertificate(): TlsMaterial {
  const dir = mkdtempSync(join(tmpdir(), 'modelreg-tls-'));
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8'), certPath };
}

export interface Misbehaviour {
  /** Send the full Content-Length but close the connection after this many bytes (the first `times` requests). */
  readonly truncateAt?: number;
  /** Send the headers, then nothing for this long. */
  readonly stallMs?: number;
  /** Answer 503 to the first `failTimes` requests. */
  readonly failTimes?: number;
  /** The Authorization header value required (401 without it). */
  readonly requireAuth?: string;
  /** Answer 302 to this URL. */
  readonly redirectTo?: string;
  /** Ignore Range and send the whole object with 200. */
  readonly ignoreRange?: boolean;
  /** How many requests truncateAt applies to (default: all). */
  readonly times?: number;
}

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly range: string | undefined;
  readonly authorization: string | undefined;
}

export class ObjectServer {
  /** Path (e.g. /models/a.bin, or /gcs/<bucket>/<object> for gs://) → bytes. */
  readonly objects = new Map<string, Buffer>();
  readonly misbehaviour = new Map<string, Misbehaviour>();
  readonly requests: LoggedRequest[] = [];
  private readonly counts = new Map<string, number>();

  private constructor(
    private readonly server: http.Server,
    readonly origin: string,
  ) {}

  static async start(options: { tls?: TlsMaterial; host?: string } = {}): Promise<ObjectServer> {
    // eslint-disable-next-line prefer-const -- the handler closes over it before the server exists
    let instance: ObjectServer | undefined;
    const handler = (req: IncomingMessage, res: ServerResponse) => instance!.handle(req, res);
    const server = options.tls
      ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, handler)
      : http.createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    instance = new ObjectServer(server, `${options.tls ? 'https' : 'http'}://${options.host ?? '127.0.0.1'}:${port}`);
    return instance;
  }

  url(path: string): string {
    return `${this.origin}${path}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    this.requests.push({
      method: req.method ?? '',
      path: url.pathname,
      range: req.headers.range,
      authorization: req.headers.authorization,
    });
    const gcs = /^\/storage\/v1\/b\/([^/]+)\/o\/([^/]+)$/.exec(url.pathname);
    const key = gcs ? `/gcs/${decodeURIComponent(gcs[1]!)}/${decodeURIComponent(gcs[2]!)}` : url.pathname;
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    const odd = this.misbehaviour.get(key) ?? {};
    if (odd.requireAuth !== undefined && req.headers.authorization !== odd.requireAuth)
      return void res.writeHead(401).end();
    if (odd.redirectTo) return void res.writeHead(302, { location: odd.redirectTo }).end();
    if (odd.failTimes !== undefined && count <= odd.failTimes)
      return void res.writeHead(503, { 'retry-after': '0' }).end();
    const bytes = this.objects.get(key);
    if (!bytes) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":404}}');
    const etag = `"${createHash('md5').update(bytes).digest('hex')}"`;
    if (gcs && url.searchParams.get('alt') !== 'media') {
      const metadata = JSON.stringify({
        kind: 'storage#object',
        bucket: gcs[1],
        name: decodeURIComponent(gcs[2]!),
        size: String(bytes.length),
        etag,
      });
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(metadata);
    }
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = range && !odd.ignoreRange ? Number(range[1]) : 0;
    const body = bytes.subarray(start);
    const headers = {
      'content-length': String(body.length),
      etag,
      'accept-ranges': 'bytes',
      ...(start > 0 ? { 'content-range': `bytes ${start}-${bytes.length - 1}/${bytes.length}` } : {}),
    };
    res.writeHead(start > 0 ? 206 : 200, headers);
    if (req.method === 'HEAD') return void res.end();
    if (odd.stallMs !== undefined) {
      res.flushHeaders();
      setTimeout(() => res.end(body), odd.stallMs).unref();
      return;
    }
    if (odd.truncateAt !== undefined && count <= (odd.times ?? Infinity)) {
      res.write(body.subarray(0, Math.max(0, odd.truncateAt - start)), () => res.destroy());
      return;
    }
    res.end(body);
  }
}

/** s3rver on a free loopback port, with the buckets named; its keys are S3RVER / S3RVER. */
export async function startS3rver(
  buckets: readonly string[],
): Promise<{ endpoint: string; close: () => Promise<void> }> {
  const S3rver = require('s3rver') as new (options: object) => {
    run(): Promise<{ port: number }>;
    close(): Promise<void>;
  };
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: mkdtempSync(join(tmpdir(), 'modelreg-s3rver-')),
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const { port } = await server.run();
  return { endpoint: `http://127.0.0.1:${port}`, close: () => server.close() };
}

export const AZURITE_ACCOUNT = 'devstoreaccount1';
/** Azurite's published development key (not a secret). */
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** Azurite's Blob service on a free loopback port, in memory, without telemetry; the connection string for it. */
export async function startAzurite(): Promise<{
  connectionString: (key?: string) => string;
  close: () => Promise<void>;
}> {
  const port = await freePort();
  const main = join(require.resolve('azurite/package.json'), '..', 'dist/src/blob/main.js');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      main,
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(port),
      '--inMemoryPersistence',
      '--disableTelemetry',
      '--silent',
      '--skipApiVersionCheck',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/successfully listens/.test(output)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`azurite exited with ${code}: ${output}`)));
  });
  return {
    connectionString: (key = AZURITE_KEY) =>
      `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${key};BlobEndpoint=http://127.0.0.1:${port}/${AZURITE_ACCOUNT};`,
    close: async () => {
      child.kill();
      await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
