/**
 * What the registry asks of its GitHub repository, read from the committed
 * registry (HEAD): the policy's approvals and admins, each model's owners,
 * and from the repository's workflows the secrets they pass as tokens and
 * whether one publishes GitHub Pages.
 */
import type { GitPort } from '../git/git-port.js';
import type { Registry } from '../registry/registry.js';
import { wantedCodeOwners } from './codeowners.js';
import { requiredApprovals, wantedBranchSafeguards, type WantedSettings } from './repository-setup.js';

/** The check name GitHub shows for the template's validation job (a job's id when it has no name). */
export const DEFAULT_CHECK = 'validate';

/** `github-token: ${{ secrets.NAME }}` in a workflow: the token a promote or rollback step opens its pull request with. */
const TOKEN_SECRET = /^\s*github-token:\s*\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}\s*$/gm;
/** A step that deploys to GitHub Pages, or the catalog action (whose workflow does). */
const PAGES_STEP = /^\s*-?\s*uses:\s*(?:actions\/deploy-pages|modelreg\/modelreg\/actions\/catalog)@/m;

export async function registryNeeds(registry: Registry, check: string): Promise<WantedSettings> {
  const view = await registry.at('HEAD');
  const policy = await view.policy();
  const notes: string[] = [];
  const models: { name: string; owners: readonly string[] }[] = [];
  for (const name of await view.modelNames()) {
    const file = await view.snapshot.modelFile(name);
    if (file?.value) models.push({ name, owners: file.value.owners });
    else
      notes.push(
        `${registry.pathInRepository(`models/${name}/model.yaml`)} is not valid: its owners are left out of CODEOWNERS until it is fixed`,
      );
  }
  const workflows = await workflowFiles(registry.git);
  const secrets = new Map<string, string[]>();
  for (const [path, text] of workflows) {
    for (const match of text.matchAll(TOKEN_SECRET)) {
      const name = match[1]!;
      // GitHub gives every workflow GITHUB_TOKEN; it is not a secret anyone creates.
      if (name === 'GITHUB_TOKEN') continue;
      secrets.set(name, [...(secrets.get(name) ?? []), path]);
    }
  }
  if (policy.emergencyPushers.length > 0) {
    notes.push(
      `registry.yaml allows emergency pushes (${policy.emergencyPushers.join(', ')}): the branch rules stop direct pushes, so add them as bypass actors of the ruleset (or allow them in the protection) yourself`,
    );
  }
  const approvals = requiredApprovals(
    [...policy.stages.values()].map((s) => s.approvals),
    policy.rollbackApprovals,
  );
  return {
    branch: wantedBranchSafeguards(approvals, check),
    codeOwners: wantedCodeOwners(policy.admins, models, registry.root),
    pages: [...workflows.values()].some((text) => PAGES_STEP.test(text)),
    secrets,
    notes,
  };
}

/** `.github/workflows/*.yml` at the top of the repository, as committed at HEAD. */
async function workflowFiles(git: GitPort): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const head = await git.head();
  if (!head) return files;
  let entries = await git.readTree((await git.readCommit(head)).tree);
  for (const name of ['.github', 'workflows']) {
    const dir = entries.find((e) => e.name === name && e.type === 'tree');
    if (!dir) return files;
    entries = await git.readTree(dir.oid);
  }
  const decoder = new TextDecoder();
  for (const entry of entries) {
    if (entry.type === 'blob' && /\.ya?ml$/.test(entry.name))
      files.set(`.github/workflows/${entry.name}`, decoder.decode(await git.readBlob(entry.oid)));
  }
  return files;
}
