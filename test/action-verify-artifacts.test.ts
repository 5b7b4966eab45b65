/**
 * The validation action's `verify-artifacts: changed`: the versions a pull
 * request (or a push) registers, promotes or rolls back are read from their
 * stores (s3rver, an HTTPS object server on loopback) and a mismatch fails
 * on its line. The URIs are the pull request author's, so only locations the
 * base registry.yaml names are read, never a non-public address unless it
 * allows that, and a refused URI gets no request at all. Bundled, as the
 * runner runs it, against the OpenAPI-checked fake GitHub.
 */
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { locationAllows } from '../src/artifacts/artifact-locations.js';
import { isNonPublicAddress } from '../src/artifacts/public-address.js';
import { ArtifactStores } from '../src/artifacts/stores.js';
import {
  ObjectServer,
  selfSignedCertificate,
  sha256,
  startS3rver,
  type TlsMaterial,
} from './helpers/artifact-servers.js';
import { FakeGitHub } from './helpers/fake-github.js';
import { modelYaml, templatePolicy, versionPath } from './helpers/fixtures.js';
import { runAction } from './helpers/run-action.js';
import { commit, createRepo, git } from './helpers/temp-repo.js';

const WEIGHTS = Buffer.from('weights '.repeat(4000));
/** The same length, one byte different: only the digest tells them apart. */
const TAMPERED = Buffer.from(WEIGHTS).fill(0x21, 100, 101);
const v100 = versionPath('fraud', '1.0.0');
const v110 = versionPath('fraud', '1.1.0');
const v120 = versionPath('fraud', '1.2.0');

let fake: FakeGitHub;
let s3: Awaited<ReturnType<typeof startS3rver>>;
let tls: TlsMaterial;
let server: ObjectServer;
let elsewhere: ObjectServer;
let byName: ObjectServer;
let stores: ArtifactStores;

beforeAll(async () => {
  tls = selfSignedCertificate();
  [fake, s3, server, elsewhere, byName] = await Promise.all([
    FakeGitHub.start(),
    startS3rver(['models', 'secrets']),
    ObjectServer.start({ tls }),
    ObjectServer.start({ tls }),
    ObjectServer.start({ tls, host: 'localhost' }),
  ]);
  fake.teams.set('acme/ml', new Set(['carol']));
  stores = new ArtifactStores({ registryDir: '/', env: { ...storeEnv(), MODELREG_ALLOW_INSECURE_LOOPBACK: '1' } });
  await upload('s3://models/fraud/1.1.0/model.onnx', WEIGHTS);
  await upload('s3://secrets/ci/credentials.json', Buffer.from('{"token": "hunter2"}'));
}, 60_000);
afterAll(async () => {
  await Promise.all([fake?.close(), s3?.close(), server?.close(), elsewhere?.close(), byName?.close()]);
});
afterEach(() => {
  fake.pulls.clear();
  fake.commitPulls.clear();
  fake.comments.clear();
  fake.requests.length = 0;
  for (const s of [server, elsewhere, byName]) {
    s.requests.length = 0;
    s.objects.clear();
    s.misbehaviour.clear();
  }
  expect(fake.violations.splice(0)).toEqual([]);
});

function storeEnv(): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    NODE_EXTRA_CA_CERTS: tls.certPath,
  };
}

async function upload(uri: string, bytes: Buffer): Promise<void> {
  await (
    await stores.for(uri)
  ).put!(uri, Readable.from([bytes]), bytes.length);
}

function policyWith(artifacts: string): string {
  const policy = templatePolicy().replace(
    '  schemes: [s3, gs, az, abfss, https, hf, oci]\n',
    `  schemes: [s3, gs, az, abfss, https, hf, oci, file]\n${artifacts}`,
  );
  expect(policy).toContain(artifacts);
  return policy;
}

const S3_ONLY = "  locations: ['s3://models/fraud/']\n";

/** A version file: line 7 uri, 8 digest, 9 size of the first artifact; 11, 12, 13 of the second. */
function versionFile(version: string, stage: string, artifacts: Record<string, { uri: string; bytes: Buffer }>) {
  const lines = [
    `version: ${version}`,
    `stage: ${stage}`,
    'created: 2026-01-01T00:00:00Z',
    'created_by: alice@example.com',
    'artifacts:',
  ];
  for (const [role, a] of Object.entries(artifacts))
    lines.push(`  ${role}:`, `    uri: ${a.uri}`, `    digest: ${sha256(a.bytes)}`, `    size: ${a.bytes.length}`);
  return `${lines.join('\n')}\n`;
}

const s3Version = (version: string, stage: string, bytes = WEIGHTS) =>
  versionFile(version, stage, { model: { uri: `s3://models/fraud/${version}/model.onnx`, bytes } });

/** main: 1.0.0 in production (its object long gone), 1.1.0 in staging, both pinned to s3://models/fraud/. */
function registry(policy = policyWith(S3_ONLY)): string {
  return createRepo({
    'registry.yaml': policy,
    'models/fraud/model.yaml': modelYaml('fraud'),
    [v100]: s3Version('1.0.0', 'production'),
    [v110]: s3Version('1.1.0', 'staging'),
  });
}

/** PR #7 with `change`, checked out as GitHub's merge commit; `approvers` approve its head. */
function openPullRequest(dir: string, change: Record<string, string>, approvers: string[] = []) {
  const base = git(dir, 'rev-parse', 'main');
  git(dir, 'checkout', '-q', '-b', 'pr-7');
  const head = commit(dir, change, 'the pull request');
  git(dir, 'checkout', '-q', '--detach', 'main');
  git(dir, 'merge', '-q', '--no-ff', '-m', `Merge ${head} into ${base}`, head);
  fake.pulls.set(7, {
    number: 7,
    author: 'dana',
    headSha: head,
    headRef: 'pr-7',
    baseRef: 'main',
    reviews: approvers.map((user) => ({ user, state: 'APPROVED' as const, commitId: head })),
    mergedAt: null,
  });
  return {
    number: 7,
    pull_request: {
      number: 7,
      user: { login: 'dana' },
      head: { sha: head, ref: 'pr-7', repo: { full_name: 'acme/registry' } },
      base: { sha: base, ref: 'main', repo: { full_name: 'acme/registry' } },
    },
  };
}

/** `verify`: the verify-artifacts input, or null for none given. */
async function check(dir: string, event: object, verify: string | null = 'changed') {
  return runAction({
    action: 'validate',
    workspace: dir,
    eventName: 'pull_request',
    event,
    apiUrl: fake.url,
    sha: git(dir, 'rev-parse', 'HEAD'),
    inputs: verify === null ? {} : { 'verify-artifacts': verify },
    env: storeEnv(),
  });
}

const annotation = (line: number, code: string) =>
  new RegExp(`^::error title=${code},file=models/fraud/versions/1\\.2\\.0\\.yaml,line=${line},col=\\d+::`, 'm');

describe('verify-artifacts: changed on a pull request', () => {
  it('passes a new version whose object in S3 has its registered sha256 and size', async () => {
    await upload('s3://models/fraud/1.2.0/model.onnx', WEIGHTS);
    const dir = registry();
    const run = await check(dir, openPullRequest(dir, { [v120]: s3Version('1.2.0', 'development') }));
    expect(run.stdout).not.toContain('::error');
    expect(run.code).toBe(0);
    expect(run.outputs.verdict).toBe('pass');
    expect(run.summary).toContain('✅ 1 artifact read from its store, each with its registered sha256 and size.');
  });

  it('fails a new version whose object has another digest, annotated on its digest: line', async () => {
    await upload('s3://models/fraud/1.2.1/model.onnx', TAMPERED);
    const dir = registry();
    const v121 = versionPath('fraud', '1.2.1');
    const run = await check(dir, openPullRequest(dir, { [v121]: s3Version('1.2.1', 'development') }));
    expect(run.code).toBe(1);
    expect(run.outputs.verdict).toBe('fail');
    expect(run.stdout).toMatch(
      /^::error title=ARTIFACT_DIGEST_MISMATCH,file=models\/fraud\/versions\/1\.2\.1\.yaml,line=8,col=13::artifact "model" does not match its digest: expected sha256:/m,
    );
    expect(fake.comments.get(7)![0]!.body).toContain('ARTIFACT_DIGEST_MISMATCH');
  });

  it('fails a promotion of a version whose object changed since it was registered; the version it demotes is not read', async () => {
    await upload('s3://models/fraud/1.1.0/model.onnx', WEIGHTS.subarray(0, 1000));
    try {
      const dir = registry();
      const promotion = { [v110]: s3Version('1.1.0', 'production'), [v100]: s3Version('1.0.0', 'archived') };
      const event = openPullRequest(dir, promotion, ['alice', 'carol']);
      const run = await check(dir, event);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(
        /^::error title=ARTIFACT_SIZE_MISMATCH,file=models\/fraud\/versions\/1\.1\.0\.yaml,line=9,col=11::artifact "model" has 1000 bytes, expected 32000 bytes \(truncated\)/m,
      );
      // 1.0.0's object was never uploaded: archiving a version whose object broke stays possible.
      expect(run.stdout).not.toContain('1.0.0.yaml');
      // The same promotion without the check passes: the failure is the artifact's.
      expect((await check(dir, event, null)).code).toBe(0);
    } finally {
      await upload('s3://models/fraud/1.1.0/model.onnx', WEIGHTS);
    }
  });

  it('refuses URIs outside artifacts.locations (another bucket, a host, a file) without a request to them', async () => {
    server.objects.set('/fraud/1.2.0/model.onnx', WEIGHTS);
    const dir = registry();
    const change = {
      [v120]: versionFile('1.2.0', 'development', {
        model: { uri: server.url('/fraud/1.2.0/model.onnx'), bytes: WEIGHTS },
        secret: { uri: 's3://secrets/ci/credentials.json', bytes: WEIGHTS },
        host: { uri: 'file:///etc/hostname', bytes: WEIGHTS },
      }),
    };
    const run = await check(dir, openPullRequest(dir, change));
    expect(run.code).toBe(1);
    for (const line of [7, 11, 15]) expect(run.stdout).toMatch(annotation(line, 'ARTIFACT_LOCATION_NOT_ALLOWED'));
    expect(run.stdout).toContain('s3://secrets/ci/credentials.json is not under a location registry.yaml allows');
    expect(run.stdout).not.toMatch(/MISMATCH|hunter2/);
    expect(server.requests).toEqual([]);
  });

  it('refuses a loopback host the locations name unless registry.yaml allows private addresses, and a redirect out of the locations', async () => {
    server.objects.set('/fraud/1.2.0/model.onnx', WEIGHTS);
    byName.objects.set('/fraud/1.2.0/model.onnx', WEIGHTS);
    const locations = `  locations: ['${server.origin}/fraud/', '${byName.origin}/fraud/']\n`;
    const change = {
      [v120]: versionFile('1.2.0', 'development', {
        model: { uri: server.url('/fraud/1.2.0/model.onnx'), bytes: WEIGHTS },
        named: { uri: byName.url('/fraud/1.2.0/model.onnx'), bytes: WEIGHTS },
      }),
    };
    const closed = registry(policyWith(locations));
    const refused = await check(closed, openPullRequest(closed, change));
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(annotation(7, 'ARTIFACT_LOCATION_NOT_ALLOWED'));
    expect(refused.stdout).toContain('resolves to 127.0.0.1, a loopback, private or link-local address');
    // By name: the address DNS gives for the connection is refused before connecting.
    expect(refused.stdout).toMatch(annotation(11, 'ARTIFACT_LOCATION_NOT_ALLOWED'));
    expect(refused.stdout).toMatch(/localhost resolves to (127\.0\.0\.1|::1)/);
    expect([...server.requests, ...byName.requests]).toEqual([]);
    fake.pulls.clear();

    const open = registry(policyWith(`${locations}  allow_private_addresses: true\n`));
    const event = openPullRequest(open, change);
    const allowed = await check(open, event);
    expect(allowed.stdout).not.toContain('::error');
    expect(allowed.code).toBe(0);
    expect(server.requests.map((r) => r.method)).toEqual(['GET']);

    server.misbehaviour.set('/fraud/1.2.0/model.onnx', { redirectTo: elsewhere.url('/fraud/1.2.0/model.onnx') });
    elsewhere.objects.set('/fraud/1.2.0/model.onnx', WEIGHTS);
    const redirected = await check(open, event);
    expect(redirected.code).toBe(1);
    expect(redirected.stdout).toContain(
      `${elsewhere.url('/fraud/1.2.0/model.onnx')} (where a redirect led) is not under a location registry.yaml allows`,
    );
    expect(elsewhere.requests).toEqual([]);
  });

  it('contacts no store with verify-artifacts: none (the default), and rejects another value', async () => {
    server.objects.set('/fraud/1.2.0/model.onnx', TAMPERED);
    const dir = registry(policyWith(`  locations: ['${server.origin}/']\n  allow_private_addresses: true\n`));
    const change = {
      [v120]: versionFile('1.2.0', 'development', {
        model: { uri: server.url('/fraud/1.2.0/model.onnx'), bytes: WEIGHTS },
      }),
    };
    const event = openPullRequest(dir, change);
    for (const input of [null, 'none']) {
      const run = await check(dir, event, input);
      expect(run.code).toBe(0);
      expect(run.summary).not.toContain('### Artifacts');
    }
    expect(server.requests).toEqual([]);
    expect((await check(dir, event)).stdout).toMatch(annotation(8, 'ARTIFACT_DIGEST_MISMATCH'));
    const wrong = await check(dir, event, 'all');
    expect(wrong.code).not.toBe(0);
    expect(wrong.stdout).toContain('ACTION_INPUT');
  });
});

describe('verify-artifacts: changed on a push', () => {
  it('withholds from released a registered version whose object does not match, and releases one that does', async () => {
    await upload('s3://models/fraud/1.3.0/model.onnx', WEIGHTS);
    await upload('s3://models/fraud/1.4.0/model.onnx', TAMPERED);
    const dir = registry();
    const before = git(dir, 'rev-parse', 'HEAD');
    git(dir, 'checkout', '-q', '-b', 'pr-9');
    const prHead = commit(
      dir,
      {
        [versionPath('fraud', '1.3.0')]: s3Version('1.3.0', 'development'),
        [versionPath('fraud', '1.4.0')]: s3Version('1.4.0', 'development'),
      },
      'register 1.3.0 and 1.4.0',
    );
    git(dir, 'checkout', '-q', 'main');
    git(dir, 'merge', '-q', '--no-ff', '-m', 'Merge pull request #9 from acme/pr-9', 'pr-9');
    const after = git(dir, 'rev-parse', 'HEAD');
    fake.pulls.set(9, {
      number: 9,
      author: 'dana',
      headSha: prHead,
      headRef: 'pr-9',
      baseRef: 'main',
      reviews: [],
      mergedAt: '2026-06-01T00:00:00Z',
      mergeCommitSha: after,
    });
    fake.commitPulls.set(after, [9]);
    const run = await runAction({
      action: 'validate',
      workspace: dir,
      eventName: 'push',
      event: { before, after, ref: 'refs/heads/main', sender: { login: 'dana' } },
      apiUrl: fake.url,
      inputs: { record: 'false', 'verify-artifacts': 'changed' },
      env: storeEnv(),
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^::error title=ARTIFACT_DIGEST_MISMATCH,file=models\/fraud\/versions\/1\.4\.0\.yaml,line=8,col=13::/m,
    );
    const released = (JSON.parse(run.outputs.released!) as { model: string; version: string }[]).map(
      (r) => `${r.model}@${r.version}`,
    );
    expect(released).toEqual(['fraud@1.3.0']);
    expect(run.summary).toContain('### Artifacts');
  });
});

describe('what artifacts.locations allows (pure)', () => {
  const locations = [
    's3://acme-models',
    'gs://acme-models/fraud/',
    'az://acmemodels/models',
    'https://models.example.com/releases/',
    'file:///srv/models/',
  ];
  const allows = (uri: string) => locationAllows(locations, uri, '/work/registry');

  it('matches bucket, account and container, or host and port exactly, and the rest as a prefix', () => {
    for (const uri of [
      's3://acme-models/fraud/1.0.0/model.onnx',
      'gs://acme-models/fraud/1.0.0/model.onnx',
      'az://acmemodels/models/fraud/model.onnx',
      'https://acmemodels.blob.core.windows.net/models/fraud/model.onnx',
      'https://MODELS.example.com:443/releases/fraud.onnx',
      'file:///srv/models/fraud.onnx',
    ])
      expect(allows(uri), uri).toBe(true);
    for (const uri of [
      's3://acme-models-evil/fraud/model.onnx',
      'gs://acme-models/other/model.onnx',
      'az://acmemodels/models-evil/model.onnx',
      'https://models.example.com.evil.net/releases/x',
      'https://models.example.com:8443/releases/x',
      'https://models.example.com/releases-old/x',
      'https://models.example.com/releases/../private/x',
      'https://models.example.com/releases/..%2Fprivate/x',
      'https://user:pw@models.example.com/releases/x',
      'http://models.example.com/releases/x',
      's3://acme-models/fraud/../../x',
      'file:///srv/models/../../etc/passwd',
      'relative/model.onnx',
      'hf://acme/fraud',
    ])
      expect(allows(uri), uri).toBe(false);
  });

  it('takes loopback, private, link-local and mapped addresses as non-public, and public ones as public', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.100.100.200',
      '0.0.0.0',
      '[::1]',
      '::',
      'fd00:ec2::254',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '168.63.129.16',
    ])
      expect(isNonPublicAddress(address), address).toBe(true);
    for (const address of ['140.82.112.3', '8.8.8.8', '2606:4700::1111', 'models.example.com'])
      expect(isNonPublicAddress(address), address).toBe(false);
  });
});
