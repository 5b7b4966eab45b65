/**
 * Each artifact store against a real server on loopback: the S3 adapter
 * against s3rver, the Azure adapter against Azurite, the https adapter against
 * a TLS server with a certificate made for this run, the file adapter against
 * the file system, and gs:// against Cloud Storage's JSON API (see
 * helpers/artifact-servers.ts for why that one is served here).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArtifactStore, StoreOptions } from '../src/artifacts/artifact-store.js';
import { authVariableFor } from '../src/artifacts/http-client.js';
import { ArtifactStores, storeKindOf } from '../src/artifacts/stores.js';
import { digestFromStore } from '../src/artifacts/store-digest.js';
import {
  ObjectServer,
  selfSignedCertificate,
  sha256,
  startAzurite,
  startS3rver,
  type TlsMaterial,
} from './helpers/artifact-servers.js';
import { modelYaml, templatePolicy } from './helpers/fixtures.js';
import { createRepo, tempDir } from './helpers/temp-repo.js';

const CONTENT = Buffer.from('pretend onnx weights '.repeat(500));
let s3: Awaited<ReturnType<typeof startS3rver>>;
let azurite: Awaited<ReturnType<typeof startAzurite>>;
let tls: TlsMaterial;
let secure: ObjectServer;

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  tls = selfSignedCertificate();
  [s3, azurite, secure] = await Promise.all([startS3rver(['models']), startAzurite(), ObjectServer.start({ tls })]);
}, 60_000);

afterAll(async () => {
  await Promise.all([s3?.close(), azurite?.close(), secure?.close()]);
});

function options(env: NodeJS.ProcessEnv, extra: Partial<StoreOptions> = {}): StoreOptions {
  return { registryDir: tempDir(), env, timeoutMs: 2_000, retries: 1, ...extra };
}

async function text(store: ArtifactStore, uri: string, offset?: number): Promise<{ text: string; offset: number }> {
  const body = await store.read(uri, offset);
  const chunks: Buffer[] = [];
  for await (const chunk of body.stream) chunks.push(chunk as Buffer);
  return { text: Buffer.concat(chunks).toString(), offset: body.offset };
}

async function failure(work: Promise<unknown>): Promise<{ code: string; message: string; hint: string | undefined }> {
  const error = (await work.then(
    () => undefined,
    (e: unknown) => e,
  )) as { code: string; message: string; hint?: string } | undefined;
  expect(error, 'expected a failure').toBeDefined();
  return { code: error!.code, message: error!.message, hint: error!.hint };
}

const s3Env = (secret = 'S3RVER', key = 'S3RVER') => ({
  AWS_ACCESS_KEY_ID: key,
  AWS_SECRET_ACCESS_KEY: secret,
  AWS_REGION: 'us-east-1',
  AWS_ENDPOINT_URL_S3: s3.endpoint,
  MODELREG_ALLOW_INSECURE_LOOPBACK: '1',
});

describe('the store for a URI', () => {
  it('is chosen by scheme, the Azure host routing https to the Azure adapter', () => {
    expect(
      [
        'file:///x',
        'models/a.bin',
        's3://b/k',
        'gs://b/o',
        'az://acct/c/b',
        'https://acct.blob.core.windows.net/c/b',
        'https://example.com/a',
        'hf://org/model',
      ].map(storeKindOf),
    ).toEqual(['file', 'file', 's3', 'gcs', 'azure', 'azure', 'http', undefined]);
  });

  it('refuses a scheme no adapter reads, naming the stores there are', async () => {
    const refused = await failure(new ArtifactStores(options({})).for('hf://org/model/weights.bin'));
    expect(refused.code).toBe('ARTIFACT_STORE_UNSUPPORTED');
    expect(refused.hint).toMatch(/s3:\/\/.*gs:\/\/.*az:\/\//);
  });
});

describe('s3:// against s3rver', () => {
  it('puts, stats, reads whole and from an offset, and digests from the store', async () => {
    const stores = new ArtifactStores(options(s3Env()));
    const store = await stores.for('s3://models/fraud/1.0.0/model.onnx');
    await store.put!('s3://models/fraud/1.0.0/model.onnx', Readable.from([CONTENT]), CONTENT.length);
    expect(await store.stat('s3://models/fraud/1.0.0/model.onnx')).toMatchObject({
      size: CONTENT.length,
      etag: expect.any(String),
    });
    expect((await text(store, 's3://models/fraud/1.0.0/model.onnx')).text).toBe(CONTENT.toString());
    expect(await text(store, 's3://models/fraud/1.0.0/model.onnx', 100)).toEqual({
      text: CONTENT.subarray(100).toString(),
      offset: 100,
    });
    expect(await digestFromStore('s3://models/fraud/1.0.0/model.onnx', stores.options, stores)).toEqual({
      digest: sha256(CONTENT),
      size: CONTENT.length,
    });
  });

  it('says ARTIFACT_NOT_FOUND for a missing key or bucket', async () => {
    const store = await new ArtifactStores(options(s3Env())).for('s3://models/x');
    expect((await failure(store.stat('s3://models/missing.onnx'))).code).toBe('ARTIFACT_NOT_FOUND');
    expect((await failure(store.read('s3://no-such-bucket/model.onnx'))).code).toBe('ARTIFACT_NOT_FOUND');
  });

  it('says ARTIFACT_ACCESS_DENIED for credentials the store does not know, naming the credential chain', async () => {
    // s3rver checks the access key id; it does not check SigV4 signatures, so a wrong secret alone passes there.
    const store = await new ArtifactStores(options(s3Env('wrong', 'NOT-A-KEY'))).for('s3://models/x');
    const refused = await failure(store.stat('s3://models/fraud/1.0.0/model.onnx'));
    expect(refused.code).toBe('ARTIFACT_ACCESS_DENIED');
    expect(refused.hint).toMatch(/AWS_ACCESS_KEY_ID.*AWS_PROFILE/);
  });

  it('refuses a plain-http endpoint that is not this machine with the loopback opt-in', async () => {
    const refused = await failure(
      new ArtifactStores(options({ ...s3Env(), MODELREG_ALLOW_INSECURE_LOOPBACK: undefined })).for('s3://models/x'),
    );
    expect(refused.code).toBe('INSECURE_TRANSPORT');
  });
});

describe('az:// against Azurite', () => {
  const uri = 'az://devstoreaccount1/models/fraud/1.0.0/model.onnx';

  it('puts, stats, reads whole and from an offset', async () => {
    const { BlobServiceClient } = await import('@azure/storage-blob');
    await BlobServiceClient.fromConnectionString(azurite.connectionString())
      .getContainerClient('models')
      .createIfNotExists();
    const store = await new ArtifactStores(
      options({ AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString(), MODELREG_ALLOW_INSECURE_LOOPBACK: '1' }),
    ).for(uri);
    await store.put!(uri, Readable.from([CONTENT]), CONTENT.length);
    expect(await store.stat(uri)).toMatchObject({ size: CONTENT.length, etag: expect.any(String) });
    expect((await text(store, uri)).text).toBe(CONTENT.toString());
    expect(await text(store, uri, 100)).toEqual({ text: CONTENT.subarray(100).toString(), offset: 100 });
    expect((await failure(store.stat('az://devstoreaccount1/models/missing.onnx'))).code).toBe('ARTIFACT_NOT_FOUND');
  });

  it('says ARTIFACT_ACCESS_DENIED for a wrong account key, and refuses a connection string for another account', async () => {
    const wrongKey = Buffer.alloc(64, 7).toString('base64');
    const store = await new ArtifactStores(
      options({
        AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString(wrongKey),
        MODELREG_ALLOW_INSECURE_LOOPBACK: '1',
      }),
    ).for(uri);
    const refused = await failure(store.stat(uri));
    expect(refused.code).toBe('ARTIFACT_ACCESS_DENIED');
    expect(refused.hint).toMatch(/AZURE_STORAGE_CONNECTION_STRING/);
    const other = await new ArtifactStores(
      options({ AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString(), MODELREG_ALLOW_INSECURE_LOOPBACK: '1' }),
    ).for(uri);
    expect((await failure(other.stat('az://otheraccount/models/model.onnx'))).code).toBe('ARTIFACT_STORE_CONFIG');
  });
});

describe('https:// against a TLS server with a certificate made for this run', () => {
  it('stats, reads whole and by range, trusting the certificate authority it is given', async () => {
    secure.objects.set('/models/a.bin', CONTENT);
    const store = await new ArtifactStores(options({}, { ca: tls.cert })).for(secure.url('/models/a.bin'));
    expect(await store.stat(secure.url('/models/a.bin'))).toMatchObject({ size: CONTENT.length });
    expect((await text(store, secure.url('/models/a.bin'))).text).toBe(CONTENT.toString());
    expect(await text(store, secure.url('/models/a.bin'), 10)).toEqual({
      text: CONTENT.subarray(10).toString(),
      offset: 10,
    });
  });

  it('does not trust a certificate nobody vouches for, and says how to', async () => {
    secure.objects.set('/models/b.bin', CONTENT);
    const store = await new ArtifactStores(options({})).for(secure.url('/models/b.bin'));
    const refused = await failure(store.stat(secure.url('/models/b.bin')));
    expect(refused).toMatchObject({
      code: 'ARTIFACT_UNREACHABLE',
      message: expect.stringMatching(/certificate.*NODE_EXTRA_CA_CERTS/),
    });
  });

  it('names one variable per host: look-alike hosts never share credentials', () => {
    const variable = (url: string) => authVariableFor(new URL(url));
    expect(variable('https://models.example.com/a')).toBe('MODELREG_HTTP_AUTH_MODELS_EXAMPLE_COM');
    expect(variable('https://models-example.com/a')).toBe('MODELREG_HTTP_AUTH_MODELS__EXAMPLE_COM');
    expect(variable('https://models.example.com:8443/a')).toBe('MODELREG_HTTP_AUTH_MODELS_EXAMPLE_COM_8443');
    expect(variable('https://MODELS.Example.com/a')).toBe('MODELREG_HTTP_AUTH_MODELS_EXAMPLE_COM');
    // No DNS name has "_": such a host could collide with a dotted one, so it gets no credentials at all.
    expect(variable('https://models_example.com/a')).toBeUndefined();
    // Hosts a URL parser takes but DNS has no name for, which would fold onto a real name's variable.
    for (const host of [
      'models!example.com',
      'models*example.com',
      'a..com',
      'models.example.com.',
      '-a.com',
      'a-.com',
    ])
      expect(variable(`https://${host}/`), host).toBeUndefined();
    expect(variable('https://[::1]:8443/')).toBe('MODELREG_HTTP_AUTH____1__8443');
    const hosts = [
      'a.b-c.d',
      'a-b.c.d',
      'a.b.c.d',
      'a--b.c',
      'a.b.c:1',
      'a.b.c1',
      '10.0.0.1',
      '10.0.0.1:8443',
      '[1::2]',
      '[1::2]:3',
      '[1::2:3]',
    ];
    const names = hosts.map((h) => variable(`https://${h}/`));
    expect(new Set(names).size).toBe(hosts.length);
  });

  it('sends the Authorization of MODELREG_HTTP_AUTH_<host> to that host only, also across a redirect', async () => {
    const other = await ObjectServer.start({ tls, host: 'localhost' });
    try {
      other.objects.set('/blob', CONTENT);
      secure.misbehaviour.set('/private', { requireAuth: 'Bearer s3cret', redirectTo: other.url('/blob') });
      const host = new URL(secure.origin).host.replace(/[^0-9a-z]/gi, '_');
      const env = { [`MODELREG_HTTP_AUTH_${host}`]: 'Bearer s3cret' };
      const store = await new ArtifactStores(options(env, { ca: tls.cert })).for(secure.url('/private'));
      expect((await text(store, secure.url('/private'))).text).toBe(CONTENT.toString());
      expect(secure.requests.at(-1)?.authorization).toBe('Bearer s3cret');
      expect(other.requests.map((r) => r.authorization)).toEqual([undefined]);

      const anonymous = await new ArtifactStores(options({}, { ca: tls.cert })).for(secure.url('/private'));
      const refused = await failure(anonymous.stat(secure.url('/private')));
      expect(refused.code).toBe('ARTIFACT_ACCESS_DENIED');
      expect(refused.hint).toContain(`MODELREG_HTTP_AUTH_${host}`);
    } finally {
      await other.close();
    }
  });

  it('retries a failing server with backoff, and gives up with ARTIFACT_UNREACHABLE', async () => {
    secure.objects.set('/flaky', CONTENT);
    secure.misbehaviour.set('/flaky', { failTimes: 2 });
    const store = await new ArtifactStores(options({}, { ca: tls.cert, retries: 2 })).for(secure.url('/flaky'));
    expect(await store.stat(secure.url('/flaky'))).toMatchObject({ size: CONTENT.length });
    secure.misbehaviour.set('/down', { failTimes: 99 });
    secure.objects.set('/down', CONTENT);
    expect(await failure(store.stat(secure.url('/down')))).toMatchObject({
      code: 'ARTIFACT_UNREACHABLE',
      message: expect.stringContaining('HTTP 503'),
    });
  });

  it('times out a server that stops sending (ARTIFACT_TIMEOUT)', async () => {
    secure.objects.set('/slow', CONTENT);
    secure.misbehaviour.set('/slow', { stallMs: 5_000 });
    const stores = new ArtifactStores(options({}, { ca: tls.cert, retries: 0, timeoutMs: 300 }));
    const started = Date.now();
    expect((await failure(digestFromStore(secure.url('/slow'), stores.options, stores))).code).toBe('ARTIFACT_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('refuses plain http to another host, and to loopback without the opt-in', async () => {
    const stores = new ArtifactStores(options({}));
    const store = await stores.for('http://models.example.com/a.bin');
    expect((await failure(store.stat('http://models.example.com/a.bin'))).code).toBe('INSECURE_TRANSPORT');
    expect((await failure(store.stat('http://127.0.0.1:9/a.bin'))).code).toBe('INSECURE_TRANSPORT');
  });
});

describe("gs:// against Cloud Storage's JSON API", () => {
  it('stats and reads through the JSON API with the bearer token, by range too', async () => {
    const server = await ObjectServer.start();
    try {
      server.objects.set('/gcs/models/fraud/1.0.0/model.onnx', CONTENT);
      server.misbehaviour.set('/gcs/models/fraud/1.0.0/model.onnx', { requireAuth: 'Bearer ya29.token' });
      const env = {
        STORAGE_EMULATOR_HOST: server.origin,
        GOOGLE_OAUTH_ACCESS_TOKEN: 'ya29.token',
        MODELREG_ALLOW_INSECURE_LOOPBACK: '1',
      };
      const uri = 'gs://models/fraud/1.0.0/model.onnx';
      const store = await new ArtifactStores(options(env)).for(uri);
      expect(await store.stat(uri)).toMatchObject({ size: CONTENT.length });
      expect(await text(store, uri, 5)).toEqual({ text: CONTENT.subarray(5).toString(), offset: 5 });
      expect(server.requests.map((r) => r.path)).toEqual([
        '/storage/v1/b/models/o/fraud%2F1.0.0%2Fmodel.onnx',
        '/storage/v1/b/models/o/fraud%2F1.0.0%2Fmodel.onnx',
      ]);
      expect((await failure(store.stat('gs://models/missing'))).code).toBe('ARTIFACT_NOT_FOUND');
      const anonymous = await new ArtifactStores(options({ ...env, GOOGLE_OAUTH_ACCESS_TOKEN: undefined })).for(uri);
      expect(await failure(anonymous.stat(uri))).toMatchObject({
        code: 'ARTIFACT_ACCESS_DENIED',
        hint: expect.stringContaining('GOOGLE_OAUTH_ACCESS_TOKEN'),
      });
    } finally {
      await server.close();
    }
  });
});

describe('file:// and paths relative to the registry', () => {
  it('reads both, by offset, and says ARTIFACT_NOT_FOUND for a missing file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'model.onnx'), CONTENT);
    const stores = new ArtifactStores({ registryDir: dir, env: {} });
    const store = await stores.for('model.onnx');
    expect(await store.stat('model.onnx')).toMatchObject({ size: CONTENT.length });
    expect(await text(store, `file://${join(dir, 'model.onnx')}`, 7)).toEqual({
      text: CONTENT.subarray(7).toString(),
      offset: 7,
    });
    expect((await failure(store.stat('missing.onnx'))).code).toBe('ARTIFACT_NOT_FOUND');
  });
});

const bundleDir = fileURLToPath(new URL('../lib/cli-bundle/', import.meta.url));

/** The bundle's files `entry` imports statically (what loads before any command runs), transitively. */
function staticClosure(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const text = readFileSync(join(bundleDir, entry), 'utf8');
  for (const m of text.matchAll(/(?:^|[;}\s])import\s*(?:[^"'()]*?from\s*)?["']\.\/([^"']+)["']/g))
    staticClosure(m[1]!, seen);
  return seen;
}

describe.runIf(existsSync(join(bundleDir, 'modelreg-cli.js')))('the bundled CLI', () => {
  it('loads an SDK only when its scheme is read: neither start-up nor resolve reaches the S3 or Azure chunks', () => {
    // The entry loads the command line (its own chunk), which loads the one command it runs.
    const chunkImportedBy = (file: string, name: string) =>
      readFileSync(join(bundleDir, file), 'utf8').match(new RegExp(`import\\("\\./(${name}-[^"]+)"\\)`))![1]!;
    const commandLine = chunkImportedBy('modelreg-cli.js', 'command-line');
    const loaded = [
      ...staticClosure('modelreg-cli.js'),
      ...staticClosure(commandLine),
      ...staticClosure(chunkImportedBy(commandLine, 'resolve')),
      // A plain `resolve <ref>` runs without the command line.
      ...staticClosure(chunkImportedBy('modelreg-cli.js', 'plain-resolve')),
    ];
    expect(loaded.filter((file) => /^(s3-store|azure-store|gcs-store|http-store)-/.test(file))).toEqual([]);
    expect(loaded.some((file) => readFileSync(join(bundleDir, file), 'utf8').includes('@aws-sdk'))).toBe(false);
  });

  it('reads s3:// and az:// through the SDKs it bundles (verify --all against s3rver and Azurite)', async () => {
    const uriS3 = 's3://models/bundle/model.onnx';
    const uriAz = 'az://devstoreaccount1/models/bundle/model.onnx';
    const env = { ...process.env, ...s3Env(), AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString() };
    const stores = new ArtifactStores(options(env));
    const { BlobServiceClient } = await import('@azure/storage-blob');
    await BlobServiceClient.fromConnectionString(azurite.connectionString())
      .getContainerClient('models')
      .createIfNotExists();
    for (const uri of [uriS3, uriAz]) await (await stores.for(uri)).put!(uri, Readable.from([CONTENT]), CONTENT.length);
    const version = (v: string, uri: string, digest: string) =>
      `version: ${v}\nstage: development\ncreated: 2026-01-01T00:00:00Z\ncreated_by: a@example.com\nartifacts:\n  model:\n    uri: ${uri}\n    digest: ${digest}\n    size: ${CONTENT.length}\n`;
    const registry = createRepo({
      'registry.yaml': templatePolicy(),
      'models/fraud/model.yaml': modelYaml('fraud'),
      'models/fraud/versions/1.0.0.yaml': version('1.0.0', uriS3, sha256(CONTENT)),
      'models/fraud/versions/1.1.0.yaml': version('1.1.0', uriAz, sha256(CONTENT)),
      'models/fraud/versions/1.2.0.yaml': version('1.2.0', uriAz, sha256('other')),
    });
    const bin = fileURLToPath(new URL('../bin/modelreg.js', import.meta.url));
    // Asynchronously: s3rver answers from this process.
    const run = await promisify(execFile)(process.execPath, [bin, 'verify', '--all'], {
      cwd: registry,
      env,
      encoding: 'utf8',
    }).then(
      (r) => ({ ...r, status: 0 }),
      (e: { stdout: string; stderr: string; code: number }) => ({ stdout: e.stdout, stderr: e.stderr, status: e.code }),
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(
      /^models\/fraud\/versions\/1\.2\.0\.yaml:8:13: error ARTIFACT_DIGEST_MISMATCH [^\n]*\n[^\n]*\n1 error, 0 warnings in 1 file\n$/,
    );
    expect(run.status).toBe(1);
  }, 30_000);
});
