/**
 * The commit HEAD names, read from git's files without running git, for an
 * answer cached by head commit that must come before anything else loads (the
 * CLI's warm `history <model>`, src/cli/cached-history.ts). Only the plain
 * case is read: a `.git` directory owned by this user whose HEAD names a branch
 * with a loose ref file. Anything else (a linked worktree, a packed or reftable
 * ref, a detached HEAD, a symbolic ref chain, an environment that sends git
 * elsewhere) gives undefined, and the caller asks git the ordinary way.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Variables by which git reads another repository, other refs or other objects than the work tree's own .git (git(1), "Environment Variables"). */
const RELOCATING_GIT_VARIABLE =
  /^GIT_(?:DIR|WORK_TREE|COMMON_DIR|NAMESPACE|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|INDEX_FILE|CEILING_DIRECTORIES|DISCOVERY_ACROSS_FILESYSTEM|REPLACE_REF_BASE|NO_REPLACE_OBJECTS|GRAFT_FILE|SHALLOW_FILE|CONFIG|CONFIG_PARAMETERS|CONFIG_COUNT|CONFIG_KEY_\d+|CONFIG_VALUE_\d+)$/;

const BRANCH_REF = /^ref: (refs\/heads\/[^\s]+)\n?$/;
const COMMIT_ID = /^([0-9a-f]{40}|[0-9a-f]{64})\n?$/;

export function plainHeadCommit(workTree: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (Object.keys(env).some((name) => RELOCATING_GIT_VARIABLE.test(name))) return undefined;
  try {
    const gitDir = join(workTree, '.git');
    const uid = process.geteuid?.();
    for (const path of [workTree, gitDir]) {
      const stat = statSync(path);
      // Another user's repository: git's "dubious ownership" check decides (repository-checks.ts).
      if (uid !== undefined && stat.uid !== uid) return undefined;
      if (!stat.isDirectory()) return undefined;
    }
    const ref = BRANCH_REF.exec(readFileSync(join(gitDir, 'HEAD'), 'utf8'))?.[1];
    if (ref === undefined || ref.split('/').some((part) => part === '' || part === '.' || part === '..'))
      return undefined;
    return COMMIT_ID.exec(readFileSync(join(gitDir, ref), 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}
