/**
 * Where each document of the read API lives, relative to the catalog's root:
 * the writer's file paths and the reader's URL paths come from here.
 *
 * Names reach paths (on disk) and URLs (on a CDN): every name is checked
 * against the contract's own pattern first, although a valid registry only
 * holds valid names, so that a bug or a hostile caller cannot make one
 * escape its directory. Model and stage names are plain [a-z0-9._-]; a
 * version may carry `+build` metadata, which is percent-encoded in URLs (S3
 * and some CDNs read a literal `+` in a path as a space).
 */
import { STAGE_NAME } from '../contract/common-schema.js';
import { UserError } from '../domain/errors.js';
import { requireModelName } from '../domain/registry-errors.js';
import { isValidVersionName } from '../domain/layout.js';

/** The API's directory; a breaking change of a document's shape gets a new one (api/v2), never an edit of v1. */
export const READ_API_DIR = 'api/v1';
/** Every document says which format it is in. */
export const READ_API_FORMAT = 'modelreg-read-api/1';

function requireStageName(stage: string): void {
  if (!STAGE_NAME.test(stage)) {
    throw new UserError(
      'INVALID_REFERENCE',
      `"${stage}" is not a stage name`,
      'Stages are lowercase letters, digits, "_" and "-", starting with a letter, e.g. production.',
    );
  }
}

function requireVersionName(version: string): void {
  if (!isValidVersionName(version)) {
    throw new UserError(
      'INVALID_VERSION',
      `"${version}" is not a semantic version`,
      'Use MAJOR.MINOR.PATCH such as 1.2.0 (no "v" prefix).',
    );
  }
}

/** The segments of each document's path, names checked. */
export const readApiPath = {
  index: (): string[] => [READ_API_DIR, 'index.json'],
  model(model: string): string[] {
    requireModelName(model);
    return [READ_API_DIR, 'models', `${model}.json`];
  },
  stage(model: string, stage: string): string[] {
    requireModelName(model);
    requireStageName(stage);
    return [READ_API_DIR, 'models', model, 'stages', `${stage}.json`];
  },
  version(model: string, version: string): string[] {
    requireModelName(model);
    requireVersionName(version);
    return [READ_API_DIR, 'models', model, 'versions', `${version}.json`];
  },
};

/** A document's file path in the catalog directory (forward slashes). */
export function readApiFile(segments: readonly string[]): string {
  return segments.join('/');
}

/** A document's URL under the catalog's base URL (which ends in a slash). */
export function readApiUrl(base: URL, segments: readonly string[]): URL {
  return new URL(segments.map(encodeURIComponent).join('/'), base);
}
