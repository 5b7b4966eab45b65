/**
 * Bundles each action into one ESM file under dist/ (the runner installs
 * nothing, so the bundle is committed; test/action-bundle.test.ts fails when
 * it differs from a fresh build). `--out DIR` builds elsewhere for that check.
 */
import { build } from 'esbuild';
import { join } from 'node:path';

export const ACTION_ENTRIES = {
  validate: 'src/actions/validate/index.ts',
  promote: 'src/actions/promote/index.ts',
  rollback: 'src/actions/rollback/index.ts',
  catalog: 'src/actions/catalog/index.ts',
} as const;

export async function buildActions(outDir: string): Promise<void> {
  for (const [name, entry] of Object.entries(ACTION_ENTRIES)) {
    await build({
      entryPoints: [entry],
      outfile: join(outDir, name, 'index.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      legalComments: 'none',
      minify: true,
      logLevel: 'warning',
      // Bundled CommonJS dependencies call require() for Node built-ins.
      banner: { js: "import { createRequire as __modelregCreateRequire } from 'node:module';\nconst require = __modelregCreateRequire(import.meta.url);" },
    });
  }
}

const outIndex = process.argv.indexOf('--out');
if (process.argv[1]?.endsWith('build-actions.ts')) {
  await buildActions(outIndex > 0 ? process.argv[outIndex + 1]! : 'dist');
}
