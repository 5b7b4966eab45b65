/**
 * modelreg model set <model>: model-level fields (description, task, owners,
 * tags, metric goals) from the command line, as one-line edits of model.yaml,
 * validated and committed like promote (--here, a branch, --pr). Creates the
 * model when it does not exist yet (with --owner).
 */
import { Command } from 'commander';
import { markdownCode } from '../../domain/markdown.js';
import { editModel } from '../../lifecycle/edit-model.js';
import type { MetricGoal } from '../../lifecycle/plan-model-edit.js';
import { UserError } from '../../domain/errors.js';
import {
  addCommitTargetOptions,
  commitTargetFrom,
  gitHubTargetIfAsked,
  openPullRequestIfAsked,
  reportApplied,
  type CommitTargetOptions,
} from '../commit-target.js';
import { EXIT, type Io, type Runner } from '../io.js';
import { addRegistryOption, collect, openRegistryToWrite, type RegistryOption } from '../options.js';

interface ModelSetOptions extends RegistryOption, CommitTargetOptions {
  readonly description?: string;
  readonly task?: string;
  readonly owner?: string[];
  readonly removeOwner?: string[];
  readonly tag?: string[];
  readonly removeTag?: string[];
  readonly goal?: string[];
  readonly message?: string;
}

export function modelCommand(io: Io, run: Runner): Command {
  const set = addRegistryOption(
    addCommitTargetOptions(
      new Command('set')
        .description(
          "set a model's description, task, owners, tags and metric goals in model.yaml (creating the model with --owner), checked and committed like promote",
        )
        .argument('<model>', 'the model')
        .option('--description <text>', 'what the model is for')
        .option('--task <task>', 'what the model does, e.g. binary-classification')
        .option('--owner <owner>', 'add an owner: GitHub user or @org/team (repeatable)', collect)
        .option('--remove-owner <owner>', 'remove an owner (repeatable)', collect)
        .option('--tag <tag>', 'add a tag (repeatable)', collect)
        .option('--remove-tag <tag>', 'remove a tag (repeatable)', collect)
        .option(
          '--goal <metric=goal>',
          'whether larger or smaller is better: auc=maximize, latency_ms=minimize (repeatable)',
          collect,
        )
        .option('-m, --message <text>', 'why: added to the commit message'),
    ),
  ).action((model: string, options: ModelSetOptions) =>
    run(async () => {
      const goals = parseGoals(options.goal);
      const registry = await openRegistryToWrite(options, io);
      const github = await gitHubTargetIfAsked(registry, options);
      const { plan, applied } = await editModel(registry, {
        model,
        description: options.description,
        task: options.task,
        addOwners: options.owner,
        removeOwners: options.removeOwner,
        addTags: options.tag,
        removeTags: options.removeTag,
        goals,
        target: commitTargetFrom(options),
        note: options.message,
        now: io.now(),
      });
      io.out(`${plan.subject}\n`);
      for (const change of plan.changes) io.out(`  ${change}\n`);
      const url = await openPullRequestIfAsked(registry, github, applied, async () => ({
        title: plan.subject,
        body: `Changes ${markdownCode(registry.pathInRepository([...plan.edits.keys()][0]!))}:\n\n${plan.changes.map((c) => `- ${markdownCode(c)}`).join('\n')}\n`,
      }));
      reportApplied(io, applied, url);
      return EXIT.ok;
    }),
  );
  return new Command('model')
    .description("change a model's own fields (model.yaml): modelreg model set <model> …")
    .addCommand(
      set
        .exitOverride()
        .configureOutput({ writeOut: io.out, writeErr: io.err })
        .showHelpAfterError('(run with --help for usage)'),
    );
}

/** `--goal metric=maximize|minimize` values (model set, and register for a new model). */
export function parseGoals(values: readonly string[] | undefined): Map<string, MetricGoal> {
  const goals = new Map<string, MetricGoal>();
  for (const value of values ?? []) {
    const eq = value.indexOf('=');
    const [metric, goal] = [value.slice(0, eq), value.slice(eq + 1)];
    if (eq <= 0 || (goal !== 'maximize' && goal !== 'minimize')) {
      throw new UserError(
        'USAGE',
        `--goal takes <metric>=maximize or <metric>=minimize, got "${value}"`,
        'e.g. --goal auc=maximize when larger values are better, --goal latency_ms=minimize when smaller ones are.',
      );
    }
    goals.set(metric, goal);
  }
  return goals;
}
