/**
 * Bundles each action into dist/<name>/: index.mjs and the chunks it loads
 * (the runner installs nothing, so the bundle is committed, chunks included;
 * test/action-bundle.test.ts fails when index.mjs differs from a fresh build,
 * and chunk names carry content hashes). `--out DIR` builds elsewhere for that
 * check.
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

export const ACTION_ENTRIES = {
  validate: 'src/actions/validate/index.ts',
  promote: 'src/actions/promote/index.ts',
  rollback: 'src/actions/rollback/index.ts',
  catalog: 'src/actions/catalog/index.ts',
  guard: 'src/actions/guard/index.ts',
} as const;

export async function buildActions(outDir: string): Promise<void> {
  for (const [name, entry] of Object.entries(ACTION_ENTRIES)) {
    // Chunk names carry content hashes: start clean so old chunks do not pile up.
    rmSync(join(outDir, name), { recursive: true, force: true });
    await build({
      entryPoints: { index: entry },
      outdir: join(outDir, name),
      outExtension: { '.js': '.mjs' },
      // Code loaded on demand (the Actions cache client with its Azure storage SDK, about 0.7 MB) is its own
      // chunk: every run would otherwise read and compile it before starting.
      splitting: true,
      chunkNames: 'chunk-[hash]',
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      legalComments: 'none',
      minify: true,
      logLevel: 'warning',
      // Bundled CommonJS dependencies call require() for Node built-ins.
      banner: {
        js: "import { createRequire as __modelregCreateRequire } from 'node:module';\nconst require = __modelregCreateRequire(import.meta.url);",
      },
    });
  }
}

const outIndex = process.argv.indexOf('--out');
if (process.argv[1]?.endsWith('build-actions.ts')) {
  await buildActions(outIndex > 0 ? process.argv[outIndex + 1]! : 'dist');
}
