/** Creates a registry from registry-template/: files, a git repository, a first commit. */
import fs from 'node:fs';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import git from 'isomorphic-git';
import { UserError } from '../errors.js';
import { IsomorphicGitRepository } from '../git/isomorphic-git-repository.js';
import { requireIdentity } from '../git/require-identity.js';
import { POLICY_PATH } from '../snapshot/layout.js';
import { templateDir } from '../template.js';

export interface InitResult {
  readonly dir: string;
  readonly commit: string;
  readonly files: readonly string[];
}

export async function initRegistry(dir: string, options: { now: Date }): Promise<InitResult> {
  const template = await readTemplate(templateDir());
  const existing = await readdir(dir).catch(() => undefined);
  if (existing?.includes(POLICY_PATH)) {
    throw new UserError('REGISTRY_EXISTS', `${dir} already contains a registry (${POLICY_PATH})`, 'Use the existing registry, or choose an empty directory.');
  }
  const clashes = [...template.keys()].filter((path) => fs.existsSync(join(dir, path)));
  if (clashes.length > 0) {
    throw new UserError(
      'INIT_WOULD_OVERWRITE',
      `${dir} already has ${clashes.slice(0, 5).join(', ')}${clashes.length > 5 ? ', …' : ''}`,
      'modelreg init never overwrites files: choose an empty directory or move those files away.',
    );
  }
  const isRepository = fs.existsSync(join(dir, '.git'));
  if (!isRepository && existing && existing.length > 0) {
    throw new UserError('DIRECTORY_NOT_EMPTY', `${dir} is not empty and not a git repository`, 'Choose a new or empty directory, or run git init there first.');
  }
  await mkdir(dir, { recursive: true });
  if (!isRepository) await git.init({ fs, dir, defaultBranch: 'main' });
  const repository = new IsomorphicGitRepository(dir);
  const author = await requireIdentity(repository);
  const branch = (await repository.currentBranch()) ?? 'main';
  const parent = await repository.head();
  const commit = await repository.commitFiles({
    ref: `refs/heads/${branch}`,
    parent,
    edits: template,
    message: 'init: modelreg registry\n\nCreated from the modelreg registry template.\n',
    author,
    when: options.now,
    updateWorktree: true,
  });
  return { dir, commit, files: [...template.keys()].sort() };
}

async function readTemplate(root: string): Promise<Map<string, Uint8Array | null>> {
  const files = new Map<string, Uint8Array | null>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if ((await stat(full)).isFile()) files.set(relative(root, full).split(sep).join('/'), await readFile(full));
    }
  };
  await walk(root);
  return files;
}
