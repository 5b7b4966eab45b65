/** The registry's schemas/ compared with what its registry.yaml generates (see contract/schema-freshness.ts). */
import { JSON_SCHEMA_FILES, SCHEMAS_DIR } from '../contract/json-schemas.js';
import { outdatedSchemaFindings } from '../contract/schema-freshness.js';
import { isUserError } from '../domain/errors.js';
import type { Finding } from '../domain/findings.js';
import type { Registry } from './registry.js';

/**
 * SCHEMA_OUTDATED warnings for the schema files at `head` (default: the
 * working tree). Nothing when registry.yaml is invalid: its own findings say
 * what to fix first, and no schema could match it.
 */
export async function outdatedSchemas(registry: Registry, head?: string): Promise<Finding[]> {
  // A change that deletes registry.yaml has its own finding (POLICY_DELETED); no schema can match it.
  const view =
    head === undefined
      ? registry.worktree()
      : await registry.at(head).catch((error: unknown) => {
          if (isUserError(error) && error.code === 'NOT_A_REGISTRY') return undefined;
          throw error;
        });
  if (view === undefined) return [];
  const { source } = view;
  const policy = await view.snapshot.policy();
  if (!policy.valid) return [];
  const present = new Map<string, string>();
  const decoder = new TextDecoder();
  for (const name of Object.keys(JSON_SCHEMA_FILES)) {
    const bytes = await source.read(`${SCHEMAS_DIR}/${name}`);
    if (bytes !== undefined) present.set(name, decoder.decode(bytes));
  }
  return outdatedSchemaFindings(policy.policy, present).map((f) => ({ ...f, file: registry.pathInRepository(f.file) }));
}
