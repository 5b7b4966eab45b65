/** New registry files as text: field order as documented, a schema comment for editors. */
import { stringify } from 'yaml';
import type { ModelEntry } from '../contract/model-schema.js';
import type { VersionEntry } from '../contract/version-schema.js';

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
  return `# yaml-language-server: $schema=../../../schemas/version.schema.json\n${stringify(ordered, { lineWidth: 0 })}`;
}

export function renderModelFile(entry: ModelEntry): string {
  return `# yaml-language-server: $schema=../../schemas/model.schema.json\n${stringify(entry, { lineWidth: 0 })}`;
}
