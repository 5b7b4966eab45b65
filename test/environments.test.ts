/**
 * Separate registries per environment: promote --to-registry copies a version
 * with provenance; the target's contract checks it against the source, read
 * from a path or fetched over smart HTTP.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIGEST_B, modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { GitHttpServer } from './helpers/git-http-server.js';
import { runCli } from './helpers/run-cli.js';
import { commit, createRepo, git } from './helpers/temp-repo.js';

const v120 = versionPath('fraud', '1.2.0');

function stagingRegistry(stage = 'staging'): string {
  return createRepo({
    'registry.yaml': templatePolicy(),
    'models/fraud/model.yaml': modelYaml('fraud'),
    [v120]: '# October candidate\n' + versionYaml('1.2.0', { stage, metrics: { auc: 0.91 } }),
  });
}

function provenancePolicy(url: string, source: { name?: string; stage?: string | null } = {}): string {
  const stage = source.stage === undefined ? 'staging' : source.stage;
  return (
    templatePolicy() +
    '\nprovenance:\n' +
    '  required: true\n' +
    '  sources:\n' +
    `    - name: ${source.name ?? 'staging'}\n` +
    `      url: ${JSON.stringify(url)}\n` +
    (stage ? `      stage: ${stage}\n` : '') +
    '      initial_stages: [staging, production]\n'
  );
}

function prodRegistry(sourceUrl: string): string {
  return createRepo({ 'registry.yaml': provenancePolicy(sourceUrl), 'models/.keep': '' });
}

function state(dir: string) {
  return {
    head: git(dir, 'rev-parse', 'HEAD'),
    branches: git(dir, 'branch', '--format=%(refname:short)'),
    status: git(dir, 'status', '--porcelain', '--untracked-files=all'),
  };
}

const BRANCH = 'modelreg/promote-fraud-1.2.0-from-staging';

describe('promote --to-registry <path>', () => {
  it('commits the source entry with the target stage and provenance on a branch of the target, which validates', async () => {
    const staging = stagingRegistry();
    const prod = prodRegistry(staging);
    const sourceBefore = state(staging);
    const prodBefore = state(prod);
    const result = await runCli(staging, ['promote', 'fraud@1.2.0', '--to-registry', prod, '--stage', 'production']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('register(fraud): 1.2.0 in production, from staging');
    expect(state(staging)).toEqual(sourceBefore);
    expect(state(prod).head).toBe(prodBefore.head);
    expect(state(prod).status).toBe('');

    const sourceCommit = git(staging, 'rev-parse', 'HEAD');
    const blob = git(staging, 'rev-parse', `HEAD:${v120}`);
    const copied = git(prod, 'show', `${BRANCH}:${v120}`);
    const original = readFileSync(join(staging, v120), 'utf8');
    expect(copied).toBe(
      original.replace('stage: staging', 'stage: production') +
        'provenance:\n' +
        `  repository: ${JSON.stringify(staging)}\n` +
        `  commit: "${sourceCommit}"\n` +
        `  entry: "${blob}"\n` +
        '  stage: staging\n' +
        '  artifacts:\n' +
        `    model: sha256:${'a'.repeat(64)}`,
    );
    // The model is new in the target: its model.yaml came along.
    expect(git(prod, 'show', `${BRANCH}:models/fraud/model.yaml`)).toBe(modelYaml('fraud').trimEnd());
    const validated = await runCli(prod, ['validate', '--base', 'main', '--head', BRANCH]);
    expect(validated.stdout + validated.stderr).not.toContain('error');
    expect(validated.code).toBe(0);
  });

  it('show (text and --json) and the model page say where a copied version came from', async () => {
    const staging = stagingRegistry();
    const prod = prodRegistry(staging);
    const copy = await runCli(staging, ['promote', 'fraud@1.2.0', '--to-registry', prod, '--stage', 'production']);
    expect(copy.code, copy.stderr).toBe(0);
    git(prod, 'checkout', '-q', BRANCH);
    const sourceCommit = git(staging, 'rev-parse', 'HEAD');
    const blob = git(staging, 'rev-parse', `HEAD:${v120}`);

    const shown = await runCli(prod, ['show', 'fraud@1.2.0']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(
      'provenance:\n' +
        `  repository: ${staging}\n` +
        `  commit: ${sourceCommit}\n` +
        `  entry: ${blob}\n` +
        '  stage: staging\n',
    );
    const json = JSON.parse((await runCli(prod, ['show', 'fraud@production', '--json'])).stdout);
    expect(json.provenance).toEqual({
      repository: staging,
      commit: sourceCommit,
      entry: blob,
      stage: 'staging',
      artifacts: { model: `sha256:${'a'.repeat(64)}` },
    });

    expect((await runCli(prod, ['docs'])).code).toBe(0);
    const page = readFileSync(join(prod, 'models/fraud/README.md'), 'utf8');
    expect(page).toContain(
      `## Provenance\n\n- **1.2.0**: copied from \`${staging}\` at commit \`${sourceCommit}\`, where it held staging\n`,
    );
    // A registry whose versions were all registered in it gets no such section.
    expect((await runCli(staging, ['docs'])).code).toBe(0);
    expect(readFileSync(join(staging, 'models/fraud/README.md'), 'utf8')).not.toContain('Provenance');
  });

  it('refuses a registry the target does not declare, writing nothing anywhere', async () => {
    const staging = stagingRegistry();
    const other = stagingRegistry();
    const prod = prodRegistry(other);
    const before = [state(staging), state(prod)];
    const result = await runCli(staging, ['promote', 'fraud@1.2.0', '--to-registry', prod]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SOURCE_NOT_ACCEPTED');
    expect(result.stderr).toContain(`It accepts: staging (${other})`);
    expect([state(staging), state(prod)]).toEqual(before);
  });

  it('refuses a version that does not hold the stage the target asks of the source, writing nothing', async () => {
    const staging = stagingRegistry('development');
    const prod = prodRegistry(staging);
    const before = state(prod);
    const result = await runCli(staging, ['promote', 'fraud@1.2.0', '--to-registry', prod, '--stage', 'production']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('PROVENANCE_STAGE_NOT_HELD');
    expect(result.stderr).toContain('must hold staging');
    expect(state(prod)).toEqual(before);
  });

  it('refuses a stage the source declaration does not allow a new version to arrive in', async () => {
    const staging = stagingRegistry();
    const prod = prodRegistry(staging);
    const before = state(prod);
    const result = await runCli(staging, ['promote', 'fraud@1.2.0', '--to-registry', prod, '--stage', 'archived']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('STAGE_NOT_INITIAL');
    expect(state(prod)).toEqual(before);
  });

  it('refuses --to together with --to-registry, and --stage without it', async () => {
    const staging = stagingRegistry();
    const prod = prodRegistry(staging);
    const both = await runCli(staging, ['promote', 'fraud@1.2.0', '--to', 'production', '--to-registry', prod]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--to and --to-registry contradict each other');
    const stageOnly = await runCli(staging, ['promote', 'fraud@1.2.0', '--stage', 'production']);
    expect(stageOnly.code).toBe(2);
    expect(stageOnly.stderr).toContain('--stage only applies with --to-registry');
  });

  it('copies on a version that came from a registry before, replacing that provenance with its own', async () => {
    const staging = stagingRegistry();
    const prod = prodRegistry(staging);
    expect((await runCli(staging, ['promote', 'fraud@1.2.0', '--to-registry', prod, '--here'])).code).toBe(0);
    const dr = createRepo({
      'registry.yaml': provenancePolicy(prod, { name: 'prod', stage: null }),
      'models/.keep': '',
    });
    const result = await runCli(prod, ['promote', 'fraud@1.2.0', '--to-registry', dr]);
    expect(result.stderr).toBe('');
    const copied = git(dr, 'show', `modelreg/promote-fraud-1.2.0-from-prod:${v120}`);
    expect(copied.match(/^provenance:/gm)).toHaveLength(1);
    expect(copied).toContain(`repository: ${JSON.stringify(prod)}`);
  });
});

/** A target branch whose version file is `text`, for the rule's findings. */
function targetWith(prod: string, text: string): void {
  git(prod, 'switch', '-q', '-c', 'copy');
  commit(prod, { 'models/fraud/model.yaml': modelYaml('fraud'), [v120]: text }, 'copy by hand');
  git(prod, 'switch', '-q', 'main');
}

async function validateCopy(prod: string) {
  const result = await runCli(prod, ['validate', '--base', 'main', '--head', 'copy', '--format', 'json']);
  if (result.code === 2) throw new Error(result.stderr);
  return (JSON.parse(result.stdout) as { findings: { code: string; line: number }[] }).findings;
}

describe('the provenance rule in the target', () => {
  async function promoted() {
    const staging = stagingRegistry();
    const prod = prodRegistry(staging);
    expect((await runCli(staging, ['promote', 'fraud@1.2.0', '--to-registry', prod])).code).toBe(0);
    return { staging, prod, text: git(prod, 'show', `${BRANCH}:${v120}`) + '\n' };
  }

  it('finds artifacts and recorded digests that differ from the source on their lines', async () => {
    const { prod, text } = await promoted();
    targetWith(prod, text.replaceAll(`sha256:${'a'.repeat(64)}`, DIGEST_B));
    const findings = await validateCopy(prod);
    const lines = text.split('\n');
    const at = (prefix: string) => lines.findIndex((l) => l.trimStart().startsWith(prefix)) + 1;
    expect(findings.map((f) => [f.code, f.line])).toEqual([
      ['PROVENANCE_ARTIFACTS_MISMATCH', at('digest:')],
      ['PROVENANCE_ARTIFACTS_MISMATCH', at('model: sha256')],
    ]);
  });

  it('finds fields that differ from the source beyond the stage, on their lines', async () => {
    const { prod, text } = await promoted();
    targetWith(
      prod,
      text.replace('auc: 0.91', 'auc: 0.99').replace(/created_by: .*/, 'created_by: mallory\nparams:\n  lr: 0.1'),
    );
    const findings = await validateCopy(prod);
    const lines = text.split('\n');
    const at = (prefix: string) => lines.findIndex((l) => l.trimStart().startsWith(prefix)) + 1;
    expect(findings.map((f) => [f.code, f.line])).toEqual([
      ['PROVENANCE_ENTRY_MISMATCH', at('created_by:')],
      ['PROVENANCE_ENTRY_MISMATCH', at('created_by:') + 2], // params' value, on the line after its key
      ['PROVENANCE_ENTRY_MISMATCH', at('auc:') + 2],
    ]);
  });

  it('finds an entry blob id that is not the source file', async () => {
    const { prod, text } = await promoted();
    targetWith(prod, text.replace(/entry: "[0-9a-f]+"/, `entry: "${'0'.repeat(40)}"`));
    expect((await validateCopy(prod)).map((f) => f.code)).toEqual(['PROVENANCE_ENTRY_MISMATCH']);
  });

  it('finds a commit the source does not have, and one never merged into its branch', async () => {
    const { staging, prod, text } = await promoted();
    targetWith(prod, text.replace(/commit: "[0-9a-f]+"/, `commit: "${'1'.repeat(40)}"`));
    expect((await validateCopy(prod)).map((f) => f.code)).toEqual(['PROVENANCE_COMMIT_NOT_FOUND']);

    git(staging, 'switch', '-q', '-c', 'unmerged');
    const unmerged = commit(staging, { 'notes.txt': 'x' }, 'unmerged');
    git(staging, 'switch', '-q', 'main');
    git(prod, 'branch', '-q', '-D', 'copy');
    targetWith(prod, text.replace(/commit: "[0-9a-f]+"/, `commit: "${unmerged}"`));
    expect((await validateCopy(prod)).map((f) => f.code)).toEqual(['PROVENANCE_NOT_ON_BRANCH']);
  });

  it('requires provenance of a new version when the policy says so, and keeps it immutable', async () => {
    const { prod, text } = await promoted();
    targetWith(prod, text.replace(/provenance:[\s\S]*$/, '').replace('stage: staging', 'stage: development'));
    expect((await validateCopy(prod)).map((f) => [f.code, f.line])).toEqual([['PROVENANCE_MISSING', 1]]);

    git(prod, 'merge', '-q', BRANCH);
    git(prod, 'branch', '-q', '-D', 'copy');
    targetWith(prod, text.replace(/^ {2}stage: staging$/m, '  stage: development'));
    expect((await validateCopy(prod)).map((f) => f.code)).toEqual(['IMMUTABLE_FIELD']);
  });

  it('refuses a source that names no declared registry', async () => {
    const { prod, text } = await promoted();
    targetWith(prod, text.replace(/repository: .*/, 'repository: "https://example.com/other.git"'));
    // An undeclared source does not open the declared source's initial_stages either.
    expect((await validateCopy(prod)).map((f) => f.code)).toEqual(['STAGE_NOT_INITIAL', 'PROVENANCE_UNKNOWN_SOURCE']);
  });

  it('fails with SOURCE_UNREACHABLE when the source path is gone', async () => {
    const { prod, text } = await promoted();
    targetWith(prod, text);
    commit(prod, { 'registry.yaml': provenancePolicy('/nonexistent/models-staging') }, 'move the source');
    git(prod, 'switch', '-q', 'copy');
    git(prod, 'rebase', '-q', 'main');
    git(prod, 'switch', '-q', 'main');
    const text2 = text.replace(/repository: .*/, 'repository: "/nonexistent/models-staging"');
    git(prod, 'branch', '-q', '-D', 'copy');
    targetWith(prod, text2);
    const result = await runCli(prod, ['validate', '--base', 'main', '--head', 'copy']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SOURCE_UNREACHABLE');
    expect(result.stderr).toContain('/nonexistent/models-staging does not exist');
  });
});

describe('a source fetched over smart HTTP', () => {
  let server: GitHttpServer;
  beforeEach(async () => {
    server = await GitHttpServer.start('source-token');
    process.env.MODELREG_ALLOW_INSECURE_LOOPBACK = '1';
  });
  afterEach(async () => {
    await server.close();
    delete process.env.MODELREG_ALLOW_INSECURE_LOOPBACK;
    delete process.env.MODELREG_SOURCE_TOKEN;
  });

  /** Staging published on the server as its origin; prod accepting it by URL. */
  function registries() {
    const { dir: staging } = server.checkout(stagingRegistry(), 'models-staging');
    const url = `${server.url}/models-staging.git`;
    return { staging, url, prod: prodRegistry(url) };
  }

  it('fetches the source into .git/modelreg/sources with the token, for the copy and for validation', async () => {
    server.privateReads = true;
    const { staging, prod, url } = registries();
    process.env.MODELREG_SOURCE_TOKEN = 'source-token';
    const result = await runCli(staging, ['promote', 'fraud@1.2.0', '--to-registry', prod, '--stage', 'production']);
    expect(result.stderr).toBe('');
    expect(git(prod, 'show', `${BRANCH}:${v120}`)).toContain(`repository: ${JSON.stringify(url)}`);
    const cache = join(prod, '.git/modelreg/sources/staging');
    expect(git(cache, 'rev-parse', 'refs/remotes/origin/main')).toBe(git(staging, 'rev-parse', 'HEAD'));
    expect(server.requests.some((r) => r.includes('git-upload-pack'))).toBe(true);
    const validated = await runCli(prod, ['validate', '--base', 'main', '--head', BRANCH]);
    expect(validated.code).toBe(0);
  });

  it('says SOURCE_UNAUTHORIZED without a token for a private source, and writes nothing', async () => {
    server.privateReads = true;
    const { staging, prod } = registries();
    const before = state(prod);
    const result = await runCli(staging, ['promote', 'fraud@1.2.0', '--to-registry', prod]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SOURCE_UNAUTHORIZED');
    expect(result.stderr).toContain('MODELREG_SOURCE_TOKEN');
    expect(state(prod)).toEqual(before);
  });

  it('says SOURCE_UNREACHABLE when the server is down, and writes nothing', async () => {
    const { staging, prod } = registries();
    await server.close();
    const before = state(prod);
    const result = await runCli(staging, ['promote', 'fraud@1.2.0', '--to-registry', prod]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SOURCE_UNREACHABLE');
    expect(state(prod)).toEqual(before);
    server = await GitHttpServer.start();
  });
});
