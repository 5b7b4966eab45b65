import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('npm run demo', () => {
  it('runs the life cycle end to end and exits 0', () => {
    // The demo runs the built CLI (lib/), which `npm test` builds first.
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('registered fraud-detection@1.1.0 in development');
    expect(result.stdout).toContain('models/fraud-detection/versions/1.0.0.yaml:10:13: error IMMUTABLE_FIELD');
    expect(result.stdout).toContain('ok: the registry satisfies the registry contract');
    expect(result.stdout).toContain('error GATE_METRIC_BELOW_MIN auc = 0.89 is below the minimum 0.9');
    expect(result.stdout).toMatch(/rollback\(fraud-detection\): production 1\.1\.0 → 1\.0\.0 \(reverts [0-9a-f]{7}\)/);
    expect(result.stdout).toContain('rollback archived → production');
    expect(result.stdout).toContain('# Model registry audit report');
    expect(result.stdout).toMatch(/The catalog is at .*catalog\/index\.html/);
  }, 120_000);
});
