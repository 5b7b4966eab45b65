import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OctokitGitHub } from '../src/github/octokit-github.js';
import { ALLOW_INSECURE_LOOPBACK } from '../src/domain/token-transport.js';
import { FakeGitHub } from './helpers/fake-github.js';

describe('the fake GitHub server and the Octokit adapter, checked against the OpenAPI description', () => {
  let fake: FakeGitHub;
  beforeAll(async () => {
    fake = await FakeGitHub.start();
    process.env[ALLOW_INSECURE_LOOPBACK] = '1';
  });
  afterAll(() => {
    delete process.env[ALLOW_INSECURE_LOOPBACK];
    return fake.close();
  });

  const github = () =>
    new OctokitGitHub({ owner: 'acme', repo: 'registry' }, { token: 't', baseUrl: fake.url, retryUnitMs: 0 });

  it('serves reviews, comments and memberships that satisfy the response schemas', async () => {
    fake.pulls.set(5, {
      number: 5,
      author: 'alice',
      headSha: 'a'.repeat(40),
      headRef: 'f',
      baseRef: 'main',
      reviews: [{ user: 'bob', state: 'APPROVED', commitId: 'a'.repeat(40) }],
      mergedAt: null,
    });
    fake.teams.set('acme/ml', new Set(['carol']));
    const gh = github();
    expect(await gh.listReviews(5)).toEqual([
      { user: 'bob', state: 'APPROVED', commitId: 'a'.repeat(40), submittedAt: '2026-01-01T00:00:00Z' },
    ]);
    const { id } = await gh.createComment(5, '<!-- m --> hello');
    expect(await gh.findComment(5, '<!-- m -->')).toEqual({ id });
    await gh.updateComment(id, '<!-- m --> bye');
    expect(fake.comments.get(5)).toEqual([{ id, body: '<!-- m --> bye' }]);
    expect(await gh.teamMembership('@acme/ml', 'carol')).toBe('member');
    expect(await gh.teamMembership('@acme/ml', 'dave')).toBe('not-member');
    fake.teamsForbidden = true;
    expect(await github().teamMembership('@acme/ml', 'carol')).toBe('unknown');
    fake.teamsForbidden = false;
    expect(fake.violations).toEqual([]);
  });

  it('retries a transient 502 and names the call and status when it keeps failing', async () => {
    fake.failNext = 1;
    expect(await github().listReviews(5)).toHaveLength(1);
    fake.readOnly = true;
    await expect(github().createComment(5, 'x')).rejects.toThrow(
      'GitHub API issues.createComment failed with 403: Resource not accessible by integration',
    );
    fake.readOnly = false;
    expect(fake.violations).toEqual([]);
  });

  it('records requests that GitHub would not understand', async () => {
    const response = await fetch(`${fake.url}/repos/acme/registry/frobnicate`);
    expect(response.status).toBe(404);
    expect(fake.violations.pop()).toContain('no such operation');
  });
});
