import { readFile } from 'node:fs/promises';
import { defineConfig, type Plugin } from 'vitest/config';

const WORKFLOW_PARSER = '/node_modules/@actions/workflow-parser/';

/** The parser's source maps name sources it does not publish: Vite warned once per file. */
function withoutWorkflowParserSourceMaps(): Plugin {
  return {
    name: 'without-workflow-parser-source-maps',
    async load(id) {
      if (!id.includes(WORKFLOW_PARSER) || !id.endsWith('.js')) return null;
      return { code: (await readFile(id, 'utf8')).replace(/^\/\/# sourceMappingURL=.*$/m, ''), map: null };
    },
  };
}

export default defineConfig({
  plugins: [withoutWorkflowParserSourceMaps()],
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/helpers/hermetic-git.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    server: {
      deps: {
        // GitHub's workflow parser imports JSON without import attributes, which Node 20 refuses; Vite's transform accepts it.
        inline: ['@actions/workflow-parser'],
      },
    },
  },
});
