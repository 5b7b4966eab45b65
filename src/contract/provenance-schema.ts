/**
 * Registries per environment: where a version copied from another registry
 * came from (the `provenance:` block of a version file), and which source
 * registries a registry accepts (the `provenance:` block of registry.yaml).
 * Kept in a file of its own so the two schemas change here, not in theirs.
 */
import * as z from 'zod/mini';
import { COMMIT_ID, commitId, described, digest, identifier, optional, pattern, stageName } from './common-schema.js';

/** A git object id: 40 (SHA-1) or 64 (SHA-256) lowercase hex digits. */
const objectId = pattern(COMMIT_ID, 'must be a full 40- or 64-character lowercase hex git object id').check(
  z.describe('A git blob id. Quote it: YAML reads an all-digit id as a number.'),
);

/** A source registry's repository: an https URL, or a path on this machine (absolute, or relative to this registry). */
const sourceLocation = pattern(
  /^(?:https:\/\/[^\s@]+|http:\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?\/\S*|(?![a-z][a-z0-9+.-]*:)[^\s]+)$/,
  'must be an https:// URL without credentials (or a path to a repository on this machine)',
);

export const provenanceSourceSchema = described(
  z.strictObject({
    name: described(
      identifier,
      'A short name for the source, e.g. staging. Names the fetched copy in .git/modelreg/sources/.',
    ),
    url: described(
      sourceLocation,
      'The source registry repository: https://github.com/OWNER/REPO.git, or a path (absolute, or relative to this registry). Version files name their source by exactly this text.',
    ),
    branch: optional(
      pattern(/^(?!-)[A-Za-z0-9._/-]+$/, 'must be a branch name'),
      "The source's branch a version's commit must be on (merged there). Default: main.",
    ),
    stage: optional(stageName, 'The stage the version must hold in the source at that commit, e.g. staging.'),
    initial_stages: optional(
      z.array(stageName).check(z.minLength(1)),
      "Stages of this registry a version promoted from this source may be added in. Default: the registry's initial_stages.",
    ),
  }),
  'One registry this registry accepts versions from.',
);

export const provenancePolicySchema = described(
  z.strictObject({
    required: optional(
      z.boolean(),
      'Every new version must come from one of the sources, with provenance checked. Default: false.',
    ),
    sources: optional(z.array(provenanceSourceSchema), 'The registries versions may be promoted from.'),
  }),
  'Separate registries per environment: the registries versions may be copied from, and whether they must be.',
);

export const provenanceSchema = described(
  z.strictObject({
    repository: described(
      z.string().check(z.minLength(1)),
      "The source registry, exactly as this registry's registry.yaml names it under provenance.sources[].url.",
    ),
    commit: described(commitId, 'The commit of the source the version was copied at.'),
    entry: described(objectId, 'The git blob id of the version file in the source at that commit.'),
    stage: optional(stageName, 'The stage the version held in the source at that commit.'),
    artifacts: described(z.record(identifier, digest), "Artifact role → digest, as the source's entry has them."),
  }),
  'Set by modelreg promote --to-registry: where the version was copied from. Immutable.',
);

export type ProvenancePolicyInput = z.infer<typeof provenancePolicySchema>;
export type Provenance = z.infer<typeof provenanceSchema>;
