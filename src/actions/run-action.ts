/**
 * The frame every action runs in: the runner's environment read once, the
 * registry opened, and the single place an action fails. A body only wires
 * its inputs to the core and renders what comes back; whatever it throws
 * ends here, is reported once through failAction, and clears the outputs a
 * later step must not act on.
 */
import * as core from '@actions/core';
import { Registry } from '../registry/registry.js';
import { failAction } from './action-failure.js';
import { readActionEnvironment, type ActionEnvironment } from './action-environment.js';
import { setOutputs } from './job-report.js';
import { withModelregCache } from './modelreg-cache.js';

export interface ActionContext {
  readonly env: ActionEnvironment;
  /** The registry at the registry-path input. */
  readonly registry: Registry;
  /** The github-token input, or undefined when it is empty. */
  readonly token: string | undefined;
  /**
   * Runs `work` with .git/modelreg restored from, and saved to, the Actions
   * cache under this job's name and commit (unless the cache input is false).
   */
  cached<T>(job: string, commit: string, results: readonly string[], work: () => Promise<T>): Promise<T>;
}

/** A body that finishes with a failing verdict says why in one line; its findings are already shown. */
export type ActionOutcome = { readonly failure: string } | undefined;

export interface RunActionOptions {
  /**
   * Outputs set when the action stops on an error: the last value of an
   * output wins, so a job reading them never sees a pass, or anything to
   * deploy, from a run that did not finish.
   */
  readonly outputsWhenStopped?: Readonly<Record<string, string>>;
}

export async function runAction(
  body: (context: ActionContext) => Promise<ActionOutcome | void>,
  options: RunActionOptions = {},
): Promise<void> {
  try {
    const env = readActionEnvironment();
    const registry = await Registry.open(env.registryDir);
    const outcome = await body({
      env,
      registry,
      token: env.input('github-token') || undefined,
      cached: (job, commit, results, work) =>
        withModelregCache(
          {
            enabled: env.input('cache') !== 'false',
            workspace: env.workspace,
            repositoryDir: registry.git.dir,
            registryDir: env.registryDir,
            job,
            commit,
            results,
          },
          work,
        ),
    });
    if (outcome) core.setFailed(outcome.failure);
  } catch (error) {
    setOutputs(options.outputsWhenStopped ?? {});
    failAction(error);
  }
}
