/**
 * The static read API (docs/read-api.md): `catalog build` writes it next to
 * the site; `resolve --from-url` and `openRegistry({ url })` read it over
 * HTTP with ETag revalidation, and answer exactly as `resolve` from git does.
 */
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRegistry, UserError } from '../src/index.js';
import { readApiFiles } from '../src/catalog/read-api-documents.js';
import { readApiPath } from '../src/read-api/read-api-paths.js';
import { defaultReadApiCacheDir } from '../src/read-api/http-etag-cache.js';
import { serveWithEtags, type EtagServer } from './helpers/etag-server.js';
import { modelYaml, versionPath, versionYaml } from './helpers/fixtures.js';
import { generateHistory } from './helpers/generated-history.js';
import { runCli, type CliResult } from './helpers/run-cli.js';
import { commit, tempDir } from './helpers/temp-repo.js';

const STAGES = ['development', 'staging', 'production', 'archived'];
const LOOPBACK = { MODELREG_ALLOW_INSECURE_LOOPBACK: '1' };

let registryDir: string;
let site: string;
let server: EtagServer;
let models: string[];
let versionsOf: Map<string, string[]>;

/** A generated history (random stages, exclusive conflicts included) plus the shapes it lacks. */
beforeAll(async () => {
  const history = generateHistory(31, 14, 4);
  registryDir = history.dir;
  const sized = (v: string, stage: string) =>
    versionYaml(v, { stage }).replace('    digest:', `    size: ${v.length * 1000}\n    digest:`);
  commit(
    registryDir,
    {
      // Two holders of exclusive production; two of non-exclusive staging, one with build metadata (a "+" in its URL).
      'models/fraud.eu_west-2/model.yaml': modelYaml('fraud.eu_west-2', 'description: Scores payments\ntags: [risk]\n'),
      [versionPath('fraud.eu_west-2', '1.0.0')]: sized('1.0.0', 'production'),
      [versionPath('fraud.eu_west-2', '1.1.0')]: sized('1.1.0', 'production'),
      [versionPath('fraud.eu_west-2', '2.0.0-rc.1+build.7')]: sized('2.0.0-rc.1+build.7', 'staging'),
      [versionPath('fraud.eu_west-2', '2.0.0')]: sized('2.0.0', 'staging'),
      'models/no-versions/model.yaml': modelYaml('no-versions'),
    },
    'add fraud.eu_west-2 and no-versions',
  );
  const built = await runCli(registryDir, [
    'catalog',
    'build',
    '--out',
    join(tempDir('modelreg-read-api-', 'file'), 'site'),
  ]);
  expect(built.code, built.stderr).toBe(0);
  site = /^wrote .* to (.*)$/m.exec(built.stdout)![1]!;
  server = await serveWithEtags(site);
  process.env.MODELREG_ALLOW_INSECURE_LOOPBACK = '1';
  models = [...history.models, 'fraud.eu_west-2', 'no-versions'].sort();
  versionsOf = new Map(
    models.map((m) => [
      m,
      readdirSync(join(registryDir, 'models', m)).includes('versions')
        ? readdirSync(join(registryDir, 'models', m, 'versions')).map((f) => f.replace(/\.yaml$/, ''))
        : [],
    ]),
  );
}, 120_000);

afterAll(async () => {
  delete process.env.MODELREG_ALLOW_INSECURE_LOOPBACK;
  await server?.close();
});

/** Every reference a deploy job could ask for, and some it should be refused. */
function references(): string[] {
  const refs: string[] = [];
  for (const model of models) {
    for (const stage of STAGES) refs.push(`${model}@${stage}`);
    for (const version of versionsOf.get(model) ?? []) refs.push(`${model}@${version}`);
    refs.push(`${model}@9.9.9`, `${model}@canary`);
  }
  refs.push('model9@production', 'modle0@staging', 'nosuch@1.0.0');
  return refs;
}

/** What a user sees: exit code, stdout, stderr's error code and the note on other holders. */
function outcome(result: CliResult) {
  return {
    code: result.code,
    stdout: result.stdout,
    error: /^error\[([A-Z_]+)\]/m.exec(result.stderr)?.[1],
    note: /^note: .*$/m.exec(result.stderr)?.[0],
  };
}

async function libraryOutcome(work: () => Promise<object>) {
  try {
    const { commit: _commit, ...resolution } = (await work()) as Record<string, unknown>;
    return { resolution };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { code: error.code, exitCode: error.exitCode };
  }
}

describe('the read API written by catalog build', () => {
  it('resolve --from-url answers every model, stage and version exactly as resolve from git, and the second time from 304s', async () => {
    const cacheDir = tempDir();
    const outside = tempDir(); // a deploy job has no clone
    const seen = new Set<string>();
    for (const pass of [1, 2]) {
      const before = server.log.length;
      for (const ref of references()) {
        const fromGit = outcome(await runCli(registryDir, ['resolve', ref, '--json']));
        const fromUrl = outcome(
          await runCli(outside, ['resolve', ref, '--json', '--from-url', server.url, '--cache-dir', cacheDir]),
        );
        expect(fromUrl, ref).toEqual(fromGit);
        seen.add(fromGit.error ?? (fromGit.note ? 'note' : 'ok'));
      }
      const requests = server.log.slice(before);
      if (pass === 2) expect(requests.filter((r) => r.status === 200)).toEqual([]);
      if (pass === 2) expect(requests.filter((r) => r.status === 304).length).toBeGreaterThan(references().length);
    }
    // The registry exercised every outcome.
    expect([...seen].sort()).toEqual([
      'AMBIGUOUS_STAGE',
      'MODEL_NOT_FOUND',
      'NOTHING_IN_STAGE',
      'STAGE_NOT_FOUND',
      'VERSION_NOT_FOUND',
      'note',
      'ok',
    ]);
  }, 240_000);

  it('openRegistry({ url }) resolves, shows and lists what openRegistry({ dir }) does, with the commit the API was built from', async () => {
    const remote = await openRegistry({ url: server.url, cacheDir: tempDir() });
    const local = await openRegistry({ dir: registryDir });
    expect(await remote.commit()).toBe(local.commit);
    expect(await remote.modelNames()).toEqual(await local.modelNames());
    for (const ref of references()) {
      const fromUrl = await libraryOutcome(() => remote.resolve(ref));
      expect(fromUrl, ref).toStrictEqual(await libraryOutcome(() => local.resolve(ref)));
    }
    for (const model of models) {
      expect(await remote.model(model)).toStrictEqual(await local.model(model));
      for (const version of versionsOf.get(model)!)
        expect(await remote.version(model, version)).toStrictEqual(await local.version(model, version));
    }
    expect((await remote.resolve('fraud.eu_west-2@staging')).commit).toBe(local.commit);
  }, 120_000);

  it('serves show --json and resolve --json byte for byte, plus the format and the commit', async () => {
    for (const model of models) {
      const modelDoc = JSON.parse(readFileSync(join(site, ...readApiPath.model(model)), 'utf8'));
      expect(`${JSON.stringify(modelDoc.show, null, 2)}\n`).toBe(
        (await runCli(registryDir, ['show', model, '--json'])).stdout,
      );
      expect(modelDoc.format).toBe('modelreg-read-api/1');
      for (const version of versionsOf.get(model)!) {
        const doc = JSON.parse(readFileSync(join(site, ...readApiPath.version(model, version)), 'utf8'));
        expect(`${JSON.stringify(doc.show, null, 2)}\n`).toBe(
          (await runCli(registryDir, ['show', `${model}@${version}`, '--json'])).stdout,
        );
        expect(`${JSON.stringify(doc.resolve, null, 2)}\n`).toBe(
          (await runCli(registryDir, ['resolve', `${model}@${version}`, '--json'])).stdout,
        );
      }
    }
    const nothing = JSON.parse(readFileSync(join(site, ...readApiPath.stage('no-versions', 'production')), 'utf8'));
    expect(nothing).toMatchObject({
      model: 'no-versions',
      stage: 'production',
      exclusive: true,
      holders: [],
      resolve: null,
    });
    expect(nothing.commit).toMatch(/^[0-9a-f]{40}$/);
  }, 120_000);

  it('writes the same bytes when built again from the same commit, so ETags stay valid', async () => {
    const again = await runCli(
      registryDir,
      ['catalog', 'build', '--out', join(tempDir(), 'site')],
      new Date('2030-01-01T00:00:00Z'),
    );
    const out = /^wrote .* to (.*)$/m.exec(again.stdout)![1]!;
    for (const file of [
      'api/v1/index.json',
      'api/v1/models/fraud.eu_west-2.json',
      'api/v1/models/fraud.eu_west-2/stages/staging.json',
    ]) {
      expect(readFileSync(join(out, file), 'utf8'), file).toBe(readFileSync(join(site, file), 'utf8'));
    }
  }, 60_000);
});

describe('refusals', () => {
  const resolveFromUrl = (url: string, ref = 'fraud.eu_west-2@staging', env: Record<string, string> = {}) =>
    openRegistry({ url, cacheDir: false, env: { ...env }, timeoutMs: 500, retries: 1 }).then((r) => r.resolve(ref));

  it('refuses plain http unless to loopback with MODELREG_ALLOW_INSECURE_LOOPBACK=1, and other schemes and credentials, before any request', async () => {
    const before = server.log.length;
    await expect(resolveFromUrl(server.url)).rejects.toMatchObject({ code: 'INSECURE_TRANSPORT' });
    await expect(resolveFromUrl('http://registry.example.invalid/', undefined, LOOPBACK)).rejects.toMatchObject({
      code: 'INSECURE_TRANSPORT',
    });
    await expect(resolveFromUrl('file:///etc/')).rejects.toMatchObject({ code: 'READ_API_URL' });
    await expect(resolveFromUrl('https://user:s3cret@acme.example.invalid/')).rejects.toMatchObject({
      code: 'READ_API_URL',
      message: expect.not.stringContaining('s3cret'),
    });
    await expect(resolveFromUrl(`${server.url}?ref=main`, undefined, LOOPBACK)).rejects.toMatchObject({
      code: 'READ_API_URL',
    });
    const cli = await runCli(tempDir(), [
      'resolve',
      'fraud.eu_west-2@staging',
      '--from-url',
      'http://registry.example.invalid/',
    ]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(/^error\[INSECURE_TRANSPORT\]/);
    expect(server.log.length).toBe(before);
  });

  it('follows a redirect only to where the first URL could go: never from loopback to plain http elsewhere', async () => {
    server.intercept = (_request, response, path) => {
      if (!path.startsWith('/moved/')) return false;
      const target =
        path === '/moved/api/v1/models/fraud.eu_west-2/stages/staging.json'
          ? 'http://10.255.255.1/api/v1/x.json'
          : `${server.url}${path.slice('/moved/'.length)}`;
      response.writeHead(301, { location: target }).end();
      return true;
    };
    try {
      await expect(resolveFromUrl(`${server.url}moved/`, 'fraud.eu_west-2@staging', LOOPBACK)).rejects.toMatchObject({
        code: 'INSECURE_TRANSPORT',
      });
      // A redirect within the allowed transport is followed.
      expect(await resolveFromUrl(`${server.url}moved/`, 'fraud.eu_west-2@2.0.0', LOOPBACK)).toMatchObject({
        version: '2.0.0',
      });
    } finally {
      server.intercept = undefined;
    }
  });

  it('names names before they become URL paths: an invalid model, stage or version is refused and nothing is requested', async () => {
    const before = server.log.length;
    const remote = await openRegistry({ url: server.url, cacheDir: false });
    for (const ref of ['../x@production', 'fraud.eu_west-2@../../index', 'a/b@staging', 'Fraud@production']) {
      await expect(remote.resolve(ref), ref).rejects.toMatchObject({ code: 'INVALID_REFERENCE' });
    }
    await expect(remote.model('..')).rejects.toMatchObject({ code: 'INVALID_MODEL_NAME' });
    await expect(remote.version('fraud.eu_west-2', '1.0.0/../../x')).rejects.toMatchObject({ code: 'INVALID_VERSION' });
    expect(() => readApiPath.stage('fraud', '../secrets')).toThrow(UserError);
    expect(server.log.length).toBe(before);
  });

  it('a tampered, malformed or misplaced document is a clear READ_API_INVALID, and exits 2 from the CLI', async () => {
    const copy = join(tempDir(), 'site');
    cpSync(site, copy, { recursive: true });
    const tampered = await serveWithEtags(copy);
    const stage = (model: string, name: string) => join(copy, ...readApiPath.stage(model, name));
    try {
      const doc = JSON.parse(readFileSync(stage('fraud.eu_west-2', 'staging'), 'utf8'));
      const cases: [string, string, RegExp][] = [
        [
          'staging',
          JSON.stringify({
            ...doc,
            resolve: { ...doc.resolve, artifacts: { model: { uri: 's3://x/y', digest: 'md5:0' } } },
          }),
          /resolve\.artifacts\.model\.digest/,
        ],
        ['staging', '{"format": "modelreg-read-api/1", "commit": ', /not JSON/],
        ['staging', JSON.stringify({ ...doc, format: 'modelreg-read-api/2' }), /format is "modelreg-read-api\/2"/],
        ['staging', JSON.stringify({ ...doc, injected: true }), /injected|Unrecognized/],
        ['staging', readFileSync(stage('no-versions', 'staging'), 'utf8'), /document of no-versions@staging/],
        ['staging', JSON.stringify({ ...doc, holders: ['1.0.0'] }), /not the highest of its holders/],
      ];
      for (const [name, text, why] of cases) {
        writeFileSync(stage('fraud.eu_west-2', name), text);
        const result = await runCli(tempDir(), [
          'resolve',
          `fraud.eu_west-2@${name}`,
          '--from-url',
          tampered.url,
          '--cache-dir',
          tempDir(),
        ]);
        expect(result.code, text).toBe(2);
        expect(result.stderr, text).toMatch(
          /^error\[READ_API_INVALID\]: .*stages\/staging\.json is not a valid read API document/m,
        );
        expect(result.stderr, text).toMatch(why);
        expect(result.stdout).toBe('');
      }
    } finally {
      await tampered.close();
    }
  });

  it('retries 5xx and timeouts a few times, then says the API is unreachable; a wrong URL is READ_API_NOT_FOUND', async () => {
    let failures = 2;
    server.intercept = (_request, response) => {
      if (failures-- <= 0) return false;
      response.writeHead(503, { 'retry-after': '0' }).end();
      return true;
    };
    try {
      expect(await resolveFromUrl(server.url, 'fraud.eu_west-2@2.0.0', LOOPBACK).catch((e) => e)).toMatchObject({
        code: 'READ_API_UNREACHABLE',
      });
      failures = 1;
      expect(await resolveFromUrl(server.url, 'fraud.eu_west-2@2.0.0', LOOPBACK)).toMatchObject({ version: '2.0.0' });
      const attempts = server.log.length;
      server.intercept = () => true; // never answers
      const started = Date.now();
      await expect(resolveFromUrl(server.url, 'fraud.eu_west-2@2.0.0', LOOPBACK)).rejects.toMatchObject({
        code: 'READ_API_UNREACHABLE',
        message: expect.stringMatching(/no answer within 500 ms \(2 attempts\)/),
      });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(server.log.length).toBe(attempts); // unanswered requests are never logged as finished
    } finally {
      server.intercept = undefined;
    }
    await expect(resolveFromUrl(`${server.url}elsewhere/`, 'fraud.eu_west-2@staging', LOOPBACK)).rejects.toMatchObject({
      code: 'READ_API_NOT_FOUND',
    });
  });

  it('refuses --from-url with --registry or --at, and --cache-dir without --from-url', async () => {
    for (const args of [
      ['--registry', registryDir],
      ['--at', 'HEAD~1'],
    ]) {
      const result = await runCli(tempDir(), ['resolve', 'fraud.eu_west-2@staging', '--from-url', server.url, ...args]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^error\[USAGE\]: --from-url cannot be combined with/);
    }
    const result = await runCli(registryDir, ['resolve', 'fraud.eu_west-2@staging', '--cache-dir', tempDir()]);
    expect(result.stderr).toMatch(/^error\[USAGE\]: --cache-dir is for --from-url/);
  });
});

describe('the on-disk cache', () => {
  it('is under the user cache directory by default, and a corrupt or foreign entry is a miss, not an answer', async () => {
    expect(defaultReadApiCacheDir({ XDG_CACHE_HOME: '/c' }, 'linux')).toBe('/c/modelreg/read-api');
    const cacheDir = tempDir();
    const resolveOnce = async () =>
      (await openRegistry({ url: server.url, cacheDir })).resolve('fraud.eu_west-2@staging');
    const statuses = async () => {
      const before = server.log.length;
      const resolved = await resolveOnce();
      return { resolved, statuses: server.log.slice(before).map((entry) => entry.status) };
    };
    const first = await statuses();
    expect(first.statuses).toEqual([200]);
    expect(await statuses()).toStrictEqual({ resolved: first.resolved, statuses: [304] });
    const [file] = readdirSync(cacheDir);
    const entry = JSON.parse(readFileSync(join(cacheDir, file!), 'utf8'));
    // Stored under another URL's name (copied by hand): not sent as If-None-Match, so its body never becomes the answer.
    writeFileSync(
      join(cacheDir, file!),
      JSON.stringify({ ...entry, url: `${entry.url}x`, text: entry.text.replace('"2.0.0"', '"6.6.6"') }),
    );
    expect(await statuses()).toStrictEqual({ resolved: first.resolved, statuses: [200] });
    writeFileSync(join(cacheDir, file!), '{"format": "modelreg-http-cache/1", "ur');
    expect(await statuses()).toStrictEqual({ resolved: first.resolved, statuses: [200] });
    expect(await statuses()).toStrictEqual({ resolved: first.resolved, statuses: [304] });
  });
});

it('readApiFiles writes a stage document for every declared stage of every model, held or not', async () => {
  const local = await openRegistry({ dir: registryDir });
  const { collectCatalog } = await import('../src/catalog/catalog-data.js');
  const { Registry } = await import('../src/registry/registry.js');
  const files = readApiFiles(await collectCatalog(await Registry.open(registryDir), local, { now: new Date() }));
  const stageFiles = [...files.keys()].filter((path) => path.includes('/stages/'));
  expect(stageFiles.length).toBe(models.length * STAGES.length);
});
