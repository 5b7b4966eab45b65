import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  codeOwnersDifferences,
  ownersOf,
  patternMatcher,
  wantedCodeOwners,
  withCodeOwners,
} from '../src/github/codeowners.js';
import { doctorRepository } from '../src/github/repository-setup-flow.js';
import {
  planSetup,
  requiredApprovals,
  wantedBranchSafeguards,
  type ObservedSettings,
} from '../src/github/repository-setup.js';
import { Registry } from '../src/registry/registry.js';
import { ALLOW_INSECURE_LOOPBACK } from '../src/domain/token-transport.js';
import { newFakeRepository, type FakeRepository } from './helpers/fake-github-settings.js';
import { useGitHubRig } from './helpers/github-rig.js';
import { runCli } from './helpers/run-cli.js';
import { commit, git, tempDir } from './helpers/temp-repo.js';

const TOKEN = 'setup-token';
const github = useGitHubRig(TOKEN, 'acme/unused');
afterEach(() => {
  delete process.env.GITHUB_TOKEN;
  delete process.env.GH_TOKEN;
  delete process.env.GITHUB_API_URL;
  github.fake.repositories.clear();
  github.fake.acceptedToken = undefined;
});

let counter = 0;

/**
 * `modelreg init`, admins and a model committed, origin on GitHub: the state
 * docs/github.md has before `github setup`. The fake knows the repository.
 */
async function pushedRegistry(
  repository: Partial<FakeRepository> = {},
): Promise<{ dir: string; name: string; repository: FakeRepository }> {
  const dir = tempDir();
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Test User');
  git(dir, 'config', 'user.email', 'test@example.com');
  expect((await runCli(dir, ['init'])).code).toBe(0);
  const policy = readFileSync(join(dir, 'registry.yaml'), 'utf8').replace(
    'admins: []',
    "admins: ['@acme/ml-platform', pat]",
  );
  commit(
    dir,
    { 'registry.yaml': policy, 'models/fraud/model.yaml': "name: fraud\nowners: [alice, '@acme/ml']\n" },
    'admins and the fraud model',
  );
  const name = `acme/registry-${++counter}`;
  git(dir, 'remote', 'add', 'origin', `https://github.com/${name}.git`);
  const fake = newFakeRepository(repository);
  // What the push put on GitHub: the template's CODEOWNERS.
  fake.files.set('.github/CODEOWNERS', git(dir, 'show', 'HEAD:.github/CODEOWNERS') + '\n');
  github.fake.repositories.set(name, fake);
  process.env.GITHUB_TOKEN = TOKEN;
  process.env.GITHUB_API_URL = github.fake.url;
  github.fake.acceptedToken = TOKEN;
  return { dir, name, repository: fake };
}

const writes = () => github.fake.requests.filter((r) => r.method !== 'GET');

describe('modelreg github doctor', () => {
  it('lists every gap of a fresh repository and exits 1, sending only reads', async () => {
    const { dir } = await pushedRegistry();
    const result = await runCli(dir, ['github', 'doctor']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    for (const gap of [
      'branch: main: pull requests are not required',
      'branch: main: 0 approvals are required, the policy needs at least 2',
      'branch: main: stale approvals are not dismissed when new commits are pushed',
      'branch: main: review from code owners is not required',
      'branch: main: the "validate" check is not required',
      'branch: main: force pushes are allowed',
      'branch: main: the branch may be deleted',
      'codeowners: .github/CODEOWNERS: registry.yaml is owned by @your-org/ml-platform, should be @acme/ml-platform @pat',
      'pages: GitHub Pages is not enabled',
      'secrets: the Actions secret MODELREG_TOKEN (the token .github/workflows/guard.yml, .github/workflows/promote.yml, .github/workflows/rollback.yml open pull requests with) does not exist',
    ]) {
      expect(result.stdout).toContain(gap);
    }
    expect(result.stdout).toContain('models/fraud/model.yaml is owned by nobody, should be @alice @acme/ml');
    expect(result.stdout).toContain('/models/fraud/ @alice @acme/ml');
    expect(writes()).toEqual([]);
  });

  it('reads CODEOWNERS as GitHub does: a later line that takes a model from its owners is a gap', async () => {
    const { dir, repository } = await pushedRegistry({ pages: { build_type: 'workflow' } });
    repository.secrets.add('MODELREG_TOKEN');
    const wanted = withCodeOwners(
      undefined,
      wantedCodeOwners(['@acme/ml-platform', 'pat'], [{ name: 'fraud', owners: ['alice', '@acme/ml'] }], ''),
    );
    repository.files.set('.github/CODEOWNERS', `${wanted}*.yaml @mallory\n`);
    const result = await runCli(dir, ['github', 'doctor']);
    expect(result.stdout).toContain('models/fraud/model.yaml is owned by @mallory, should be @alice @acme/ml');
    expect(result.stdout).toContain('registry.yaml is owned by @mallory');
    repository.files.set('.github/CODEOWNERS', wanted);
    expect((await runCli(dir, ['github', 'doctor'])).stdout).not.toContain('codeowners:');
  });

  it('requires the check from GitHub Actions: a check required by name alone is a gap that setup closes', async () => {
    // Anyone with write access can post a commit status named "validate" through the API.
    const { dir, name, repository } = await pushedRegistry({ pages: { build_type: 'workflow' } });
    repository.secrets.add('MODELREG_TOKEN');
    repository.rulesets.set(901, {
      name: 'modelreg',
      enforcement: 'active',
      conditions: { ref_name: { include: ['~DEFAULT_BRANCH'], exclude: [] } },
      rules: [
        {
          type: 'pull_request',
          parameters: {
            required_approving_review_count: 2,
            dismiss_stale_reviews_on_push: true,
            require_code_owner_review: true,
            require_last_push_approval: false,
            required_review_thread_resolution: false,
          },
        },
        {
          type: 'required_status_checks',
          parameters: {
            strict_required_status_checks_policy: false,
            required_status_checks: [{ context: 'validate' }, { context: 'lint', integration_id: 99 }],
          },
        },
        { type: 'non_fast_forward' },
        { type: 'deletion' },
      ],
    });
    const doctor = await runCli(dir, ['github', 'doctor']);
    expect(doctor.stdout).toContain(
      'main: the "validate" check is not required to come from GitHub Actions: any commit status named "validate" satisfies it',
    );
    const setup = await runCli(dir, ['github', 'setup']);
    expect(setup.stderr).toBe('');
    expect(writes().map((r) => `${r.method} ${r.path}`)).toEqual([`PUT /repos/${name}/rulesets/901`]);
    expect(repository.rulesets.get(901).rules[1].parameters.required_status_checks).toEqual([
      { context: 'validate', integration_id: 15368 },
      { context: 'lint', integration_id: 99 },
    ]);
    expect((await runCli(dir, ['github', 'doctor'])).stdout).not.toContain('branch:');
  });

  it('counts an organization ruleset and a secret shared by the organization', async () => {
    const { dir, repository } = await pushedRegistry({ pages: { build_type: 'workflow' } });
    repository.organizationSecrets.add('MODELREG_TOKEN');
    repository.organizationRules.push(
      {
        type: 'pull_request',
        parameters: {
          required_approving_review_count: 2,
          dismiss_stale_reviews_on_push: true,
          require_code_owner_review: true,
          require_last_push_approval: false,
          required_review_thread_resolution: false,
        },
        ruleset_source_type: 'Organization',
        ruleset_source: 'acme',
        ruleset_id: 7,
      },
      {
        type: 'required_status_checks',
        parameters: {
          strict_required_status_checks_policy: false,
          required_status_checks: [{ context: 'validate', integration_id: 15368 }],
        },
        ruleset_source_type: 'Organization',
        ruleset_source: 'acme',
        ruleset_id: 7,
      },
      { type: 'non_fast_forward', ruleset_source_type: 'Organization', ruleset_source: 'acme', ruleset_id: 7 },
      { type: 'deletion', ruleset_source_type: 'Organization', ruleset_source: 'acme', ruleset_id: 7 },
    );
    const result = await runCli(dir, ['github', 'doctor']);
    expect(result.stdout).not.toContain('branch:');
    expect(result.stdout).not.toContain('secrets:');
    expect(result.stdout).not.toContain('pages:');
    expect(result.stdout).toContain('codeowners:');
  });
});

describe('modelreg github setup', () => {
  it('--dry-run prints the exact calls and sends none; setup then sends exactly those and is idempotent', async () => {
    const { dir, name, repository } = await pushedRegistry();
    const dry = await runCli(dir, ['github', 'setup', '--dry-run']);
    expect(dry.stderr).toBe('');
    expect(writes()).toEqual([]);
    expect(dry.stdout).toContain(`POST /repos/${name}/rulesets\n{\n  "name": "modelreg",`);
    expect(dry.stdout).toContain(`POST /repos/${name}/pages\n{\n  "build_type": "workflow"\n}`);
    // What is left for people: the CODEOWNERS commit and the secret.
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('left for you after these calls:');
    expect(dry.stdout).toContain('gh secret set MODELREG_TOKEN');

    const applied = await runCli(dir, ['github', 'setup']);
    expect(applied.stderr).toBe('');
    const sent = writes();
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /repos/${name}/rulesets`,
      `POST /repos/${name}/pages`,
    ]);
    for (const request of sent)
      expect(dry.stdout).toContain(`${request.method} ${request.path}\n${JSON.stringify(request.body, null, 2)}\n`);
    expect(sent[0]!.body).toEqual({
      name: 'modelreg',
      target: 'branch',
      enforcement: 'active',
      conditions: { ref_name: { include: ['~DEFAULT_BRANCH'], exclude: [] } },
      rules: [
        {
          type: 'pull_request',
          parameters: {
            required_approving_review_count: 2,
            dismiss_stale_reviews_on_push: true,
            require_code_owner_review: true,
            require_last_push_approval: false,
            required_review_thread_resolution: false,
          },
        },
        {
          type: 'required_status_checks',
          parameters: {
            strict_required_status_checks_policy: false,
            required_status_checks: [{ context: 'validate', integration_id: 15368 }],
          },
        },
        { type: 'non_fast_forward' },
        { type: 'deletion' },
      ],
    });
    expect(repository.pages).toEqual({ build_type: 'workflow' });
    expect(applied.stdout).toContain('done: create the modelreg ruleset for main');
    expect(applied.stdout).not.toContain('branch:');
    expect(applied.stdout).not.toContain('pages:');
    expect(applied.code).toBe(1);

    // The rest is done by people: CODEOWNERS merged as printed, the secret created.
    const printed = /save it as \.github\/CODEOWNERS[^\n]*\n[^\n]*\n\n([\s\S]*)$/i.exec(applied.stdout)![1]!;
    repository.files.set('.github/CODEOWNERS', printed.replace(/^ {4}/gm, ''));
    repository.secrets.add('MODELREG_TOKEN');
    github.fake.requests.length = 0;
    const again = await runCli(dir, ['github', 'setup']);
    expect(again.stdout).toContain('nothing to change through the API.');
    expect(again.code).toBe(0);
    expect(writes()).toEqual([]);
    const doctor = await runCli(dir, ['github', 'doctor']);
    expect(doctor.code).toBe(0);
    expect(doctor.stdout).toBe(`${name} (default branch main) is ready for the registry.\n`);
  });

  it('updates its own ruleset in place: other rules and a higher approval count stay', async () => {
    const { dir, name, repository } = await pushedRegistry({ pages: { build_type: 'workflow' } });
    repository.rulesets.set(900, {
      name: 'modelreg',
      enforcement: 'active',
      conditions: { ref_name: { include: ['refs/heads/release'], exclude: ['~DEFAULT_BRANCH'] } },
      rules: [
        { type: 'required_linear_history' },
        {
          type: 'pull_request',
          parameters: {
            required_approving_review_count: 3,
            dismiss_stale_reviews_on_push: false,
            require_code_owner_review: false,
            require_last_push_approval: true,
            required_review_thread_resolution: false,
          },
        },
      ],
    });
    const result = await runCli(dir, ['github', 'setup']);
    expect(result.stderr).toBe('');
    expect(writes().map((r) => `${r.method} ${r.path}`)).toEqual([`PUT /repos/${name}/rulesets/900`]);
    const body = repository.rulesets.get(900);
    expect(body.conditions).toEqual({ ref_name: { include: ['refs/heads/release', '~DEFAULT_BRANCH'], exclude: [] } });
    expect(body.rules[0]).toEqual({ type: 'required_linear_history' });
    expect(body.rules[1].parameters).toMatchObject({
      required_approving_review_count: 3,
      dismiss_stale_reviews_on_push: true,
      require_code_owner_review: true,
      require_last_push_approval: true,
    });
    expect(result.stdout).not.toContain('branch:');
  });

  it('falls back to branch protection where GitHub has no rulesets, keeping what the protection had', async () => {
    const { dir, name, repository } = await pushedRegistry({
      rulesetsAvailable: false,
      pages: { build_type: 'legacy' },
    });
    repository.protection.set('main', {
      required_status_checks: { strict: true, contexts: ['lint'] },
      enforce_admins: true,
      required_pull_request_reviews: { required_approving_review_count: 1 },
      restrictions: null,
      required_linear_history: true,
    });
    const result = await runCli(dir, ['github', 'setup']);
    expect(result.stderr).toBe('');
    expect(writes().map((r) => `${r.method} ${r.path}`)).toEqual([
      `PUT /repos/${name}/branches/main/protection`,
      `PUT /repos/${name}/pages`,
    ]);
    expect(repository.protection.get('main')).toMatchObject({
      required_status_checks: { strict: true, contexts: ['lint', 'validate'] },
      enforce_admins: true,
      required_pull_request_reviews: {
        dismiss_stale_reviews: true,
        require_code_owner_reviews: true,
        required_approving_review_count: 2,
      },
      required_linear_history: true,
      allow_force_pushes: false,
      allow_deletions: false,
    });
    expect(repository.pages).toEqual({ build_type: 'workflow' });
    // Classic protection pins a check to the app that last reported it; validate has not run yet.
    expect(result.stdout).toContain(
      'main: the "validate" check is not required to come from GitHub Actions: any commit status named "validate" satisfies it',
    );
    expect(result.stdout).toContain('Let the validation workflow run once');
    repository.reportedChecks.set('validate', 15368);
    const again = await runCli(dir, ['github', 'setup']);
    expect(again.stdout).not.toContain('branch:');
    expect(writes().at(-1)).toMatchObject({ method: 'PUT', path: `/repos/${name}/branches/main/protection` });
  });

  it('says what it could not do and which permission the token lacks, and exits 1', async () => {
    const { dir, name, repository } = await pushedRegistry({ rulesetsAvailable: false, administrationForbidden: true });
    const result = await runCli(dir, ['github', 'setup']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `could not protect main (this GitHub has no rulesets): PUT /repos/${name}/branches/main/protection was refused with 403 (Resource not accessible by personal access token). The token needs Administration: write`,
    );
    expect(result.stdout).toContain('could not publish GitHub Pages from GitHub Actions (the catalog workflow): POST');
    expect(result.stdout).toContain('branch: main: pull requests are not required');
    expect(repository.protection.size).toBe(0);
  });
});

describe('modelreg github: errors the user can fix', () => {
  it('no token, a refused token, an unknown repository, a repository GitHub hides, plain http', async () => {
    const { dir } = await pushedRegistry();
    delete process.env.GITHUB_TOKEN;
    const noToken = await runCli(dir, ['github', 'doctor']);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('reading the repository settings needs a GitHub token');
    const registry = await Registry.open(dir);
    const options = { check: 'validate', githubApiUrl: github.fake.url };
    await expect(doctorRepository(registry, { ...options, token: 'wrong' })).rejects.toMatchObject({
      code: 'GITHUB_UNAUTHORIZED',
    });
    await expect(doctorRepository(registry, { ...options, token: TOKEN, repo: 'acme/nowhere' })).rejects.toMatchObject({
      code: 'GITHUB_REPOSITORY_NOT_FOUND',
    });
    const hidden = await pushedRegistry({ forbidden: true });
    await expect(doctorRepository(await Registry.open(hidden.dir), { ...options, token: TOKEN })).rejects.toMatchObject(
      {
        code: 'GITHUB_FORBIDDEN',
        message: expect.stringContaining('Resource protected by organization SAML enforcement'),
      },
    );
    delete process.env[ALLOW_INSECURE_LOOPBACK];
    try {
      await expect(doctorRepository(registry, { ...options, token: TOKEN })).rejects.toMatchObject({
        code: 'INSECURE_TRANSPORT',
      });
    } finally {
      process.env[ALLOW_INSECURE_LOOPBACK] = '1';
    }
    expect(writes()).toEqual([]);
  });

  it('--repo works without an origin remote, and --token without GITHUB_TOKEN', async () => {
    const { dir, name } = await pushedRegistry();
    git(dir, 'remote', 'remove', 'origin');
    delete process.env.GITHUB_TOKEN;
    const result = await runCli(dir, ['github', 'doctor', '--repo', name, '--token', TOKEN]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(`${name} (default branch main): `);
  });
});

describe('a registry in a directory of its repository', () => {
  it("names the registry's paths below the directory, and reads the workflows at the top", async () => {
    const dir = tempDir();
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'config', 'user.name', 'Test User');
    git(dir, 'config', 'user.email', 'test@example.com');
    commit(dir, { 'app/main.py': 'print(1)\n' }, 'the application');
    expect((await runCli(dir, ['init', 'registry'])).code).toBe(0);
    const policy = readFileSync(join(dir, 'registry/registry.yaml'), 'utf8').replace('admins: []', 'admins: [pat]');
    commit(
      dir,
      { 'registry/registry.yaml': policy, 'registry/models/fraud/model.yaml': 'name: fraud\nowners: [alice]\n' },
      'admins and a model',
    );
    git(dir, 'remote', 'add', 'origin', 'https://github.com/acme/app.git');
    github.fake.repositories.set('acme/app', newFakeRepository());
    process.env.GITHUB_TOKEN = TOKEN;
    process.env.GITHUB_API_URL = github.fake.url;
    const result = await runCli(join(dir, 'registry'), ['github', 'doctor']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('registry/models/fraud/model.yaml is owned by nobody, should be @alice');
    expect(result.stdout).toContain(
      '    /registry/registry.yaml @pat\n    /registry/schemas/ @pat\n    /.github/ @pat\n    /registry/models/fraud/ @alice\n',
    );
    expect(result.stdout).toContain('the Actions secret MODELREG_TOKEN');
    expect(result.stdout).toContain('pages: GitHub Pages is not enabled');
  });
});

describe('planning (pure)', () => {
  const observed: ObservedSettings = {
    defaultBranch: 'trunk',
    rulesets: { read: { rules: [], modelreg: undefined } },
    protection: { read: 'none' },
    actionsApp: { read: 15368 },
    codeOwners: { read: 'none' },
    pages: 'not-needed',
    secrets: 'not-needed',
  };
  const wanted = {
    branch: wantedBranchSafeguards(12, 'validate'),
    codeOwners: { rules: [], problems: [] },
    pages: false,
    secrets: new Map(),
    notes: [],
  };

  it('asks GitHub for at most its ceiling of approvals and leaves the rest to the modelreg check, said as a gap', () => {
    const plan = planSetup({ owner: 'acme', repo: 'r' }, wanted, observed);
    expect(plan.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /repos/acme/r/rulesets']);
    expect(
      (plan.calls[0]!.body as { rules: { parameters?: { required_approving_review_count?: number } }[] }).rules[0]!
        .parameters!.required_approving_review_count,
    ).toBe(10);
    expect(plan.leftOver.map((g) => g.message)).toEqual([
      'trunk: the policy needs 12 approvals, and GitHub requires at most 10',
    ]);
  });

  it('a repository whose settings cannot be read has gaps, and no call is planned blind', () => {
    const unreadable = { unreadable: { status: 403, message: 'Resource not accessible by personal access token' } };
    const plan = planSetup(
      { owner: 'acme', repo: 'r' },
      { ...wanted, branch: wantedBranchSafeguards(2, 'validate') },
      { ...observed, rulesets: { read: 'unavailable' }, protection: unreadable, codeOwners: unreadable },
    );
    expect(plan.calls).toEqual([]);
    expect(plan.leftOver.map((g) => g.message)).toContain(
      'could not read the branch protection of trunk (GitHub answered 403: Resource not accessible by personal access token)',
    );
    expect(plan.leftOver.map((g) => g.message)).toContain(
      'could not read CODEOWNERS (GitHub answered 403: Resource not accessible by personal access token)',
    );
    // What was not read is not guessed at.
    expect(plan.leftOver.map((g) => g.message)).not.toContain('trunk: pull requests are not required');
  });
});

describe('the fake GitHub checks the settings routes like every other', () => {
  it('records a ruleset body, a Pages body and a query parameter GitHub would not take', async () => {
    const { name } = await pushedRegistry();
    const send = (method: string, path: string, body?: unknown) =>
      fetch(`${github.fake.url}${path}`, {
        method,
        headers: { authorization: `token ${TOKEN}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    await send('POST', `/repos/${name}/rulesets`, {
      name: 'x',
      enforcement: 'sometimes',
      rules: [{ type: 'pull_request', parameters: {} }],
    });
    await send('POST', `/repos/${name}/pages`, { build_type: 'jekyll' });
    await send('GET', `/repos/${name}/actions/secrets?values=1`);
    const violations = github.fake.violations.splice(0);
    expect(violations.join('\n')).toMatch(/POST \/repos\/\{owner\}\/\{repo\}\/rulesets request: /);
    expect(violations.join('\n')).toMatch(/POST \/repos\/\{owner\}\/\{repo\}\/pages request: /);
    expect(violations.join('\n')).toContain('undeclared query parameter values');
  });
});

describe('CODEOWNERS as the registry needs it (pure)', () => {
  it('matches patterns as GitHub does: anchors, directories, stars, the last line wins', () => {
    expect(patternMatcher('/models/fraud/')('models/fraud/versions/1.0.0.yaml')).toBe(true);
    expect(patternMatcher('/models/fraud/')('x/models/fraud/model.yaml')).toBe(false);
    expect(patternMatcher('*.yaml')('models/fraud/model.yaml')).toBe(true);
    expect(patternMatcher('docs/*')('docs/a/b')).toBe(false);
    expect(patternMatcher('docs/**')('docs/a/b')).toBe(true);
    expect(patternMatcher('**/model.yaml')('models/fraud/model.yaml')).toBe(true);
    expect(patternMatcher('registry.yaml')('sub/registry.yaml')).toBe(true);
    expect(ownersOf('* @a\n/models/ @b # comment\n', 'models/x/model.yaml')).toEqual(['@b']);
  });

  it('rewrites its own block, keeps other lines, and puts the block last; a second run changes nothing', () => {
    const wanted = wantedCodeOwners(['@acme/admins'], [{ name: 'fraud', owners: ['alice'] }], 'registry');
    const once = withCodeOwners('# team file\n/docs/ @writers\n/registry/registry.yaml @old\n', wanted);
    expect(once).toBe(
      '# team file\n/docs/ @writers\n\n' +
        '# modelreg: begin (written by `modelreg github setup`; edit the owners in model.yaml and registry.yaml)\n' +
        '/registry/registry.yaml @acme/admins\n/registry/schemas/ @acme/admins\n/.github/ @acme/admins\n/registry/models/fraud/ @alice\n# modelreg: end\n',
    );
    expect(withCodeOwners(once, wanted)).toBe(once);
    expect(codeOwnersDifferences(once, wanted)).toEqual([]);
  });

  it('needs admins, and approvals as high as the most any change needs', () => {
    expect(wantedCodeOwners([], [], '').problems[0]).toContain('registry.yaml lists no admins');
    expect(requiredApprovals([0, 1, 2, 0], 1)).toBe(2);
    expect(requiredApprovals([0, 1], 3)).toBe(3);
  });
});
