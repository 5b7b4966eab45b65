/**
 * Reads the source registries a registry accepts versions from, for the
 * provenance rule: a local path where it is, an https URL fetched into
 * .git/modelreg/sources/<name> with the source token. Each source is opened
 * (fetched) once per reader, and only when a change adds a version from it.
 */
import { join, resolve } from 'node:path';
import { parseVersionFile } from '../contract/entry-files.js';
import type { ProvenanceSourcePolicy } from '../contract/provenance-policy.js';
import { UserError } from '../domain/errors.js';
import { inRepository, versionFilePath } from '../domain/layout.js';
import { gitDirectoriesOf } from '../git/git-directories.js';
import { fetchSource, openLocalSource, type SourceRepository } from '../git/source-repository.js';
import type { ProvenanceReader } from '../validate/validate-change.js';
import type { ProvenanceEvidence } from '../validate/validation-input.js';

/** The token for fetching private source registries: MODELREG_SOURCE_TOKEN, else the GitHub token. */
export function sourceTokenFrom(env: NodeJS.ProcessEnv): string | undefined {
  return env.MODELREG_SOURCE_TOKEN || env.GITHUB_TOKEN || env.GH_TOKEN || undefined;
}

export class SourceProvenanceReader implements ProvenanceReader {
  private readonly opened = new Map<string, Promise<{ repository: SourceRepository; tip: string }>>();

  constructor(
    /** The registry whose policy names the sources: relative paths start here, fetched copies live in its .git. */
    private readonly target: { readonly dir: string; readonly repositoryDir: string },
    private readonly token: string | undefined,
  ) {}

  async evidence(
    source: ProvenanceSourcePolicy,
    commit: string,
    model: string,
    version: string,
  ): Promise<ProvenanceEvidence> {
    const { repository, tip } = await this.open(source);
    if (!(await repository.hasCommit(commit))) return { kind: 'commit-not-found' };
    const onBranch = await repository.isOnBranch(commit, tip);
    const path = inRepository(repository.registryRoot, versionFilePath(model, version));
    const file = await repository.readFile(commit, path);
    return {
      kind: 'found',
      branch: source.branch,
      onBranch,
      entry: file && { id: file.id, value: parseVersionFile(path, file.id, file.bytes, version).value },
    };
  }

  private open(source: ProvenanceSourcePolicy): Promise<{ repository: SourceRepository; tip: string }> {
    let opening = this.opened.get(source.name);
    if (!opening) {
      opening = isRemote(source.url) ? this.fetch(source) : this.openLocal(source);
      this.opened.set(source.name, opening);
    }
    return opening;
  }

  private async openLocal(source: ProvenanceSourcePolicy): Promise<{ repository: SourceRepository; tip: string }> {
    const repository = openLocalSource(resolve(this.target.dir, source.url));
    const tip = await repository.branchTip(source.branch);
    if (!tip) {
      throw new UserError(
        'SOURCE_UNREACHABLE',
        `the source registry ${source.name} (${source.url}) has no branch ${source.branch}`,
        'Set branch: under the source in provenance.sources to the branch its versions are merged into.',
      );
    }
    return { repository, tip };
  }

  private fetch(source: ProvenanceSourcePolicy): Promise<{ repository: SourceRepository; tip: string }> {
    const cacheDir = join(gitDirectoriesOf(this.target.repositoryDir).commonDir, 'modelreg', 'sources', source.name);
    return fetchSource({ url: source.url, branch: source.branch, cacheDir, token: this.token, name: source.name });
  }
}

/** A source URL fetched over the network; anything else names a directory on this machine. */
export function isRemote(location: string): boolean {
  return /^https?:\/\//.test(location);
}
