/**
 * pull, verify and register-from-the-store through the CLI (and pull through
 * the library), against an object server on loopback that can misbehave and
 * s3rver. Every failure is a UserError with a code and a hint, and leaves the
 * output directory (or the registry) as it was.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRegistry, pullArtifacts } from '../src/index.js';
import { planPull } from '../src/artifacts/pull-plan.js';
import { ArtifactStores } from '../src/artifacts/stores.js';
import { progressLine } from '../src/cli/render/progress.js';
import { ObjectServer, sha256, startS3rver } from './helpers/artifact-servers.js';
import { modelYaml, templatePolicy } from './helpers/fixtures.js';
import { runCli } from './helpers/run-cli.js';
import { commit, createRepo, git, tempDir } from './helpers/temp-repo.js';

const WEIGHTS = Buffer.from('weights '.repeat(4000));
const CONFIG = Buffer.from('{"threshold": 0.7}\n');
const S3_ENV = {
  MODELREG_ALLOW_INSECURE_LOOPBACK: '1',
  AWS_ACCESS_KEY_ID: 'S3RVER',
  AWS_SECRET_ACCESS_KEY: 'S3RVER',
  AWS_REGION: 'us-east-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};
let server: ObjectServer;
let s3: Awaited<ReturnType<typeof startS3rver>>;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  [server, s3] = await Promise.all([ObjectServer.start(), startS3rver(['models'])]);
  for (const [name, value] of Object.entries({ ...S3_ENV, AWS_ENDPOINT_URL_S3: s3.endpoint })) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
  server.objects.set('/fraud/1.0.0/model.onnx', WEIGHTS);
  server.objects.set('/fraud/1.0.0/config.json', CONFIG);
}, 30_000);

afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await Promise.all([server?.close(), s3?.close()]);
});

interface ArtifactLines {
  readonly uri: string;
  readonly digest: string;
  readonly size?: number;
}

/** A version file; for the first artifact: line 7 uri, 8 digest, 9 size. */
function versionFile(version: string, stage: string, artifacts: Record<string, ArtifactLines>): string {
  const lines = [
    `version: ${version}`,
    `stage: ${stage}`,
    'created: 2026-01-01T00:00:00Z',
    'created_by: alice@example.com',
    'artifacts:',
  ];
  for (const [role, a] of Object.entries(artifacts)) {
    lines.push(
      `  ${role}:`,
      `    uri: ${a.uri}`,
      `    digest: ${a.digest}`,
      ...(a.size !== undefined ? [`    size: ${a.size}`] : []),
    );
  }
  return `${lines.join('\n')}\n`;
}

const good = () => ({
  model: { uri: server.url('/fraud/1.0.0/model.onnx'), digest: sha256(WEIGHTS), size: WEIGHTS.length },
  config: { uri: server.url('/fraud/1.0.0/config.json'), digest: sha256(CONFIG), size: CONFIG.length },
});

function registryWith(versions: Record<string, string>): string {
  const files: Record<string, string> = {
    'registry.yaml': templatePolicy(),
    'models/fraud/model.yaml': modelYaml('fraud'),
  };
  for (const [version, text] of Object.entries(versions)) files[`models/fraud/versions/${version}.yaml`] = text;
  return createRepo(files);
}

/** Every file under `dir`, partial files included, relative and sorted. */
function listing(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

describe('modelreg pull', () => {
  it('writes every artifact with its digest checked, prints them as JSON, and keeps stderr quiet when piped', async () => {
    const registry = registryWith({ '1.0.0': versionFile('1.0.0', 'production', good()) });
    const out = join(tempDir(), 'out');
    const result = await runCli(registry, ['pull', 'fraud@production', '--out', out, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as {
      version: string;
      files: { role: string; file: string; digest: string; action: string }[];
    };
    expect(json.version).toBe('1.0.0');
    expect(json.files.map(({ role, file, digest, action }) => ({ role, file, digest, action }))).toEqual([
      { role: 'config', file: 'config.json', digest: sha256(CONFIG), action: 'downloaded' },
      { role: 'model', file: 'model.onnx', digest: sha256(WEIGHTS), action: 'downloaded' },
    ]);
    expect(listing(out)).toEqual(['config.json', 'model.onnx']);
    expect(readFileSync(join(out, 'model.onnx'))).toEqual(WEIGHTS);

    // Again: the files are there with the right digests, so nothing is fetched.
    const before = server.requests.length;
    const again = await runCli(registry, ['pull', 'fraud@1.0.0', '--out', out]);
    expect(again.stdout).toMatch(/unchanged\s+model\.onnx/);
    expect(server.requests.length).toBe(before);
  });

  it('refuses an output directory that is a file', async () => {
    const registry = registryWith({ '1.0.0': versionFile('1.0.0', 'production', good()) });
    const file = join(tempDir(), 'out');
    writeFileSync(file, 'not a directory');
    const result = await runCli(registry, ['pull', 'fraud@production', '--out', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error\[USAGE\]: the output directory .* is a file\nhint: /);
    expect(readFileSync(file, 'utf8')).toBe('not a directory');
  });

  it('pulls only --role, and names the roles there are for one that is not', async () => {
    const registry = registryWith({ '1.0.0': versionFile('1.0.0', 'production', good()) });
    const out = join(tempDir(), 'out');
    expect((await runCli(registry, ['pull', 'fraud@production', '--out', out, '--role', 'config'])).code).toBe(0);
    expect(listing(out)).toEqual(['config.json']);
    const unknown = await runCli(registry, ['pull', 'fraud@production', '--out', out, '--role', 'tokenizer']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /error\[ARTIFACT_ROLE_NOT_FOUND\].*tokenizer[\s\S]*hint: Its artifacts: model, config/,
    );
  });

  it('on a digest mismatch exits 1 with expected and actual, and leaves nothing behind (not even the artifacts that matched)', async () => {
    server.objects.set('/fraud/1.1.0/model.onnx', Buffer.from('tampered'));
    const registry = registryWith({
      '1.1.0': versionFile('1.1.0', 'production', {
        ...good(),
        model: { uri: server.url('/fraud/1.1.0/model.onnx'), digest: sha256('original') },
      }),
    });
    const out = join(tempDir(), 'out');
    const result = await runCli(registry, ['pull', 'fraud@production', '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `error[ARTIFACT_DIGEST_MISMATCH]: model (${server.url('/fraud/1.1.0/model.onnx')}) does not match its digest: expected ${sha256('original')}, got ${sha256('tampered')}`,
    );
    expect(result.stderr).toMatch(/hint: /);
    expect(listing(out)).toEqual([]);
  });

  it('resumes a connection dropped mid-stream by range, and refuses an object that is shorter than registered', async () => {
    server.objects.set('/fraud/1.2.0/model.onnx', WEIGHTS);
    server.misbehaviour.set('/fraud/1.2.0/model.onnx', { truncateAt: 5_000, times: 1 });
    const registry = registryWith({
      '1.2.0': versionFile('1.2.0', 'production', {
        model: { uri: server.url('/fraud/1.2.0/model.onnx'), digest: sha256(WEIGHTS), size: WEIGHTS.length },
      }),
    });
    const out = join(tempDir(), 'out');
    const resumed = await runCli(registry, ['pull', 'fraud@production', '--out', out]);
    expect(resumed.stderr).toBe('');
    expect(readFileSync(join(out, 'model.onnx'))).toEqual(WEIGHTS);
    expect(server.requests.filter((r) => r.path === '/fraud/1.2.0/model.onnx').map((r) => r.range)).toEqual([
      undefined,
      'bytes=5000-',
    ]);

    server.objects.set('/fraud/1.3.0/model.onnx', WEIGHTS.subarray(0, 1000));
    const short = registryWith({
      '1.3.0': versionFile('1.3.0', 'production', {
        model: { uri: server.url('/fraud/1.3.0/model.onnx'), digest: sha256(WEIGHTS), size: WEIGHTS.length },
      }),
    });
    const out2 = join(tempDir(), 'out');
    const truncated = await runCli(short, ['pull', 'fraud@production', '--out', out2]);
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toContain(
      `error[ARTIFACT_SIZE_MISMATCH]: model (${server.url('/fraud/1.3.0/model.onnx')}) has 1000 bytes, expected ${WEIGHTS.length} (truncated)`,
    );
    expect(listing(out2)).toEqual([]);
  });

  it('continues the partial file an interrupted pull left, and starts over when those bytes were wrong', async () => {
    const registry = registryWith({ '1.0.0': versionFile('1.0.0', 'production', good()) });
    const out = join(tempDir(), 'out');
    mkdirSync(out);
    const partial = join(out, `.model.onnx.${sha256(WEIGHTS).slice(7, 23)}.modelreg-partial`);
    writeFileSync(partial, WEIGHTS.subarray(0, 12_000));
    const first = server.requests.length;
    const resumed = JSON.parse(
      (await runCli(registry, ['pull', 'fraud@production', '--out', out, '--role', 'model', '--json'])).stdout,
    ) as { files: { action: string }[] };
    expect(resumed.files[0]!.action).toBe('resumed');
    expect(server.requests.slice(first).map((r) => r.range)).toEqual(['bytes=12000-']);
    expect(readFileSync(join(out, 'model.onnx'))).toEqual(WEIGHTS);

    const out2 = join(tempDir(), 'out');
    mkdirSync(out2);
    writeFileSync(join(out2, `.model.onnx.${sha256(WEIGHTS).slice(7, 23)}.modelreg-partial`), Buffer.alloc(12_000, 1));
    expect((await runCli(registry, ['pull', 'fraud@production', '--out', out2, '--role', 'model'])).code).toBe(0);
    expect(readFileSync(join(out2, 'model.onnx'))).toEqual(WEIGHTS);
    expect(listing(out2)).toEqual(['model.onnx']);
  });

  it('says what failed for a missing object, a refused credential and a server that stops sending, leaving nothing behind', async () => {
    server.objects.set('/private/model.onnx', WEIGHTS);
    server.misbehaviour.set('/private/model.onnx', { requireAuth: 'Bearer right' });
    server.objects.set('/slow/model.onnx', WEIGHTS);
    server.misbehaviour.set('/slow/model.onnx', { stallMs: 20_000 });
    const registry = registryWith({
      '2.0.0': versionFile('2.0.0', 'development', {
        model: { uri: server.url('/missing/model.onnx'), digest: sha256(WEIGHTS) },
      }),
      '2.1.0': versionFile('2.1.0', 'development', {
        model: { uri: server.url('/private/model.onnx'), digest: sha256(WEIGHTS) },
      }),
      '2.2.0': versionFile('2.2.0', 'development', {
        model: { uri: server.url('/slow/model.onnx'), digest: sha256(WEIGHTS) },
      }),
    });
    const variable = `MODELREG_HTTP_AUTH_${new URL(server.origin).host.replace(/[.:]/g, '_')}`;
    process.env[variable] = 'Bearer wrong';
    try {
      const cases = [
        ['2.0.0', 1, 'ARTIFACT_NOT_FOUND'],
        ['2.1.0', 2, 'ARTIFACT_ACCESS_DENIED'],
        ['2.2.0', 2, 'ARTIFACT_TIMEOUT'],
      ] as const;
      for (const [version, code, error] of cases) {
        const out = join(tempDir(), 'out');
        const result = await runCli(registry, ['pull', `fraud@${version}`, '--out', out, '--timeout', '0.2']);
        expect({ version, code: result.code }).toEqual({ version, code });
        expect(result.stderr).toMatch(new RegExp(`^error\\[${error}\\]: [\\s\\S]*\\nhint: \\S`));
        expect(listing(out)).toEqual([]);
      }
      const denied = await runCli(registry, ['pull', 'fraud@2.1.0', '--out', join(tempDir(), 'out')]);
      expect(denied.stderr).toContain(variable);
    } finally {
      delete process.env[variable];
    }
  });

  it('is a library function: pullArtifacts(openRegistry(...), "fraud@production", dir), here from s3', async () => {
    const stores = new ArtifactStores({ registryDir: tempDir(), env: process.env });
    await (
      await stores.for('s3://models/x')
    ).put!('s3://models/fraud/3.0.0/model.onnx', Readable.from([WEIGHTS]), WEIGHTS.length);
    const registry = registryWith({
      '3.0.0': versionFile('3.0.0', 'production', {
        model: { uri: 's3://models/fraud/3.0.0/model.onnx', digest: sha256(WEIGHTS), size: WEIGHTS.length },
      }),
    });
    const out = join(tempDir(), 'out');
    const progress: number[] = [];
    const result = await pullArtifacts(await openRegistry({ dir: registry }), 'fraud@production', out, {
      onProgress: ({ bytes }) => progress.push(bytes),
    });
    expect(result.files).toEqual([
      {
        role: 'model',
        uri: 's3://models/fraud/3.0.0/model.onnx',
        file: 'model.onnx',
        path: join(out, 'model.onnx'),
        digest: sha256(WEIGHTS),
        size: WEIGHTS.length,
        action: 'downloaded',
      },
    ]);
    expect(progress.at(-1)).toBe(WEIGHTS.length);
  });
});

describe('where pull writes', () => {
  it('takes a plain file name from the URI only, and gives each role a directory when names collide', () => {
    const a = (uri: string) => ({ uri, digest: sha256('x'), size: 1 });
    expect(
      planPull(
        {
          model: a('s3://b/../../etc/passwd/..'),
          tok: a('https://h/.bashrc'),
          dev: a('https://h/con.txt'),
          cfg: a('https://h/c.json?sig=1'),
        },
        undefined,
      ).map((p) => p.file),
    ).toEqual(['c.json', 'dev', 'model', 'tok']);
    expect(
      planPull({ a: a('s3://b/1/model.onnx'), b: a('s3://b/2/Model.onnx'), c: a('s3://b/c.txt') }, undefined).map(
        (p) => p.file,
      ),
    ).toEqual(['a/model.onnx', 'b/Model.onnx', 'c/c.txt']);
  });

  it('draws a progress line with bytes, rate and ETA', () => {
    expect(progressLine(5_000_000, 20_000_000, 2)).toBe(
      '[#####...............]  25%  5.0 MB / 20.0 MB  2.5 MB/s  ETA 6s',
    );
    expect(progressLine(1500, undefined, 1)).toBe('1.5 KB  1.5 KB/s');
  });
});

describe('modelreg verify', () => {
  it('passes when every pointer leads to its bytes, and reports a mismatch at the digest line and a missing object at the uri line', async () => {
    server.objects.set('/fraud/4.0.0/model.onnx', Buffer.from('changed'));
    const registry = registryWith({
      '1.0.0': versionFile('1.0.0', 'production', good()),
      '4.0.0': versionFile('4.0.0', 'development', {
        model: { uri: server.url('/fraud/4.0.0/model.onnx'), digest: sha256('registered') },
        config: { uri: server.url('/fraud/4.0.0/gone.json'), digest: sha256(CONFIG) },
      }),
    });
    const ok = await runCli(registry, ['verify', 'fraud@production']);
    expect(ok).toMatchObject({ code: 0, stdout: 'ok: 2 artifacts of 1 version checked, each as registered\n' });

    const bad = await runCli(registry, ['verify', 'fraud@4.0.0']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(
      `models/fraud/versions/4.0.0.yaml:8:13: error ARTIFACT_DIGEST_MISMATCH artifact "model" does not match its digest: expected ${sha256('registered')}, got ${sha256('changed')}`,
    );
    expect(bad.stdout).toContain(
      `models/fraud/versions/4.0.0.yaml:10:10: error ARTIFACT_NOT_FOUND artifact "config": no object at ${server.url('/fraud/4.0.0/gone.json')}`,
    );
    expect(bad.stdout).toMatch(/2 errors, 0 warnings in 1 file\n$/);

    const all = JSON.parse((await runCli(registry, ['verify', '--all', '--format', 'json'])).stdout) as {
      ok: boolean;
      findings: { code: string; line: number }[];
    };
    expect(all.ok).toBe(false);
    expect(all.findings.map((f) => [f.code, f.line])).toEqual([
      ['ARTIFACT_DIGEST_MISMATCH', 8],
      ['ARTIFACT_NOT_FOUND', 10],
    ]);
    expect((await runCli(registry, ['verify', 'fraud', '--format', 'github'])).stdout).toMatch(
      /^::error file=models\/fraud\/versions\/4\.0\.0\.yaml,line=8,col=13,title=ARTIFACT_DIGEST_MISMATCH::/m,
    );
  });

  it('--quick reads sizes only, finding a wrong size at the size line without downloading', async () => {
    server.objects.set('/fraud/5.0.0/model.onnx', WEIGHTS.subarray(0, 100));
    const registry = registryWith({
      '5.0.0': versionFile('5.0.0', 'development', {
        model: { uri: server.url('/fraud/5.0.0/model.onnx'), digest: sha256(WEIGHTS), size: WEIGHTS.length },
      }),
    });
    const first = server.requests.length;
    const result = await runCli(registry, ['verify', 'fraud@5.0.0', '--quick']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `models/fraud/versions/5.0.0.yaml:9:11: error ARTIFACT_SIZE_MISMATCH artifact "model" has 100 bytes, expected ${WEIGHTS.length} bytes (truncated)`,
    );
    expect(server.requests.slice(first).map((r) => r.method)).toEqual(['HEAD']);
  });

  it('--changed checks the versions a change adds or edits, and a scheme it cannot read is a warning', async () => {
    const registry = registryWith({ '1.0.0': versionFile('1.0.0', 'production', good()) });
    commit(registry, {
      'models/fraud/versions/6.0.0.yaml': versionFile('6.0.0', 'development', {
        model: { uri: 'hf://acme/fraud/model.onnx', digest: sha256(WEIGHTS) },
      }),
    });
    const result = await runCli(registry, ['verify', '--changed', '--base', 'HEAD~1', '--head', 'HEAD']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^models\/fraud\/versions\/6\.0\.0\.yaml:7:10: warning ARTIFACT_STORE_UNSUPPORTED /);
    // The working tree against HEAD (the default): nothing changed, nothing to read.
    expect((await runCli(registry, ['verify'])).stdout).toBe(
      'ok: 0 artifacts of 0 versions checked, each as registered\n',
    );
  });
});

describe('modelreg register without --file or --digest', () => {
  it('computes digest and size by streaming the object from its store', async () => {
    const stores = new ArtifactStores({ registryDir: tempDir(), env: process.env });
    await (
      await stores.for('s3://models/x')
    ).put!('s3://models/fraud/7.0.0/model.onnx', Readable.from([WEIGHTS]), WEIGHTS.length);
    const registry = registryWith({});
    const result = await runCli(registry, [
      'register',
      'fraud',
      '--version',
      '7.0.0',
      '--artifact',
      'model=s3://models/fraud/7.0.0/model.onnx',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const written = readFileSync(join(registry, 'models/fraud/versions/7.0.0.yaml'), 'utf8');
    expect(written).toContain(`digest: ${sha256(WEIGHTS)}`);
    expect(written).toContain(`size: ${WEIGHTS.length}`);
  });

  it('refuses an object that is not there, writing nothing', async () => {
    const registry = registryWith({});
    const head = git(registry, 'rev-parse', 'HEAD');
    const result = await runCli(registry, [
      'register',
      'fraud',
      '--version',
      '7.1.0',
      '--artifact',
      'model=s3://models/fraud/7.1.0/missing.onnx',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error\[ARTIFACT_NOT_FOUND\]: no object at s3:\/\/models\/fraud\/7\.1\.0\/missing\.onnx/,
    );
    expect(git(registry, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(registry, 'status', '--porcelain')).toBe('');
  });
});
