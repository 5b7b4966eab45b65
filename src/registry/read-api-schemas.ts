/**
 * The shapes of the static read API's documents (written by
 * read-api-documents.ts), which the reader (remote-registry.ts) checks every
 * answer against. Apart from the writer so that the library, which only
 * reads, loads none of the catalog.
 */
import * as z from 'zod/mini';
import { commitId, modelName, semverString, stageName } from '../contract/common-schema.js';
import { modelJsonSchema, resolutionJsonSchema, versionJsonSchema } from './json-shapes.js';
import { READ_API_FORMAT } from '../read-api/read-api-paths.js';

const envelope = { format: z.literal(READ_API_FORMAT), commit: commitId };

/** api/v1/index.json: the models and the stages, for telling "no such model" from "no such stage". */
export const indexDocumentSchema = z.strictObject({
  ...envelope,
  stages: z.record(stageName, z.strictObject({ exclusive: z.boolean() })),
  models: z.array(modelName),
});

/** api/v1/models/<model>.json */
export const modelDocumentSchema = z.strictObject({ ...envelope, show: modelJsonSchema });

/**
 * api/v1/models/<model>/stages/<stage>.json, for every declared stage of every
 * model, held or not: "nothing holds it" is an answer the registry gives at a
 * commit (`holders: []`, `resolve: null`), while a 404 only ever means a wrong
 * URL or an API built before the model existed.
 */
export const stageDocumentSchema = z.strictObject({
  ...envelope,
  model: modelName,
  stage: stageName,
  exclusive: z.boolean(),
  /** Highest first. */
  holders: z.array(semverString),
  /** Every version's stage, ascending: what the refusal's hint lists when nothing holds the stage. */
  versions: z.array(z.strictObject({ version: semverString, stage: stageName })),
  /** `resolve <model>@<stage> --json` for the highest holder; null when nothing holds the stage. */
  resolve: z.nullable(resolutionJsonSchema),
});

/** api/v1/models/<model>/versions/<version>.json */
export const versionDocumentSchema = z.strictObject({
  ...envelope,
  show: versionJsonSchema,
  resolve: resolutionJsonSchema,
});

export type IndexDocument = z.infer<typeof indexDocumentSchema>;
export type StageDocument = z.infer<typeof stageDocumentSchema>;
