/**
 * Creates a registry from registry-template/: files, a git repository, a
 * first commit. Inside an existing repository the registry is committed
 * into that repository, in the directory asked for (see template-in-subdirectory.ts).
 */
import fs from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { UserError } from '../domain/errors.js';
import { initRepository } from '../git/init-repository.js';
import { IsomorphicGitRepository } from '../git/isomorphic-git-repository.js';
import { requireIdentity } from '../git/require-identity.js';
import { POLICY_PATH } from '../domain/layout.js';
import { templateDir } from './template.js';
import { withRegistryName } from './registry-display-name.js';
import { templateInSubdirectory } from './template-in-subdirectory.js';

export interface InitResult {
  readonly dir: string;
  /** The repository's top directory (`dir` unless the registry is in a directory of an existing repository). */
  readonly repository: string;
  readonly commit: string;
  /** Repository paths committed. */
  readonly files: readonly string[];
  /** Files of the template left out because the repository already has them (its own .github/ files). */
  readonly skipped: readonly string[];
}

/** The top of the git repository `dir` is in (or would be in, when it does not exist yet), if any. */
function enclosingRepository(dir: string): string | undefined {
  for (let at = dir; ; at = dirname(at)) {
    if (fs.existsSync(join(at, '.git'))) return at;
    if (dirname(at) === at) return undefined;
  }
}

/** Where init builds a new repository before renaming it to .git; a leftover is removed by the next init. */
const UNFINISHED_GITDIR = '.git-modelreg-init';

export async function initRegistry(dir: string, options: { now: Date }): Promise<InitResult> {
  const top = enclosingRepository(dir) ?? dir;
  const root = relative(top, dir).split(sep).join('/');
  let template = await readTemplate(templateDir());
  const policy = template.get(POLICY_PATH);
  if (policy)
    template.set(
      POLICY_PATH,
      new TextEncoder().encode(withRegistryName(new TextDecoder().decode(policy), basename(top))),
    );
  const skipped: string[] = [];
  if (root !== '') {
    template = templateInSubdirectory(template, root);
    // The repository's own workflows and CODEOWNERS are its business: never overwritten, and said so.
    for (const path of [...template.keys()].filter((p) => p.startsWith('.github/') && fs.existsSync(join(top, p)))) {
      template.delete(path);
      skipped.push(path);
    }
  }
  const existing = (await readdir(dir).catch(() => undefined))?.filter((name) => name !== UNFINISHED_GITDIR);
  if (existing?.includes(POLICY_PATH)) {
    throw new UserError(
      'REGISTRY_EXISTS',
      `${dir} already contains a registry (${POLICY_PATH})`,
      'Use the existing registry, or choose an empty directory.',
    );
  }
  const clashes = [...template.keys()].filter((path) => fs.existsSync(join(top, path)));
  if (clashes.length > 0) {
    throw new UserError(
      'INIT_WOULD_OVERWRITE',
      `${dir} already has ${clashes.slice(0, 5).join(', ')}${clashes.length > 5 ? ', …' : ''}`,
      'modelreg init never overwrites files: choose an empty directory or move those files away.',
    );
  }
  const isRepository = fs.existsSync(join(top, '.git'));
  if (!isRepository && existing && existing.length > 0) {
    throw new UserError(
      'DIRECTORY_NOT_EMPTY',
      `${dir} is not empty and not a git repository`,
      'Choose a new or empty directory, or run git init there first.',
    );
  }
  await mkdir(dir, { recursive: true });
  if (!isRepository) {
    // Built aside and renamed into place: an init killed half-way leaves no half repository that looks whole.
    const unfinished = join(dir, UNFINISHED_GITDIR);
    await rm(unfinished, { recursive: true, force: true });
    await initRepository(dir, unfinished);
    await rename(unfinished, join(dir, '.git'));
  }
  const repository = new IsomorphicGitRepository(top);
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
  return { dir, repository: top, commit, files: [...template.keys()].sort(), skipped };
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
