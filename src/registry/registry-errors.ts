/** The errors every command raises the same way: a bad model name, an unknown model or stage. */
import type { Policy, StagePolicy } from '../contract/policy.js';
import { UserError } from '../errors.js';
import { isValidModelName } from '../snapshot/layout.js';

/** Names reach paths: refuse anything that is not a model name (no "..", no slashes). */
export function requireModelName(name: string): void {
  if (!isValidModelName(name)) {
    throw new UserError(
      'INVALID_MODEL_NAME',
      `"${name}" is not a valid model name`,
      'Model names are 1-64 lowercase letters, digits, ".", "_" or "-", starting and ending with a letter or digit.',
    );
  }
}

export function requireStage(policy: Policy, stage: string): StagePolicy {
  const found = policy.stages.get(stage);
  if (!found) {
    throw new UserError('UNKNOWN_STAGE', `stage "${stage}" is not declared in registry.yaml`, `Stages of this registry: ${[...policy.stages.keys()].join(', ')}.`);
  }
  return found;
}

/** `known`: the registry's model names, to suggest a near miss. */
export function modelNotFound(name: string, where: string, known: readonly string[]): UserError {
  const similar = known.filter((n) => n.includes(name) || name.includes(n)).slice(0, 5);
  return new UserError(
    'MODEL_NOT_FOUND',
    `model "${name}" does not exist in ${where}`,
    similar.length > 0
      ? `Did you mean: ${similar.join(', ')}?`
      : known.length > 0
        ? `Run \`modelreg list\` to see the ${known.length} registered model(s).`
        : 'This registry has no models yet: modelreg register <model> --owner <user> … creates one.',
    1,
  );
}
