import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ACTION_ENTRIES, buildActions } from '../scripts/build-actions.js';
import { tempDir } from './helpers/temp-repo.js';

describe('the committed action bundles', () => {
  it('are exactly what a fresh build produces (run `npm run build:actions` and commit dist/)', async () => {
    const out = tempDir();
    await buildActions(out);
    for (const name of Object.keys(ACTION_ENTRIES)) {
      const fresh = readFileSync(join(out, name, 'index.mjs'), 'utf8');
      const committed = readFileSync(join('dist', name, 'index.mjs'), 'utf8');
      expect(committed === fresh, `dist/${name}/index.mjs is stale`).toBe(true);
    }
    expect(readdirSync('dist').sort()).toEqual(Object.keys(ACTION_ENTRIES).sort());
  }, 60_000);

  it('are what action.yml runs, on node24', () => {
    const action = parse(readFileSync('action.yml', 'utf8'));
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/validate/index.mjs' });
  });
});
