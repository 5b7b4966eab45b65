/** New registry files as text: field order as documented, a schema comment for editors. */
import { Document, visit, type ScalarTag, type Tags } from 'yaml';
import type { ModelEntry } from '../contract/model-schema.js';
import type { VersionEntry } from '../contract/version-schema.js';
import { yaml11Reading } from '../yaml/yaml11-scalars.js';

const VERSION_FIELD_ORDER: readonly (keyof VersionEntry)[] = [
  'version',
  'stage',
  'created',
  'created_by',
  'description',
  'artifacts',
  'metrics',
  'params',
  'signature',
  'lineage',
  'tags',
  'deprecation',
  'extensions',
];

export function renderVersionFile(entry: VersionEntry): string {
  const ordered: Record<string, unknown> = {};
  for (const key of VERSION_FIELD_ORDER) if (entry[key] !== undefined) ordered[key] = entry[key];
  return `# yaml-language-server: $schema=../../../schemas/version.schema.json\n${toYaml(ordered)}`;
}

export function renderModelFile(entry: ModelEntry): string {
  return `# yaml-language-server: $schema=../../schemas/model.schema.json\n${toYaml(entry)}`;
}

/**
 * YAML every reader reads alike: what we write must pass our own file checks
 * (YAML_AMBIGUOUS_SCALAR). Strings YAML 1.1 tools would read as booleans or
 * numbers (`no`, `0755`) are quoted, and numbers get a fraction before their
 * exponent (`1.0e-7`), without which YAML 1.1 reads them as strings.
 */
function toYaml(value: unknown): string {
  const doc = new Document(value, { customTags: withYaml11Numbers });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && yaml11Reading(node.value) !== undefined) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ lineWidth: 0 });
}

function withYaml11Numbers(tags: Tags): Tags {
  return tags.map((tag) => {
    const scalarTag = tag as ScalarTag;
    if (typeof scalarTag.stringify !== 'function' || !/:(?:int|float)$/.test(scalarTag.tag)) return tag;
    const stringify = scalarTag.stringify;
    return {
      ...scalarTag,
      stringify: (...args: Parameters<typeof stringify>) =>
        stringify(...args).replace(/^([-+]?\d+)([eE][-+]?\d+)$/, '$1.0$2'),
    };
  });
}
