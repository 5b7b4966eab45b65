/**
 * The layering check (`npm run arch`, .dependency-cruiser.cjs) passes on the real tree and fails, naming the
 * rule, on a copy of src/ with an upward import and an I/O import in a pure folder added.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers/temp-repo.js';

const ROOT = process.cwd();
const CONFIG_FILES = ['.dependency-cruiser.cjs', 'tsconfig.json'];

function arch(cwd: string): { status: number | null; output: string } {
  const result = spawnSync(
    join(ROOT, 'node_modules/.bin/depcruise'),
    ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'],
    { cwd, encoding: 'utf8' },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the architecture check', () => {
  it('passes on the tree as it is', () => {
    const result = arch(ROOT);
    expect(result.output).toContain('no dependency violations found');
    expect(result.status).toBe(0);
  }, 60_000);

  it('fails on an upward import and on I/O in a pure folder, naming each rule and file', () => {
    const copy = tempDir('modelreg-arch-', 'file');
    cpSync(join(ROOT, 'src'), join(copy, 'src'), { recursive: true });
    for (const file of CONFIG_FILES) cpSync(join(ROOT, file), join(copy, file));
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    writeFileSync(
      join(copy, 'src/domain/upward.ts'),
      "import type { Registry } from '../registry/registry.js';\nexport type Upward = Registry;\n",
    );
    mkdirSync(join(copy, 'src/validate/rules'), { recursive: true });
    writeFileSync(
      join(copy, 'src/validate/rules/reads-files.ts'),
      "import { readFileSync } from 'node:fs';\nexport const readsFiles = readFileSync;\n",
    );
    const result = arch(copy);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/error layer-domain: src\/domain\/upward\.ts → src\/registry\/registry\.ts/);
    expect(result.output).toMatch(/error pure-no-io: src\/validate\/rules\/reads-files\.ts → (node:)?fs/);
    expect(result.output).toContain('2 dependency violations');
  }, 60_000);
});
