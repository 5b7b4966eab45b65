/** A registry with guardrails on production, observations as JSON, and what "nothing written" compares. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './fixtures.js';
import { runCli } from './run-cli.js';
import { createRepo, git, tempDir } from './temp-repo.js';

export const GUARDRAILS = `
guardrails:
  production:
    window: 10m
    metrics:
      error_rate: { max: 0.05 }
      latency_p95_ms: { max: 200, window: 5m }
      accuracy: { max_drop: 0.1 }
emergency_rollback:
  approvals: 1
  approvers: [oncall]
`;

export const NOW = new Date('2026-03-01T12:00:00Z');

/** fraud: 1.0.0 served, then 1.1.0 promoted over it (accuracy registered 0.95). */
export async function guardedRegistry(policyExtra = GUARDRAILS, modelExtra = ''): Promise<string> {
  const dir = createRepo({
    'registry.yaml': templatePolicy() + policyExtra,
    'models/fraud/model.yaml': modelYaml('fraud', `metrics:\n  accuracy: { goal: maximize }\n${modelExtra}`),
    [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', { stage: 'production', metrics: { accuracy: 0.93 } }),
    [versionPath('fraud', '1.1.0')]: versionYaml('1.1.0', { stage: 'staging', metrics: { accuracy: 0.95 } }),
  });
  expect((await runCli(dir, ['promote', 'fraud@1.1.0', '--to', 'production', '--here'])).code).toBe(0);
  return dir;
}

export function observations(
  dir: string,
  metrics: Record<string, unknown>,
  time: string | null = '2026-03-01T11:59:00Z',
) {
  const file = join(tempDir(), 'observed.json');
  writeFileSync(file, JSON.stringify({ ...(time !== null ? { time } : {}), metrics }));
  return file;
}

export const HEALTHY = {
  error_rate: { value: 0.01, window: '10m' },
  latency_p95_ms: { value: 120, window: '5m' },
  accuracy: { value: 0.94, window: '10m' },
};

/** Every ref and the working tree's status: what "nothing written" compares. */
export function repositoryState(dir: string): string {
  return `${git(dir, 'for-each-ref', '--format=%(refname) %(objectname)')}\n${git(dir, 'status', '--porcelain')}`;
}
