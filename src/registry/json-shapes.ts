/**
 * The JSON that `resolve --json` and `show --json` print, in one place: the
 * CLI prints it, the catalog's read API serves it (read-api-documents.ts),
 * and a reader of that API checks what it receives against these shapes.
 * One builder per shape, so the three can never drift apart.
 */
import * as z from 'zod/mini';
import { digest, identifier, isoDateTime, modelName, semverString, stageName, uri } from '../contract/common-schema.js';
import { modelSchema, type ModelEntry } from '../contract/model-schema.js';
import { versionSchema, type VersionEntry } from '../contract/version-schema.js';
import type { ModelDetails, Resolution, VersionSummary } from './registry-view.js';

/** `resolve <model>@<stage|version> --json`. */
export const resolutionJsonSchema = z.strictObject({
  model: modelName,
  version: semverString,
  stage: stageName,
  artifacts: z.record(identifier, z.strictObject({ uri, digest, size: z.optional(z.int().check(z.gte(0))) })),
  /** A split stage: the chosen version's weight, and every holder with its weight, lowest version first. */
  weight: z.optional(z.int().check(z.gte(1), z.lte(100))),
  holders: z.optional(z.array(z.strictObject({ version: semverString, weight: z.int().check(z.gte(1), z.lte(100)) }))),
});
export type ResolutionJson = z.infer<typeof resolutionJsonSchema>;

export function resolutionJson(resolved: Resolution): ResolutionJson {
  const { model, version, stage, artifacts, split } = resolved;
  if (!split) return { model, version, stage, artifacts };
  const weight = split.find((h) => h.version === version)!.weight;
  return {
    model,
    version,
    stage,
    artifacts,
    weight,
    holders: split.map((h) => ({ version: h.version, weight: h.weight })),
  };
}

const versionSummaryJsonSchema = z.strictObject({
  model: modelName,
  version: semverString,
  stage: stageName,
  weight: z.optional(z.int().check(z.gte(1), z.lte(100))),
  created: isoDateTime,
  createdBy: z.string(),
  description: z.optional(z.string()),
  deprecated: z.boolean(),
  metrics: z.record(identifier, z.number()),
});

/** `show <model> --json`: model.yaml, the holders of each stage (highest version first), every version ascending. */
export const modelJsonSchema = z.extend(modelSchema, {
  holders: z.record(stageName, z.array(semverString)),
  versions: z.array(versionSummaryJsonSchema),
});
export type ModelJson = ModelEntry & {
  readonly holders: Readonly<Record<string, readonly string[]>>;
  readonly versions: readonly VersionSummary[];
};

export function modelJson(details: ModelDetails): ModelJson {
  return { ...details.entry, holders: Object.fromEntries(details.holders), versions: details.versions };
}

/** `show <model>@<version|stage> --json`: the version file with its model's name. */
export const versionJsonSchema = z.extend(versionSchema, { model: modelName });
export type VersionJson = VersionEntry & { readonly model: string };

export function versionJson(model: string, entry: VersionEntry): VersionJson {
  return { model, ...entry };
}
