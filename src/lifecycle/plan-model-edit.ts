/**
 * Planning a change of model-level fields (pure): description, task, owners,
 * tags and metric goals in models/<model>/model.yaml, each a one-line edit
 * of the text as it is, or the whole file for a model that does not exist
 * yet. What the commit, the PR body and the tests describe.
 */
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { owner as ownerSchema } from '../contract/common-schema.js';
import type { ModelEntry } from '../contract/model-schema.js';
import { UserError } from '../domain/errors.js';
import { renderModelFile } from './render-entry.js';
import { modelFilePath } from '../domain/layout.js';
import { appendToList, removeFromList, setString } from '../yaml/edit-yaml-entries.js';

export type MetricGoal = 'maximize' | 'minimize';

export interface ModelFieldChanges {
  readonly description?: string;
  readonly task?: string;
  readonly addOwners?: readonly string[];
  readonly removeOwners?: readonly string[];
  readonly addTags?: readonly string[];
  readonly removeTags?: readonly string[];
  /** metric name → goal. */
  readonly goals?: ReadonlyMap<string, MetricGoal>;
}

export interface ModelEditPlan {
  readonly model: string;
  readonly newModel: boolean;
  /** One line per change, e.g. `owners: + bob`. */
  readonly changes: readonly string[];
  readonly edits: ReadonlyMap<string, string>;
  readonly subject: string;
}

/** `current` is model.yaml's text, or undefined when the model does not exist yet. */
export function planModelEdit(model: string, current: string | undefined, request: ModelFieldChanges): ModelEditPlan {
  refuseMalformedOwners([...(request.addOwners ?? []), ...(request.removeOwners ?? [])]);
  const path = modelFilePath(model);
  if (current === undefined) return planNewModel(model, path, request);

  const changes: string[] = [];
  let text = current;
  if (request.description !== undefined)
    text = changed(
      text,
      setString(text, ['description'], request.description),
      `description: ${quoted(request.description)}`,
      changes,
    );
  if (request.task !== undefined)
    text = changed(text, setString(text, ['task'], request.task), `task: ${quoted(request.task)}`, changes);
  for (const [field, added, removed] of [
    ['owners', request.addOwners, request.removeOwners],
    ['tags', request.addTags, request.removeTags],
  ] as const) {
    for (const value of removed ?? []) {
      const next = removeFromList(text, [field], value);
      if (next === undefined) {
        throw new UserError(
          'NOT_PRESENT',
          `${model} has no ${field === 'owners' ? 'owner' : 'tag'} "${value}" to remove`,
          `${modelFilePath(model)} lists the ${field}; \`modelreg show ${model}\` shows them.`,
        );
      }
      text = changed(text, next, `${field}: - ${value}`, changes);
    }
    for (const value of added ?? []) {
      if (listed(text, field, value)) continue;
      text = changed(text, appendToList(text, [field], value), `${field}: + ${value}`, changes);
    }
  }
  for (const [metric, goal] of request.goals ?? []) {
    text = changed(
      text,
      setString(text, ['metrics', metric, 'goal'], goal),
      `metrics.${metric}.goal: ${goal}`,
      changes,
    );
  }
  if (changes.length === 0) {
    throw new UserError(
      'NOTHING_TO_CHANGE',
      `${path} already says that: nothing to change`,
      `\`modelreg show ${model}\` shows the model's fields.`,
    );
  }
  return {
    model,
    newModel: false,
    changes,
    edits: new Map([[path, text]]),
    subject: `model(${model}): ${summary(changes)}`,
  };
}

function planNewModel(model: string, path: string, request: ModelFieldChanges): ModelEditPlan {
  const owners = [...new Set(request.addOwners ?? [])];
  if (owners.length === 0) {
    throw new UserError(
      'OWNER_REQUIRED',
      `model "${model}" does not exist yet, so it needs owners`,
      `Pass --owner <github-user> or --owner @org/team (repeatable) to create ${path}.`,
    );
  }
  if ((request.removeOwners ?? []).length > 0 || (request.removeTags ?? []).length > 0) {
    throw new UserError(
      'USAGE',
      `model "${model}" does not exist yet: there is nothing to remove`,
      'Drop --remove-owner / --remove-tag.',
    );
  }
  const tags = [...new Set(request.addTags ?? [])];
  const entry: ModelEntry = {
    name: model,
    ...(request.description !== undefined ? { description: request.description } : {}),
    owners,
    ...(request.task !== undefined ? { task: request.task } : {}),
    ...(tags.length > 0 ? { tags } : {}),
    ...(request.goals && request.goals.size > 0
      ? { metrics: Object.fromEntries([...request.goals].map(([m, goal]) => [m, { goal }])) }
      : {}),
  };
  const changes = [`new model, owners: ${owners.join(', ')}`, ...describeNew(request, tags)];
  return {
    model,
    newModel: true,
    changes,
    edits: new Map([[path, renderModelFile(entry)]]),
    subject: `model(${model}): create (owners ${owners.join(', ')})`,
  };
}

function describeNew(request: ModelFieldChanges, tags: readonly string[]): string[] {
  return [
    ...(request.description !== undefined ? [`description: ${quoted(request.description)}`] : []),
    ...(request.task !== undefined ? [`task: ${quoted(request.task)}`] : []),
    ...tags.map((tag) => `tags: + ${tag}`),
    ...[...(request.goals ?? [])].map(([metric, goal]) => `metrics.${metric}.goal: ${goal}`),
  ];
}

/** Records the change when the value changed: setting a field to what it already is leaves the text alone. */
function changed(before: string, after: string, change: string, changes: string[]): string {
  if (isDeepStrictEqual(parse(after), parse(before))) return before;
  changes.push(change);
  return after;
}

/** Free text as one line for the commit subject and the change list. */
function quoted(text: string): string {
  return JSON.stringify(text);
}

function listed(text: string, field: 'owners' | 'tags', value: string): boolean {
  // removeFromList finds the item exactly as YAML reads it; its answer is all that is needed here.
  return removeFromList(text, [field], value) !== undefined;
}

function refuseMalformedOwners(owners: readonly string[]): void {
  for (const owner of owners) {
    if (!ownerSchema.safeParse(owner).success) {
      throw new UserError(
        'USAGE',
        `"${owner}" is not an owner`,
        'An owner is a GitHub user name (alice) or a team (@org/team).',
      );
    }
  }
}

/** The changes themselves when they fit a subject line, else the fields they touch. */
function summary(changes: readonly string[]): string {
  const all = changes.join('; ');
  return all.length <= 60 ? all : [...new Set(changes.map((c) => c.slice(0, c.indexOf(':'))))].join(', ');
}
