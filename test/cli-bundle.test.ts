import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { runCli } from './helpers/run-cli.js';
import { createRepo } from './helpers/temp-repo.js';

const bin = fileURLToPath(new URL('../bin/modelreg.js', import.meta.url));

/** The installed command runs the esbuild bundle (npm test builds it first), not src/: it must answer as src/ does. */
describe.runIf(existsSync(fileURLToPath(new URL('../lib/cli-bundle/modelreg-cli.js', import.meta.url))))(
  'the bundled CLI',
  () => {
    const dir = createRepo(
      {
        'registry.yaml': templatePolicy(),
        'models/fraud/model.yaml': modelYaml('fraud'),
        [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', { stage: 'production' }),
        [versionPath('fraud', '1.1.0')]: 'version: 1.1.0\nstage: [unclosed\n',
      },
      'initial',
      'file',
    );
    const run = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8' });

    it('loads each command it is asked for and answers as the source does', async () => {
      for (const args of [
        ['resolve', 'fraud@1.0.0', '--json'],
        ['validate', '--all', '--head', 'HEAD', '--format', 'json'],
        ['history', '--format', 'json'],
        ['resolve', 'fraud@nowhere'],
        ['schema', 'version'],
      ]) {
        const bundled = run(args);
        const source = await runCli(dir, args);
        expect({ args, code: bundled.status, stdout: bundled.stdout }).toEqual({
          args,
          code: source.code,
          stdout: source.stdout,
        });
      }
    });

    it('places YAML errors on their line and lists every command in its help', () => {
      expect(run(['validate', '--all', '--head', 'HEAD']).stdout).toContain(
        `${versionPath('fraud', '1.1.0')}:3:1: error YAML_SYNTAX`,
      );
      const help = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
      for (const command of [
        'init',
        'register',
        'promote',
        'rollback',
        'history',
        'catalog',
        'resolve',
        'validate',
        'schema',
      ]) {
        expect(help).toContain(`  ${command}`);
      }
      expect(run(['resovle', 'fraud@production']).stderr).toContain('resolve');
    });
  },
);
