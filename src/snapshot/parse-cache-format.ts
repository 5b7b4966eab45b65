/**
 * The version of the code that reads and checks registry files, in every cache key built on parsed files. Its
 * own module, importing nothing heavy: the CLI's warm `history <model>` checks a cache entry's format before it
 * loads the YAML and schema code (src/cli/cached-history.ts).
 */
import { MODELREG_VERSION } from '../version.js';

/**
 * Bump when reading or checking a file can give another value or other
 * findings: src/yaml/, src/contract/, src/validate/ (rules included),
 * src/snapshot/registry-snapshot.ts, src/domain/findings.ts, src/domain/names.ts. test/cache-format.test.ts
 * keeps a digest of those sources per number and fails when they change
 * without a bump (cached findings would otherwise outlive the code that made them).
 */
export const PARSE_CODE_VERSION = 16;

/** Every cache built on parsed files includes this in its key; it also changes with each release. */
export const PARSE_CACHE_FORMAT = `modelreg-${MODELREG_VERSION}-parse-${PARSE_CODE_VERSION}`;
