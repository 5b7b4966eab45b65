/**
 * The parts of a change that only a reviewed pull request may bring onto the
 * default branch: every stage move, and every edit of the files that decide
 * how stage moves are judged (registry.yaml, model.yaml) or what a version
 * is. Each is placed on the line a reviewer would look at (pure).
 */
import { FILE_START, type Position } from '../domain/findings.js';
import { classifyPath, POLICY_PATH } from '../domain/layout.js';
import { versionChanges, type ValidationInput } from '../validate/validation-input.js';

export interface GovernedChange {
  /** null for registry.yaml. */
  readonly model: string | null;
  readonly version: string | null;
  /** True when a version enters or leaves a stage (registered, moved, deleted). */
  readonly movesStage: boolean;
  /** e.g. "fraud@1.1.0 staging → production", "fraud@1.2.0 registered in development", "registry.yaml changes". */
  readonly description: string;
  readonly file: string;
  readonly position: Position;
}

export function governedChanges(input: ValidationInput): GovernedChange[] {
  const result: GovernedChange[] = [];
  if (input.changes.some((c) => c.path === POLICY_PATH)) {
    result.push({
      model: null,
      version: null,
      movesStage: false,
      description: 'registry.yaml changes',
      file: POLICY_PATH,
      position: FILE_START,
    });
  }
  for (const pair of input.models.values()) {
    const modelFile = input.changes.find((c) => {
      const place = classifyPath(c.path);
      return place.kind === 'model' && place.model === pair.name;
    });
    if (modelFile) {
      const position = pair.head.model?.yaml.locate(['owners']) ?? FILE_START;
      result.push({
        model: pair.name,
        version: null,
        movesStage: false,
        description: `${modelFile.path} changes`,
        file: modelFile.path,
        position,
      });
    }
    for (const change of versionChanges(pair)) {
      if (change.kind === 'unchanged') continue;
      const file = (change.head ?? change.base)!;
      const ref = `${pair.name}@${change.version}`;
      if (change.kind === 'deleted') {
        result.push({
          model: pair.name,
          version: change.version,
          movesStage: true,
          description: `${ref} deleted${change.stageFrom ? ` from ${change.stageFrom}` : ''}`,
          file: file.path,
          position: FILE_START,
        });
        continue;
      }
      const stageLine = file.yaml.locate(['stage']);
      if (change.kind === 'added') {
        result.push({
          model: pair.name,
          version: change.version,
          movesStage: true,
          description: `${ref} registered in ${change.stageTo ?? 'an unreadable stage'}`,
          file: file.path,
          position: stageLine,
        });
      } else if (change.stageFrom !== change.stageTo) {
        result.push({
          model: pair.name,
          version: change.version,
          movesStage: true,
          description: `${ref} ${change.stageFrom ?? '?'} → ${change.stageTo ?? '?'}`,
          file: file.path,
          position: stageLine,
        });
      } else {
        result.push({
          model: pair.name,
          version: change.version,
          movesStage: false,
          description: `${ref} edited`,
          file: file.path,
          position: FILE_START,
        });
      }
    }
  }
  return result;
}
