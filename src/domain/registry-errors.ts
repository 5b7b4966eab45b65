/** The errors every command raises the same way: a bad model name, an unknown model or stage. */
import { UserError } from './errors.js';
import { didYouMean } from './near-miss.js';
import { countOf } from './plural.js';
import { isValidModelName, MODEL_FILE, modelDir, modelFilePath } from './layout.js';

/** Names reach paths: refuse anything that is not a model name (no "..", no slashes). */
export function requireModelName(name: string): void {
  if (!isValidModelName(name)) {
    throw new UserError(
      'INVALID_MODEL_NAME',
      `"${name}" is not a valid model name`,
      'Model names are 1-64 lowercase letters, digits, ".", "_" or "-", starting and ending with a letter or digit, and not a name every JavaScript object has (constructor, toString, …) or a Windows device name (con, prn, aux, nul, com1, lpt1, …).',
    );
  }
}

/** Generic in the stage's type: the domain knows a policy only as its declared stages (contract/policy.ts is above). */
export function requireStage<Stage>(policy: { readonly stages: ReadonlyMap<string, Stage> }, stage: string): Stage {
  const found = policy.stages.get(stage);
  if (!found) throw unknownStage(stage, [...policy.stages.keys()]);
  return found;
}

/** `stages`: the ones registry.yaml declares, to suggest a near miss and list them. */
export function unknownStage(stage: string, stages: readonly string[]): UserError {
  return new UserError(
    'STAGE_NOT_FOUND',
    `stage "${stage}" is not declared in registry.yaml`,
    `${didYouMean(stage, stages) ?? ''} Stages of this registry: ${stages.join(', ')}.`.trimStart(),
  );
}

/**
 * `known`: the registry's model names (its directories under models/), to
 * suggest a near miss ("Did you mean fraud-detection?"); undefined when not at hand.
 */
export function modelNotFound(name: string, where: string, known: readonly string[] | undefined): UserError {
  // A directory without a model.yaml file or versions (model.yaml a directory, say): listing it would fail the same way.
  if (known?.includes(name)) {
    return new UserError(
      'MODEL_NOT_FOUND',
      `model "${name}" does not exist in ${where}: ${modelDir(name)}/ holds no ${MODEL_FILE} file and no versions`,
      `Put a ${MODEL_FILE} file at ${modelFilePath(name)}, or remove ${modelDir(name)}/; \`modelreg validate --all\` names what is in the way.`,
    );
  }
  return new UserError(
    'MODEL_NOT_FOUND',
    `model "${name}" does not exist in ${where}`,
    (known && didYouMean(name, known)) ??
      (known === undefined
        ? 'Run `modelreg list` to see the registered models.'
        : known.length > 0
          ? `Run \`modelreg list\` to see the ${countOf(known.length, 'registered model')}.`
          : 'This registry has no models yet: modelreg register <model> --owner <user> … creates one.'),
  );
}

/** `known`: the model's versions, to suggest a near miss and list them. */
export function versionNotFound(model: string, version: string, where: string, known: readonly string[]): UserError {
  return new UserError(
    'VERSION_NOT_FOUND',
    `${model}@${version} is not registered in ${where}`,
    known.length === 0
      ? `${model} has no versions yet.`
      : `${didYouMean(version, known) ?? ''} Registered versions of ${model}: ${known.join(', ')}.`.trimStart(),
  );
}
