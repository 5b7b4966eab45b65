/** The guard action, bundled and run as the runner runs it, on a repository_dispatch from an alerting system. */
import { describe, expect, it } from 'vitest';
import { parseGuardrailTrailers } from '../src/domain/commit-trailers.js';
import { useGitHubRig } from './helpers/github-rig.js';
import { guardedRegistry, HEALTHY } from './helpers/guard-registry.js';
import { NODE24, runAction } from './helpers/run-action.js';
import { git } from './helpers/temp-repo.js';

const github = useGitHubRig('test-token', 'acme/guard-action');
let counter = 0;

/** What an alerting system sends: observations ending a minute ago. */
function dispatch(metrics: Record<string, unknown>) {
  const observations = { time: new Date(Date.now() - 60_000).toISOString(), metrics };
  return { event: { action: 'modelreg-guardrail', client_payload: { model: 'fraud', observations } }, observations };
}

async function guardedCheckout() {
  const repo = `acme/guard-action-${++counter}`;
  return { ...github.server.checkout(await guardedRegistry(), repo), repo };
}

describe('the guard action', () => {
  it('on a breach opens the emergency rollback pull request, labelled, and fails (Node 24)', async () => {
    const { dir, bare } = await guardedCheckout();
    const { event, observations } = dispatch({ ...HEALTHY, error_rate: { value: 0.09, window: '10m' } });
    const run = await runAction({
      action: 'guard',
      workspace: dir,
      eventName: 'repository_dispatch',
      event,
      apiUrl: github.fake.url,
      node: NODE24,
      inputs: { model: 'fraud', 'observations-json': JSON.stringify(observations), branch: 'guard-fraud' },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('BREACH production error_rate: observed 0.09 over 10m, bound max 0.05');
    expect(run.stdout).toContain('::error::');
    expect(run.stdout).toContain('guardrail(s) of fraud@production breached: opened https://github.invalid/');
    expect(run.outputs.verdict).toBe('breach');
    expect(JSON.parse(run.outputs.breaches!)).toEqual([
      expect.objectContaining({ metric: 'error_rate', observed: 0.09, bound: 'max', limit: 0.05, window: '10m' }),
    ]);
    expect(run.outputs.branch).toBe('guard-fraud');
    const pushed = git(bare, 'log', '-1', '--format=%B', 'refs/heads/guard-fraud');
    expect(parseGuardrailTrailers(pushed)[0]).toMatchObject({
      metric: 'error_rate',
      source: 'json:observations-json input',
    });
    // The action names the repository from GITHUB_REPOSITORY (acme/registry in the runner's environment).
    const labelled = github.fake.requests.find(
      (r) => r.method === 'POST' && r.path === '/repos/acme/registry/issues/1/labels',
    );
    expect(labelled?.body).toEqual({ labels: ['modelreg:emergency-rollback'] });
    expect(run.summary).toContain('### 🚨 Emergency rollback: a guardrail was breached');
  });

  it('passes a healthy stage and opens nothing', async () => {
    const { dir } = await guardedCheckout();
    const { event, observations } = dispatch(HEALTHY);
    const run = await runAction({
      action: 'guard',
      workspace: dir,
      eventName: 'repository_dispatch',
      event,
      apiUrl: github.fake.url,
      inputs: { model: 'fraud', 'observations-json': JSON.stringify(observations) },
    });
    expect(run.stdout).not.toContain('::error');
    expect(run.code).toBe(0);
    expect(run.outputs.verdict).toBe('pass');
    expect(github.fake.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('refuses contradicting sources and bad observations with the error table lines, verdict error', async () => {
    const { dir } = await guardedCheckout();
    const head = git(dir, 'rev-parse', 'HEAD');
    const { event, observations } = dispatch({ ...HEALTHY, eror_rate: { value: 1, window: '10m' } });
    const both = await runAction({
      action: 'guard',
      workspace: dir,
      eventName: 'repository_dispatch',
      event,
      apiUrl: github.fake.url,
      inputs: { model: 'fraud', 'observations-json': '{}', 'prometheus-url': 'http://127.0.0.1:9' },
    });
    expect(both.code).toBe(1);
    expect(both.stdout).toContain('ACTION_INPUT');
    expect(both.outputs.verdict).toBe('error');
    const unknown = await runAction({
      action: 'guard',
      workspace: dir,
      eventName: 'repository_dispatch',
      event,
      apiUrl: github.fake.url,
      inputs: { model: 'fraud', 'observations-json': JSON.stringify(observations) },
    });
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toContain('GUARD_UNKNOWN_METRIC');
    expect(unknown.outputs.verdict).toBe('error');
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(dir, 'branch', '--list')).toBe('* main');
    expect(github.fake.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });
});
