/**
 * The GitHub Actions cache service on loopback, as @actions/cache 6 speaks
 * to it with ACTIONS_CACHE_SERVICE_V2: three twirp JSON calls under
 * ACTIONS_RESULTS_URL (CreateCacheEntry, FinalizeCacheEntryUpload,
 * GetCacheEntryDownloadURL) and the archive itself through signed URLs: a
 * Put Blob by @azure/storage-blob, a plain GET by @actions/http-client.
 *
 * Every request is checked against what the library sends: twirp bodies are
 * read with the library's own generated message types refusing unknown
 * fields, then the service's rules (keys, versions, the upload before its
 * finalize, sizes, the signature of each URL). What does not fit lands in
 * `violations`, which tests assert empty. Cache scopes (branches) are not
 * modelled: every entry is visible to every run.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
// The package exports only its API; the message types are the ones its twirp client encodes with.
import {
  CreateCacheEntryRequest,
  FinalizeCacheEntryUploadRequest,
  GetCacheEntryDownloadURLRequest,
} from '../../node_modules/@actions/cache/lib/generated/results/api/v1/cache.js';

const SERVICE = '/twirp/github.actions.results.api.v1.CacheService/';
const ACCOUNT = '/devstoreaccount1/actions-cache/';

export interface CacheEntry {
  readonly key: string;
  readonly version: string;
  readonly id: number;
  readonly signature: string;
  blob?: Buffer;
  finalized: boolean;
}

export class FakeActionsCache {
  private server!: Server;
  url = '';
  readonly token = `runtime-${randomBytes(8).toString('hex')}`;
  readonly entries: CacheEntry[] = [];
  readonly requests: string[] = [];
  readonly violations: string[] = [];
  /** Answer every twirp call with this HTTP status (a service in trouble). */
  twirpStatus: number | undefined;
  /** Answer blob uploads with this status (storage refusing the write). */
  uploadStatus: number | undefined;
  /** Serve these bytes instead of the stored archive (a damaged download). */
  corruptDownload: Buffer | undefined;

  static async start(): Promise<FakeActionsCache> {
    const fake = new FakeActionsCache();
    fake.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => fake.handle(req, Buffer.concat(chunks), res));
    });
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}/`;
    return fake;
  }

  /** The environment the runner gives a job that may use the cache. */
  env(): Record<string, string> {
    // A GitHub Enterprise Server URL would make the library fall back to the v1 service.
    return {
      ACTIONS_CACHE_SERVICE_V2: 'true',
      ACTIONS_RESULTS_URL: this.url,
      ACTIONS_RUNTIME_TOKEN: this.token,
      GITHUB_SERVER_URL: 'https://github.com',
    };
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push(`${req.method} ${url.pathname}`);
    try {
      if (url.pathname.startsWith(SERVICE)) return this.twirp(req, url.pathname.slice(SERVICE.length), body, res);
      if (url.pathname.startsWith(ACCOUNT)) return this.blob(req, url, body, res);
      this.violation(`${req.method} ${url.pathname}: not a cache service route`);
      res.writeHead(404).end();
    } catch (error) {
      this.violation(`${req.method} ${url.pathname}: ${(error as Error).message}`);
      twirpError(res, 400, 'malformed', (error as Error).message);
    }
  }

  private twirp(req: IncomingMessage, method: string, body: Buffer, res: ServerResponse): void {
    if (req.method !== 'POST') this.violation(`${method}: ${req.method}, twirp calls are POST`);
    if (req.headers['content-type'] !== 'application/json')
      this.violation(`${method}: content-type ${req.headers['content-type']}`);
    if (req.headers.authorization !== `Bearer ${this.token}`)
      this.violation(`${method}: not authorised with ACTIONS_RUNTIME_TOKEN`);
    if (this.twirpStatus !== undefined)
      return twirpError(res, this.twirpStatus, 'internal', 'the fake service is down');
    const json = body.toString('utf8');
    const strict = { ignoreUnknownFields: false };
    switch (method) {
      case 'CreateCacheEntry': {
        const request = CreateCacheEntryRequest.fromJsonString(json, strict);
        this.checkKey(method, request.key, request.version);
        if (this.entries.some((e) => e.key === request.key && e.version === request.version)) {
          return twirpError(
            res,
            409,
            'already_exists',
            'cache entry with the same key, version, and scope already exists',
          );
        }
        const entry: CacheEntry = {
          key: request.key,
          version: request.version,
          id: this.entries.length + 1,
          signature: randomBytes(12).toString('hex'),
          finalized: false,
        };
        this.entries.push(entry);
        return reply(res, { ok: true, signed_upload_url: this.signedUrl(entry) });
      }
      case 'FinalizeCacheEntryUpload': {
        const request = FinalizeCacheEntryUploadRequest.fromJsonString(json, strict);
        this.checkKey(method, request.key, request.version);
        const entry = this.entries.find((e) => e.key === request.key && e.version === request.version && !e.finalized);
        if (!entry)
          return twirpError(res, 404, 'not_found', 'no cache entry is being uploaded under this key and version');
        if (!entry.blob) this.violation(`${method}: finalized before its archive was uploaded`);
        if (String(entry.blob?.length) !== request.sizeBytes)
          this.violation(`${method}: size_bytes ${request.sizeBytes}, uploaded ${entry.blob?.length}`);
        entry.finalized = true;
        return reply(res, { ok: true, entry_id: String(entry.id) });
      }
      case 'GetCacheEntryDownloadURL': {
        const request = GetCacheEntryDownloadURLRequest.fromJsonString(json, strict);
        this.checkKey(method, request.key, request.version);
        if (request.restoreKeys.length > 9)
          this.violation(`${method}: ${request.restoreKeys.length} restore keys, at most 9`);
        for (const key of request.restoreKeys) this.checkKey(method, key, request.version);
        const entry = this.match(request.key, request.restoreKeys, request.version);
        return reply(
          res,
          entry ? { ok: true, signed_download_url: this.signedUrl(entry), matched_key: entry.key } : { ok: false },
        );
      }
      default:
        this.violation(`${method}: not a CacheService method`);
        return twirpError(res, 404, 'bad_route', `no handler for ${method}`);
    }
  }

  /** As GitHub documents it: the exact key first, then each restore key as a prefix, the newest entry under it. */
  private match(key: string, restoreKeys: readonly string[], version: string): CacheEntry | undefined {
    const ready = this.entries.filter((e) => e.finalized && e.version === version);
    const exact = ready.find((e) => e.key === key);
    if (exact) return exact;
    for (const prefix of restoreKeys) {
      const newest = ready.filter((e) => e.key.startsWith(prefix)).pop();
      if (newest) return newest;
    }
    return undefined;
  }

  private blob(req: IncomingMessage, url: URL, body: Buffer, res: ServerResponse): void {
    const entry = this.entries.find((e) => url.pathname === `${ACCOUNT}${e.id}`);
    if (!entry || url.searchParams.get('sig') !== entry.signature) {
      this.violation(`${req.method} ${url.pathname}: not a signed URL the service handed out`);
      return void res.writeHead(403).end();
    }
    if (req.method === 'PUT') {
      // @azure/storage-blob uploads an archive under 128 MiB as one Put Blob.
      if (url.searchParams.has('comp'))
        this.violation(`PUT ${url.pathname}: comp=${url.searchParams.get('comp')}, expected one Put Blob`);
      if (req.headers['x-ms-blob-type'] !== 'BlockBlob')
        this.violation(`PUT ${url.pathname}: x-ms-blob-type ${req.headers['x-ms-blob-type']}`);
      if (!req.headers['x-ms-version']) this.violation(`PUT ${url.pathname}: no x-ms-version`);
      if (Number(req.headers['content-length']) !== body.length)
        this.violation(`PUT ${url.pathname}: content-length ${req.headers['content-length']}, body ${body.length}`);
      if (entry.finalized) this.violation(`PUT ${url.pathname}: upload after finalize`);
      if (this.uploadStatus !== undefined)
        return void res.writeHead(this.uploadStatus, { 'x-ms-error-code': 'AuthorizationFailure' }).end();
      entry.blob = body;
      return void res
        .writeHead(201, {
          etag: `"0x${entry.id}"`,
          'last-modified': new Date().toUTCString(),
          'x-ms-request-id': randomBytes(8).toString('hex'),
          'x-ms-version': String(req.headers['x-ms-version']),
        })
        .end();
    }
    if (req.method === 'GET') {
      if (!entry.finalized) this.violation(`GET ${url.pathname}: download of an entry never finalized`);
      const bytes = this.corruptDownload ?? entry.blob ?? Buffer.alloc(0);
      return void res
        .writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) })
        .end(bytes);
    }
    this.violation(`${req.method} ${url.pathname}: not a blob operation the library uses`);
    res.writeHead(405).end();
  }

  private signedUrl(entry: CacheEntry): string {
    return `${this.url.replace(/\/$/, '')}${ACCOUNT}${entry.id}?sv=2024-11-04&sr=b&sp=rcw&sig=${entry.signature}`;
  }

  /** The service refuses what the library's own checks refuse: keys over 512 characters or with commas; versions are sha256 hex. */
  private checkKey(method: string, key: string, version: string): void {
    if (!key || key.length > 512 || key.includes(',')) this.violation(`${method}: key ${JSON.stringify(key)}`);
    if (!/^[0-9a-f]{64}$/.test(version)) this.violation(`${method}: version ${JSON.stringify(version)}`);
  }

  private violation(message: string): void {
    this.violations.push(message);
  }
}

function reply(res: ServerResponse, body: object): void {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function twirpError(res: ServerResponse, status: number, code: string, msg: string): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ code, msg }));
}
