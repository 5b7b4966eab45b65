/**
 * Field formats shared by registry.yaml, model.yaml and version files.
 * Schemas use zod/mini: the same checks as zod's classic API in a twentieth
 * of the code, which every command that reads the registry loads at start-up.
 */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { IDENTIFIER, MODEL_NAME, NOT_RESERVED, SEMVER, STAGE_NAME } from '../domain/names.js';

// The name patterns are the domain's (paths and references use them too); the schemas here check them.
export { IDENTIFIER, MODEL_NAME, RESERVED_NAMES, SEMVER, STAGE_NAME } from '../domain/names.js';

// zod/mini carries no messages of its own; findings quote zod's English ones.
z.config(en());

export const OWNER = /^(?:@[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+|[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))$/;
export const DIGEST = /^sha256:[0-9a-f]{64}$/;
export const COMMIT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
export const URI = /^[a-z][a-z0-9+.-]*:\/\/\S+$/;

/**
 * A string matching `pattern`, with the message a finding shows when it does
 * not. Editors show the same words (yaml-language-server and VS Code read
 * `patternErrorMessage`; others ignore it) instead of the regular expression.
 */
export function pattern(regex: RegExp, error: string) {
  return z.string().check(z.regex(regex, { error }), z.meta({ patternErrorMessage: error }));
}

export const modelName = pattern(
  MODEL_NAME,
  'must be 1-64 lowercase letters, digits, ".", "_" or "-", starting and ending with a letter or digit, and not a Windows device name (con, prn, aux, nul, com1, lpt1, …)',
).check(z.describe('Model name: the directory name under models/.'));

export const stageName = pattern(
  STAGE_NAME,
  'must be a lowercase stage name such as "production" (letters, digits, "_", "-")',
);

/** Free-form keys (training parameter names): anything but a reserved name. */
export const freeKey = pattern(
  new RegExp(`^${NOT_RESERVED}`),
  'must not be a name every JavaScript object already has',
);

export const identifier = pattern(
  IDENTIFIER,
  'must start with a letter or "_" and contain only letters, digits, "_", "." or "-"',
);

export const owner = pattern(OWNER, 'must be a GitHub user name (alice) or a team (@org/team)').check(
  z.describe('A GitHub user login or a team as @org/team-slug.'),
);

export const semverString = pattern(SEMVER, 'must be a semantic version such as 1.2.0 (no "v" prefix)').check(
  z.describe('A semantic version, e.g. 1.4.0.'),
);

export const digest = pattern(DIGEST, 'must be "sha256:" followed by 64 lowercase hex digits').check(
  z.describe('Content digest: sha256:<64 lowercase hex digits>.'),
);

export const commitId = pattern(
  COMMIT_ID,
  'must be a full 40- (SHA-1) or 64-character (SHA-256) lowercase hex commit id',
).check(z.describe('A full git commit id. Quote it: YAML reads an all-digit id as a number.'));

export const uri = pattern(URI, 'must be an absolute URI such as s3://bucket/path').check(
  z.describe('An absolute URI with a scheme, e.g. s3://bucket/key.'),
);

const DATE_TIME_ERROR = 'must be an ISO 8601 date-time such as 2026-01-31T12:00:00Z';
export const isoDateTime = z.iso
  .datetime({ offset: true, error: DATE_TIME_ERROR })
  .check(z.meta({ patternErrorMessage: DATE_TIME_ERROR }));
const DATE_OR_DATE_TIME_ERROR = 'must be an ISO 8601 date (2026-01-31) or date-time';
export const isoDateOrDateTime = z.union(
  [
    z.iso.date().check(z.meta({ patternErrorMessage: DATE_OR_DATE_TIME_ERROR })),
    z.iso.datetime({ offset: true }).check(z.meta({ patternErrorMessage: DATE_OR_DATE_TIME_ERROR })),
  ],
  { error: DATE_OR_DATE_TIME_ERROR },
);

export const description = z.string().check(z.describe('Free text for people.'));

/** `schema`, optional, described (the description sits on the optional field, as editors show it). */
export function optional<T extends z.core.SomeType>(schema: T, text?: string) {
  const field = z.optional(schema);
  return text === undefined ? field : field.check(z.describe(text));
}

/** `schema` with a description for editors. */
export function described<T extends z.ZodMiniType>(schema: T, text: string): T {
  return schema.check(z.describe(text));
}
