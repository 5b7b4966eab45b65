/** registry.yaml's `provenance:` block after defaults, and its cross-field rules. */
import { finding, type Finding } from '../domain/findings.js';
import type { YamlFile } from '../yaml/yaml-file.js';
import type { ProvenancePolicyInput } from './provenance-schema.js';

export interface ProvenanceSourcePolicy {
  readonly name: string;
  /** As written: version files name their source by exactly this text. */
  readonly url: string;
  readonly branch: string;
  /** The stage the version must hold in the source at its commit, if any. */
  readonly stage: string | undefined;
  /** Stages a version from this source may be added in; undefined: the registry's initial_stages. */
  readonly initialStages: readonly string[] | undefined;
}

export interface ProvenancePolicy {
  readonly required: boolean;
  readonly sources: readonly ProvenanceSourcePolicy[];
}

export const DEFAULT_SOURCE_BRANCH = 'main';

export function normalizeProvenancePolicy(input: ProvenancePolicyInput | undefined): ProvenancePolicy {
  return {
    required: input?.required ?? false,
    sources: (input?.sources ?? []).map((source) => ({
      name: source.name,
      url: source.url,
      branch: source.branch ?? DEFAULT_SOURCE_BRANCH,
      stage: source.stage,
      initialStages: source.initial_stages,
    })),
  };
}

/** The declared source a version file's `provenance.repository` names, if any. */
export function sourceNamed(policy: ProvenancePolicy, repository: string): ProvenanceSourcePolicy | undefined {
  return policy.sources.find((source) => source.url === repository);
}

/** Source names and URLs are unique; a source's initial_stages are stages of this registry. */
export function checkProvenancePolicy(
  file: YamlFile,
  input: ProvenancePolicyInput | undefined,
  knownStages: ReadonlySet<string>,
  unknownStage: (path: (string | number)[], stage: string, role: string) => Finding,
): Finding[] {
  const findings: Finding[] = [];
  const seen = { name: new Set<string>(), url: new Set<string>() };
  (input?.sources ?? []).forEach((source, i) => {
    for (const key of ['name', 'url'] as const) {
      if (seen[key].has(source[key])) {
        findings.push(
          finding(
            'POLICY_DUPLICATE_SOURCE',
            'error',
            file.path,
            file.locate(['provenance', 'sources', i, key]),
            `provenance source ${key} "${source[key]}" is declared twice`,
            'Give each source its own name and URL, or remove the duplicate.',
          ),
        );
      }
      seen[key].add(source[key]);
    }
    (source.initial_stages ?? []).forEach((stage, j) => {
      if (!knownStages.has(stage))
        findings.push(
          unknownStage(
            ['provenance', 'sources', i, 'initial_stages', j],
            stage,
            `provenance source "${source.name}" initial_stages`,
          ),
        );
    });
  });
  return findings;
}
