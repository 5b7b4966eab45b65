/** `fraud`, `fraud@1.2.0`, `fraud@production`: how people name models, versions and stage holders. */
import { UserError } from './errors.js';
import { isValidModelName, isValidVersionName } from './layout.js';
import { STAGE_NAME } from './names.js';

export type ModelRef =
  | { readonly model: string; readonly kind: 'model' }
  | { readonly model: string; readonly kind: 'version'; readonly version: string }
  | { readonly model: string; readonly kind: 'stage'; readonly stage: string };

export function parseModelRef(text: string, allow: { model?: boolean } = {}): ModelRef {
  const at = text.indexOf('@');
  const model = at < 0 ? text : text.slice(0, at);
  const selector = at < 0 ? undefined : text.slice(at + 1);
  if (!isValidModelName(model)) {
    throw new UserError(
      'INVALID_REFERENCE',
      `"${text}" does not name a model: "${model}" is not a valid model name`,
      'Write <model>, <model>@<version> or <model>@<stage>, e.g. fraud-detection@production. ' +
        'Model names use lowercase letters, digits, ".", "_" and "-".',
    );
  }
  if (selector === undefined) {
    if (allow.model) return { model, kind: 'model' };
    throw new UserError(
      'INVALID_REFERENCE',
      `"${text}" names a model but no version or stage`,
      `Write ${model}@<version> or ${model}@<stage>, e.g. ${model}@production.`,
    );
  }
  if (isValidVersionName(selector)) return { model, kind: 'version', version: selector };
  if (STAGE_NAME.test(selector)) return { model, kind: 'stage', stage: selector };
  throw new UserError(
    'INVALID_REFERENCE',
    `"${selector}" in "${text}" is neither a semantic version nor a stage name`,
    'Versions look like 1.2.0 (no "v" prefix); stages like production.',
  );
}

export function formatModelRef(ref: ModelRef): string {
  switch (ref.kind) {
    case 'model':
      return ref.model;
    case 'version':
      return `${ref.model}@${ref.version}`;
    case 'stage':
      return `${ref.model}@${ref.stage}`;
  }
}
