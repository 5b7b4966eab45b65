/** Local files a registration reads: artifacts to hash, metrics/params/signature to embed. */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { checkAgainstSchema } from '../contract/check-schema.js';
import { identifier } from '../contract/common-schema.js';
import { signatureSchema } from '../contract/version-schema.js';
import { ContractViolation, UserError } from '../domain/errors.js';
import { readYamlFile } from '../yaml/yaml-file.js';

/** sha256 and size of a local artifact, streamed so large files never sit in memory. */
export async function digestFile(path: string): Promise<{ digest: string; size: number }> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) {
    throw new UserError(
      'FILE_NOT_FOUND',
      `${path} is not a readable file`,
      'Pass the path of a local copy of the artifact to --file <role>=<path>.',
    );
  }
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return { digest: `sha256:${hash.digest('hex')}`, size: info.size };
}

export const metricsInputSchema = z.record(
  identifier,
  z.number().check(z.refine(Number.isFinite, { error: 'must be a finite number' })),
);
export const paramsInputSchema = z.record(z.string(), z.unknown());

/** A JSON or YAML file checked against `schema`, with findings at the file's own lines. */
export async function readInputFile<T>(
  path: string,
  displayPath: string,
  schema: z.ZodMiniType<T>,
  what: string,
): Promise<T> {
  const bytes = await readFile(path).catch(() => {
    throw new UserError(
      'FILE_NOT_FOUND',
      `cannot read ${what} file ${displayPath}`,
      'Check the path; metrics, params and signature files may be JSON or YAML.',
    );
  });
  const yaml = readYamlFile(displayPath, bytes);
  const checked = checkAgainstSchema(yaml, schema, `${what} file`);
  // The value is re-rendered into the entry (render-entry.ts writes it so every YAML reader agrees), so how
  // YAML 1.1 would read this file's own plain scalars does not matter: `1e-07` from Python's json.dump is fine.
  const findings = [...yaml.findings.filter((f) => f.code !== 'YAML_AMBIGUOUS_SCALAR'), ...checked.findings];
  if (checked.value === undefined || findings.some((f) => f.severity === 'error')) {
    throw new ContractViolation(`${displayPath} is not a valid ${what} file; nothing was written`, findings);
  }
  return checked.value;
}

export const signatureInputSchema = signatureSchema;
