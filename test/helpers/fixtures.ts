/** Registry files for tests, written out as text so line numbers in assertions are visible. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { templateDir } from '../../src/registry/template.js';

export const DIGEST_A = `sha256:${'a'.repeat(64)}`;
export const DIGEST_B = `sha256:${'b'.repeat(64)}`;
export const DIGEST_C = `sha256:${'c'.repeat(64)}`;

/** The template's registry.yaml: development, staging, production (exclusive), archived. */
export function templatePolicy(): string {
  return readFileSync(join(templateDir(), 'registry.yaml'), 'utf8');
}

export function modelYaml(name: string, extra = ''): string {
  return `name: ${name}\nowners: [alice, '@acme/ml']\n${extra}`;
}

export interface VersionOptions {
  stage?: string;
  digest?: string;
  metrics?: Record<string, number>;
  extra?: string;
}

/**
 * A valid version file. Line numbers: 1 version, 2 stage, 3 created,
 * 4 created_by, 5 artifacts, 6 model, 7 uri, 8 digest, then metrics and extra.
 */
export function versionYaml(version: string, options: VersionOptions = {}): string {
  const metrics = Object.entries(options.metrics ?? {})
    .map(([k, v]) => `  ${k}: ${v}\n`)
    .join('');
  return (
    `version: ${version}\n` +
    `stage: ${options.stage ?? 'development'}\n` +
    `created: 2026-01-01T00:00:00Z\n` +
    `created_by: alice@example.com\n` +
    `artifacts:\n` +
    `  model:\n` +
    `    uri: s3://models/fraud/${version}/model.onnx\n` +
    `    digest: ${options.digest ?? DIGEST_A}\n` +
    (metrics ? `metrics:\n${metrics}` : '') +
    (options.extra ?? '')
  );
}

export function versionPath(model: string, version: string): string {
  return `models/${model}/versions/${version}.yaml`;
}
