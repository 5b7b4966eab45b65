/**
 * Editors check files against the registry's own schemas/ (`modelreg schema
 * --out schemas`); once registry.yaml gains a stage or an extension, or
 * modelreg's rules change, those copies say something the validator does not.
 */
import { isDeepStrictEqual } from 'node:util';
import { finding, FILE_START, type Finding } from '../domain/findings.js';
import { generateJsonSchemas, SCHEMAS_DIR } from './json-schemas.js';
import type { Policy } from './policy.js';

/** One SCHEMA_OUTDATED warning per schema file present in `schemas/` that differs from what `policy` generates. */
export function outdatedSchemaFindings(policy: Policy, present: ReadonlyMap<string, string>): Finding[] {
  const findings: Finding[] = [];
  for (const [name, expected] of generateJsonSchemas({ policy })) {
    const actual = present.get(name);
    if (actual === undefined || sameJson(actual, expected)) continue;
    findings.push(
      finding(
        'SCHEMA_OUTDATED',
        'warning',
        `${SCHEMAS_DIR}/${name}`,
        FILE_START,
        `${SCHEMAS_DIR}/${name} does not match registry.yaml and this modelreg version, so editors check files against other rules than validate`,
        `Run \`modelreg schema --out ${SCHEMAS_DIR}\` in the registry and commit the result.`,
      ),
    );
  }
  return findings;
}

function sameJson(actual: string, expected: string): boolean {
  try {
    return isDeepStrictEqual(JSON.parse(actual), JSON.parse(expected));
  } catch {
    return false;
  }
}
