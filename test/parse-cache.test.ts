import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { runCli } from './helpers/run-cli.js';
import { createRepo } from './helpers/temp-repo.js';

describe('the on-disk parse cache of whole-registry commands', () => {
  it('gives the same answers cold, warm, and with a corrupt cache file', async () => {
    const dir = createRepo({
      'registry.yaml': templatePolicy(),
      'models/fraud/model.yaml': modelYaml('fraud'),
      [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', { stage: 'production' }),
      [versionPath('fraud', '1.1.0')]: versionYaml('1.1.0', { stage: 'production', extra: 'x-note: kept\n' }),
    });
    const cache = join(dir, '.git', 'modelreg', 'parse-cache.json');
    const cold = { list: await runCli(dir, ['list', '--json']), validate: await runCli(dir, ['validate', '--all', '--head', 'HEAD', '--format', 'json']) };
    expect(existsSync(cache)).toBe(true);
    // Positions of findings on cached entries come from parsing on demand.
    expect(JSON.parse(cold.validate.stdout).findings.map((f: { code: string; line: number }) => `${f.code}:${f.line}`)).toEqual([
      'EXCLUSIVE_STAGE_CONFLICT:2',
      'EXCLUSIVE_STAGE_CONFLICT:2',
      'UNKNOWN_KEY:9',
    ]);
    const warm = { list: await runCli(dir, ['list', '--json']), validate: await runCli(dir, ['validate', '--all', '--head', 'HEAD', '--format', 'json']) };
    expect(warm).toEqual(cold);
    writeFileSync(cache, '{"format": "modelreg-parse-cache-1", "entries": ');
    const corrupt = { list: await runCli(dir, ['list', '--json']), validate: await runCli(dir, ['validate', '--all', '--head', 'HEAD', '--format', 'json']) };
    expect(corrupt).toEqual(cold);
  });
});
