/**
 * What a new user runs into first (issue 11 §5): typos answered with the
 * name they meant, exit codes that say "nothing found", errors that carry a
 * stable code and link documentation that exists, --at hints that name every
 * form it takes, an audit that counts rollbacks, a registry called by its
 * own name, and counts that read as English.
 */
import { displayLocation } from '../src/domain/token-transport.js';
import { basename, join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collectCatalog } from '../src/catalog/catalog-data.js';
import { ERROR_CODES, type ErrorCode } from '../src/domain/error-codes.js';
import { isUserError } from '../src/domain/errors.js';
import { userErrorLines } from '../src/failure-report.js';
import { GitHubApiError } from '../src/github/github-port.js';
import { didYouMean, editDistance, nearMisses } from '../src/domain/near-miss.js';
import { countOf } from '../src/domain/plural.js';
import { Registry } from '../src/registry/registry.js';
import { withRegistryName } from '../src/registry/registry-display-name.js';
import { DIGEST_A, modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { runCli } from './helpers/run-cli.js';
import { commit, createRepo, git, emptyRepo } from './helpers/temp-repo.js';

const CONTRACT_URL = 'https://github.com/modelreg/modelreg/blob/main/docs/contract.md';

function fraudRegistry(policy = templatePolicy()): string {
  return createRepo({
    'registry.yaml': policy,
    'models/fraud-detection/model.yaml': modelYaml('fraud-detection'),
    [versionPath('fraud-detection', '1.0.0')]: versionYaml('1.0.0', { stage: 'staging' }),
    [versionPath('fraud-detection', '1.1.0')]: versionYaml('1.1.0', { stage: 'staging' }),
    'models/churn/model.yaml': modelYaml('churn'),
    [versionPath('churn', '0.1.0')]: versionYaml('0.1.0', {
      extra: `lineage:\n  data:\n    - uri: s3://data/churn/2026-10/\n`,
    }),
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function state(dir: string) {
  return { head: git(dir, 'rev-parse', 'HEAD'), status: git(dir, 'status', '--porcelain', '--untracked-files=all') };
}

describe('near misses', () => {
  it('measures typos as edits, a swap of neighbours being one', () => {
    expect(editDistance('fraud-detecton', 'fraud-detection')).toBe(1);
    expect(editDistance('fraud-detcetion', 'fraud-detection')).toBe(1);
    expect(editDistance('churn', 'fraud')).toBe(5);
    expect(nearMisses('fraud-detecton', ['churn', 'fraud-detect', 'fraud-detection'])).toEqual([
      'fraud-detection',
      'fraud-detect',
    ]);
    // Too short to guess from: "a" is one edit from every one-letter name.
    expect(nearMisses('a', ['b', 'c'])).toEqual([]);
    expect(didYouMean('prodution', ['development', 'staging', 'production'])).toBe('Did you mean production?');
  });

  it('answers a misspelt model, version or stage with the name meant, in every read command', async () => {
    const dir = fraudRegistry();
    const cases: Array<[string[], string, string]> = [
      [['show', 'fraud-detecton'], 'MODEL_NOT_FOUND', 'Did you mean fraud-detection?'],
      [['resolve', 'fraud-detecton@staging'], 'MODEL_NOT_FOUND', 'Did you mean fraud-detection?'],
      [['history', 'fraud-detecton'], 'MODEL_NOT_FOUND', 'Did you mean fraud-detection?'],
      [['list', '--model', 'fraud-detecton'], 'MODEL_NOT_FOUND', 'Did you mean fraud-detection?'],
      [['lineage', 'fraud-detecton@1.0.0'], 'MODEL_NOT_FOUND', 'Did you mean fraud-detection?'],
      [['compare', 'fraud-detecton', '1.0.0', '1.1.0'], 'MODEL_NOT_FOUND', 'Did you mean fraud-detection?'],
      [
        ['show', 'fraud-detection@1.1.1'],
        'VERSION_NOT_FOUND',
        'Did you mean 1.1.0? Registered versions of fraud-detection: 1.0.0, 1.1.0.',
      ],
      [
        ['resolve', 'fraud-detection@prodution'],
        'STAGE_NOT_FOUND',
        'Did you mean production? Stages of this registry:',
      ],
    ];
    for (const [args, code, hint] of cases) {
      const result = await runCli(dir, args);
      expect({ args, stderr: result.stderr }).toEqual({
        args,
        stderr: expect.stringMatching(new RegExp(`^error\\[${code}\\]: `)),
      });
      expect(result.stderr).toContain(`\nhint: ${hint}`);
    }
  });

  it('promote and deprecate suggest the model too (they said "this registry has no models yet")', async () => {
    const dir = fraudRegistry();
    for (const args of [
      ['promote', 'fraud-detecton@1.0.0', '--to', 'production', '--here'],
      ['deprecate', 'fraud-detecton@1.0.0', '--reason', 'old', '--here'],
    ]) {
      const result = await runCli(dir, args);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('hint: Did you mean fraud-detection?');
    }
  });
});

describe('register of a new model one edit away from an existing one', () => {
  function artifact(dir: string): string[] {
    const path = join(dir, '..', `weights-${basename(dir)}.onnx`);
    writeFileSync(path, 'weights');
    return ['--artifact', 'model=s3://models/x/model.onnx', '--file', `model=${path}`];
  }

  it('asks for --new-model before creating it, and writes nothing until then', async () => {
    const dir = fraudRegistry();
    const before = state(dir);
    for (const owners of [['--owner', 'alice'], []]) {
      const refused = await runCli(dir, [
        'register',
        'fraud-detecton',
        '--version',
        '1.0.0',
        ...owners,
        ...artifact(dir),
      ]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(
        /^error\[NEW_MODEL_UNCONFIRMED\]: model "fraud-detecton" does not exist, and its name is one edit away from "fraud-detection"\n/,
      );
      expect(refused.stderr).toContain(
        'hint: Did you mean fraud-detection? Register under that name; or, to create the new model "fraud-detecton", run the command again with --new-model.',
      );
      expect(state(dir)).toEqual(before);
    }
    const confirmed = await runCli(dir, [
      'register',
      'fraud-detecton',
      '--version',
      '1.0.0',
      '--owner',
      'alice',
      '--new-model',
      ...artifact(dir),
    ]);
    expect(confirmed.stderr).toBe('');
    expect(confirmed.code).toBe(0);
    expect(git(dir, 'ls-tree', '--name-only', 'HEAD', 'models/')).toContain('models/fraud-detecton');
  });

  it('creates a model whose name is not near another without asking, and refuses --new-model for an existing model', async () => {
    const dir = fraudRegistry();
    const fresh = await runCli(dir, [
      'register',
      'fraud-scoring',
      '--version',
      '1.0.0',
      '--owner',
      'alice',
      ...artifact(dir),
    ]);
    expect(fresh.code).toBe(0);
    const before = state(dir);
    const existing = await runCli(dir, ['register', 'churn', '--version', '0.2.0', '--new-model', ...artifact(dir)]);
    expect(existing.code).toBe(2);
    expect(existing.stderr).toMatch(/^error\[MODEL_EXISTS\]: --new-model: model "churn" already exists\n/);
    expect(state(dir)).toEqual(before);
  });
});

describe('exit codes: nothing found is 1 in every read command', () => {
  it('exits 1 when list, history or lineage --uses finds nothing, in every format, and 0 when they find something', async () => {
    const dir = fraudRegistry();
    const cases: Array<[string[], number, string]> = [
      [['list', '--stage', 'production'], 1, 'no versions match\n'],
      [['list', '--stage', 'production', '--json'], 1, '[]\n'],
      [['list', '--stage', 'staging'], 0, ''],
      [['lineage', '--uses', 's3://data/nothing/'], 1, 'no version names s3://data/nothing/ in its lineage\n'],
      [['lineage', '--uses', 's3://data/nothing/', '--format', 'json'], 1, '[]\n'],
      [['lineage', '--uses', 's3://data/churn/2026-10/'], 0, ''],
      [['history', '--stage', 'production'], 1, 'no changes match\n'],
      [['history', '--stage', 'production', '--format', 'json'], 1, '[]\n'],
      [['history', 'churn'], 0, ''],
      [['resolve', 'churn@production'], 1, ''],
      [['show', 'churn'], 0, ''],
    ];
    for (const [args, code, stdout] of cases) {
      const result = await runCli(dir, args);
      expect({ args, code: result.code }).toEqual({ args, code });
      if (stdout) expect(result.stdout).toBe(stdout);
    }
  });
});

describe('errors print a stable code and link the published documentation', () => {
  it('prints error[CODE] for a user error and for a contract violation', async () => {
    const dir = fraudRegistry();
    const usage = await runCli(dir, ['lineage']);
    expect(usage.stderr).toMatch(/^error\[USAGE\]: give either/);
    const violation = await runCli(dir, [
      'register',
      'fraud-detection',
      '--version',
      '1.2.0',
      '--artifact',
      'model=ftp://old/model.onnx',
      '--digest',
      `model=${DIGEST_A}`,
    ]);
    expect(violation.code).toBe(1);
    expect(violation.stderr).toMatch(
      /\nerror\[CONTRACT_VIOLATION\]: [^\n]+\nhint: Fix the findings listed above and try again\.\ndocs: https:\/\/github\.com\/modelreg\/modelreg\/blob\/main\/docs\/contract\.md#changes\n$/,
    );
    expect(violation.stderr).not.toMatch(/^error: /m);
  });

  it('exits with the status the error table gives each code, and links the heading that documents it', async () => {
    const dir = fraudRegistry();
    const cases: Array<[string[], ErrorCode]> = [
      [['show', 'fraud-detecton'], 'MODEL_NOT_FOUND'],
      [['resolve', 'fraud-detection@prodution'], 'STAGE_NOT_FOUND'],
      [['resolve', 'fraud-detection@production'], 'NOTHING_IN_STAGE'],
      [['validate', '--all', '--base', 'HEAD'], 'USAGE'],
      [['list', '--at', 'no-such-ref'], 'REF_NOT_FOUND'],
      [['promote', 'fraud-detection@1.1.0', '--to', 'staging'], 'ALREADY_IN_STAGE'],
    ];
    for (const [args, code] of cases) {
      const result = await runCli(dir, args);
      const { exit, anchor } = ERROR_CODES[code];
      expect({ args, code: result.code, stderr: result.stderr }).toEqual({
        args,
        code: exit,
        stderr: expect.stringMatching(
          new RegExp(
            `^error\\[${code}\\]: [^\\n]+\\nhint: [^\\n]+\\ndocs: ${escapeRegExp(CONTRACT_URL)}#${anchor}\\n$`,
          ),
        ),
      });
    }
    expect(new Set(cases.map(([, code]) => ERROR_CODES[code].exit))).toEqual(new Set([1, 2]));
  });

  it('validate --all --base is refused through the same renderer, not a line of its own', async () => {
    const result = await runCli(fraudRegistry(), ['validate', '--all', '--base', 'HEAD']);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error[USAGE]: --all checks one snapshot; it cannot be combined with --base\n' +
        'hint: Use --head <ref> to choose the snapshot.\n' +
        `docs: ${CONTRACT_URL}#arguments-and-names\n`,
    });
  });

  it('resolve of an exclusive stage two versions hold is AMBIGUOUS_STAGE; validate reports the state as the finding EXCLUSIVE_STAGE_CONFLICT', async () => {
    const dir = createRepo({
      'registry.yaml': templatePolicy(),
      'models/fraud/model.yaml': modelYaml('fraud'),
      [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', { stage: 'production' }),
      [versionPath('fraud', '1.1.0')]: versionYaml('1.1.0', { stage: 'production' }),
    });
    const resolved = await runCli(dir, ['resolve', 'fraud@production']);
    expect(resolved.code).toBe(1);
    expect(resolved.stderr).toMatch(
      /^error\[AMBIGUOUS_STAGE\]: fraud@production is ambiguous: 1\.1\.0, 1\.0\.0 all hold/,
    );
    expect(resolved.stderr).toContain(`\ndocs: ${CONTRACT_URL}#arguments-and-names\n`);
    const validated = await runCli(dir, ['validate', '--all', '--format', 'json']);
    expect(JSON.parse(validated.stdout).findings.map((f: { code: string }) => f.code)).toEqual([
      'EXCLUSIVE_STAGE_CONFLICT',
      'EXCLUSIVE_STAGE_CONFLICT',
    ]);
  });

  it('a GitHub API failure carries the GITHUB_API code, its exit status and a hint by status', () => {
    const refused = new GitHubApiError('pulls.create', 401, 'Bad credentials');
    expect(isUserError(refused)).toBe(true);
    expect([refused.code, refused.exitCode]).toEqual(['GITHUB_API', ERROR_CODES.GITHUB_API.exit]);
    expect(userErrorLines(refused)).toEqual([
      'error[GITHUB_API]: GitHub API pulls.create failed with 401: Bad credentials',
      'hint: GitHub did not accept the token: pass a valid one.',
      `docs: ${CONTRACT_URL}#github`,
    ]);
    expect(new GitHubApiError('pulls.list', undefined, 'fetch failed').hint).toBe(
      'Check the network and the API URL, then run it again.',
    );
  });

  it('hints of schema findings name the section of the contract online, not a docs/ path the registry does not have', async () => {
    const dir = fraudRegistry();
    writeFileSync(join(dir, 'models/churn/model.yaml'), `${modelYaml('churn')}ownrs: [bob]\n`);
    writeFileSync(join(dir, versionPath('churn', '0.1.0')), versionYaml('0.1.0', { extra: 'colour: blue\n' }));
    writeFileSync(join(dir, 'registry.yaml'), `${templatePolicy()}colour: blue\n`);
    const result = await runCli(dir, ['validate', '--format', 'json']);
    const hints = JSON.parse(result.stdout)
      .findings.map((f: { hint: string }) => f.hint)
      .join('\n');
    expect(hints).toContain(`${CONTRACT_URL}#modelyaml--one-model`);
    expect(hints).toContain(`${CONTRACT_URL}#versionsversionyaml--one-version`);
    expect(hints).toContain(`${CONTRACT_URL}#registryyaml--the-policy`);
    expect(hints).not.toMatch(/(?<!blob\/main\/)docs\/contract\.md/);
  });
});

describe('--at names every form it takes', () => {
  it('hints that dates and ISO date-times work when --at or --ref names nothing', async () => {
    const dir = fraudRegistry();
    for (const args of [
      ['show', 'churn', '--at', 'yesterday'],
      ['list', '--at', '2026-01'],
      ['resolve', 'churn@0.1.0', '--at', '2026-13-45'],
      ['history', '--ref', 'last-week'],
    ]) {
      const result = await runCli(dir, args);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toMatch(/^error\[(REF_NOT_FOUND|USAGE)\]: --(at|ref)/);
      expect(result.stderr).toContain(
        'a date (2026-01-15: the branch as it was at the end of that day, UTC) or an ISO date-time (2026-01-15T12:00:00Z',
      );
    }
    const help = await runCli(dir, ['show', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('ISO date-time (2026-01-15T12:00:00Z');
  });

  it('reads the registry at an ISO date-time', async () => {
    const dir = fraudRegistry();
    const result = await runCli(dir, ['list', '--at', '2099-01-01T00:00:00Z', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveLength(3);
  });
});

describe('audit and catalog', () => {
  it('counts a rollback once in the summary, though it moves two versions', async () => {
    const dir = fraudRegistry();
    for (const args of [
      ['promote', 'fraud-detection@1.0.0', '--to', 'production', '--here'],
      ['promote', 'fraud-detection@1.1.0', '--to', 'production', '--here'],
      ['rollback', 'fraud-detection', '--here'],
    ]) {
      expect((await runCli(dir, args)).code).toBe(0);
    }
    const rows = JSON.parse((await runCli(dir, ['audit', '--format', 'json'])).stdout) as Array<{
      type: string;
      commit: string;
    }>;
    const rollbackRows = rows.filter((r) => r.type === 'rollback');
    expect(rollbackRows).toHaveLength(2);
    expect(new Set(rollbackRows.map((r) => r.commit)).size).toBe(1);
    const report = (await runCli(dir, ['audit'])).stdout;
    expect(report).toContain('| Model | Changes | Promotions | Demotions | Rollbacks | Owners |');
    expect(report).toMatch(/\n\| fraud-detection \| \d+ \| \d+ \| \d+ \| 1 \| /);
  });

  it("titles the audit report and the catalog with the registry's name, else its repository's directory name", async () => {
    const named = fraudRegistry(templatePolicy().replace('name: models', 'name: Acme fraud models'));
    expect((await runCli(named, ['audit'])).stdout).toMatch(/^# Model registry audit report: Acme fraud models\n/);
    const unnamed = fraudRegistry(templatePolicy().replace(/^name: models\n/m, ''));
    expect(readFileSync(join(unnamed, 'registry.yaml'), 'utf8')).not.toMatch(/^name:/m);
    const audit = (await runCli(unnamed, ['audit'])).stdout;
    expect(audit).toMatch(new RegExp(`^# Model registry audit report: ${basename(unnamed)}\\n`));
    expect(audit).not.toContain(unnamed);
    const registry = await Registry.open(unnamed);
    const catalog = await collectCatalog(registry, await registry.at(), { now: new Date('2026-03-01T00:00:00Z') });
    expect(catalog.title).toBe(basename(unnamed));
  });

  it("init names the registry after its repository's directory, quoting what YAML would misread", async () => {
    const dir = emptyRepo('acme-models');
    expect((await runCli(dir, ['init'])).code).toBe(0);
    expect(readFileSync(join(dir, 'registry.yaml'), 'utf8')).toMatch(/^name: acme-models$/m);
    expect((await runCli(dir, ['audit'])).stdout).toMatch(/^# Model registry audit report: acme-models\n/);
    expect(withRegistryName('a: 1\nname: models\nb: 2\n', '2026')).toBe('a: 1\nname: "2026"\nb: 2\n');
    expect(withRegistryName('name: models\n', 'true')).toBe('name: "true"\n');
    expect(withRegistryName('name: models\n', 'odd"name')).toBe('name: models\n');
  });
});

describe('counts read as English', () => {
  it('says 1 model, 2 models', () => {
    expect(countOf(1, 'model')).toBe('1 model');
    expect(countOf(2, 'model')).toBe('2 models');
    expect(countOf(0, 'page')).toBe('0 pages');
  });

  it('validate and the model-not-found hint say "1 error", "1 file", "1 registered model"', async () => {
    const dir = createRepo({ 'registry.yaml': templatePolicy(), 'models/churn/model.yaml': modelYaml('churn') });
    writeFileSync(join(dir, 'models/churn/model.yaml'), 'name: churn\n');
    const validate = await runCli(dir, ['validate']);
    expect(validate.stdout).toMatch(/\n1 error, 0 warnings in 1 file\n$/);
    commit(dir, { 'models/churn/model.yaml': modelYaml('churn') });
    const show = await runCli(dir, ['show', 'xgboost-ranker']);
    expect(show.stderr).toContain('hint: Run `modelreg list` to see the 1 registered model.');
  });

  it('a model directory whose model.yaml is a directory: list and show say so instead of pointing at list', async () => {
    const dir = createRepo({ 'registry.yaml': templatePolicy(), 'models/fraud/model.yaml/notes.txt': 'x\n' });
    for (const args of [['list'], ['show', 'fraud']]) {
      const result = await runCli(dir, args);
      expect(result.code, args.join(' ')).toBe(1);
      const at = `HEAD (${git(dir, 'rev-parse', '--short=7', 'HEAD')})`;
      expect(result.stderr, args.join(' ')).toContain(
        `error[MODEL_NOT_FOUND]: model "fraud" does not exist in ${at}: models/fraud/ holds no model.yaml file and no versions\n` +
          'hint: Put a model.yaml file at models/fraud/model.yaml, or remove models/fraud/; `modelreg validate --all` names what is in the way.\n',
      );
      expect(result.stderr).not.toContain('modelreg list');
    }
  });

  it('modelreg docs says what it wrote and what was already current', async () => {
    const dir = fraudRegistry();
    const first = await runCli(dir, ['docs']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/\nwrote 2 pages, 0 already current; commit the written pages to publish them\n$/);
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'docs');
    const again = await runCli(dir, ['docs']);
    expect(again.stdout).toBe('wrote 0 pages, 2 already current\n');
    const check = await runCli(dir, ['docs', '--check']);
    expect(check.stdout).toBe('ok: 2 model pages are current\n');
  });
});

describe('repository locations in messages', () => {
  it('never show the user:token part of a URL, and leave paths and scp-like remotes as they are', () => {
    expect(displayLocation('https://x-access-token:ghs_secret@github.com/acme/models-prod.git?a=1')).toBe(
      'https://github.com/acme/models-prod.git',
    );
    expect(displayLocation('/srv/registries/models-staging')).toBe('/srv/registries/models-staging');
    expect(displayLocation('git@github.com:acme/models-staging.git')).toBe('git@github.com:acme/models-staging.git');
  });
});
