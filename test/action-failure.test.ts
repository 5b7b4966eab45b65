/**
 * How every action stops (src/actions/run-action.ts): one error line with
 * the code, the message and the hint, one failed step, and the outputs a
 * deploy job reads cleared, whether the failure comes before the action's
 * own work or from inside it. A failing verdict fails the step once too,
 * with no error code.
 */
import { describe, expect, it } from 'vitest';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { runAction, type ActionRun } from './helpers/run-action.js';
import { commit, createRepo, git, tempDir } from './helpers/temp-repo.js';

/** Nothing listens there: a run that reached GitHub would fail differently. */
const NO_API = 'http://127.0.0.1:9';

/** Every `::error` command of a run: the failure itself and any file annotations. */
function errorLines(run: ActionRun): string[] {
  return run.stdout.split('\n').filter((line) => line.startsWith('::error'));
}

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe('an action that stops', () => {
  it('prints the code, message and hint once and fails once in every action, when the registry cannot be opened', async () => {
    const dir = tempDir();
    const cases: { action: string; eventName: string; inputs: Record<string, string> }[] = [
      { action: 'validate', eventName: 'merge_group', inputs: {} },
      { action: 'catalog', eventName: 'push', inputs: {} },
      { action: 'promote', eventName: 'workflow_dispatch', inputs: { model: 'fraud', version: '1.0.0', stage: 'x' } },
      { action: 'rollback', eventName: 'workflow_dispatch', inputs: { model: 'fraud' } },
    ];
    for (const { action, eventName, inputs } of cases) {
      const run = await runAction({ action, workspace: dir, eventName, event: {}, apiUrl: NO_API, inputs });
      expect(run.code, action).toBe(1);
      expect(errorLines(run), action).toEqual([
        `::error::error[NOT_A_REPOSITORY]: ${dir} is not inside a git repository%0Ahint: Run the command inside a registry (created with \`modelreg init\`) or pass --registry DIR.%0Adocs: https://github.com/modelreg/modelreg/blob/main/docs/contract.md#the-repository`,
      ]);
      expect(occurrences(run.stdout, 'NOT_A_REPOSITORY'), action).toBe(1);
      // Only the validation action has outputs a deploy job acts on; the others set none when they stop.
      expect(run.outputs, action).toEqual(action === 'validate' ? { verdict: 'fail', released: '[]' } : {});
    }
  });

  it("reports an error from inside the action's own work the same way, and clears the outputs", async () => {
    const dir = createRepo({
      'registry.yaml': templatePolicy(),
      'models/fraud/model.yaml': modelYaml('fraud'),
      [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0'),
    });
    const unsupported = await runAction({
      action: 'validate',
      workspace: dir,
      eventName: 'issues',
      event: {},
      apiUrl: NO_API,
    });
    expect(unsupported.code).toBe(1);
    expect(errorLines(unsupported)).toEqual([
      '::error::error[UNSUPPORTED_EVENT]: modelreg validates pull_request, pull_request_review, merge_group and push events, not issues%0Ahint: Run the action from a workflow triggered by one of those events.%0Adocs: https://github.com/modelreg/modelreg/blob/main/docs/contract.md#the-actions',
    ]);
    expect(unsupported.outputs).toEqual({ verdict: 'fail', released: '[]' });

    const missingInput = await runAction({
      action: 'promote',
      workspace: dir,
      eventName: 'workflow_dispatch',
      event: {},
      apiUrl: NO_API,
      inputs: { model: 'fraud', version: '1.0.0' },
    });
    expect(missingInput.code).toBe(1);
    expect(errorLines(missingInput)).toEqual([
      `::error::error[ACTION_INPUT]: the stage input is required%0Ahint: Set "stage" in the workflow's with: block.%0Adocs: https://github.com/modelreg/modelreg/blob/main/docs/contract.md#the-actions`,
    ]);
    expect(missingInput.outputs).toEqual({});
    expect(git(dir, 'branch', '--format=%(refname:short)')).toBe('main');
  });

  it('fails a failing verdict once, without an error code, keeping the outputs the check set', async () => {
    const dir = createRepo({
      'registry.yaml': templatePolicy(),
      'models/fraud/model.yaml': modelYaml('fraud'),
      [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', { stage: 'production' }),
    });
    const base = git(dir, 'rev-parse', 'HEAD');
    const head = commit(
      dir,
      { [versionPath('fraud', '1.1.0')]: versionYaml('1.1.0', { stage: 'production' }) },
      'a second version straight into production',
    );
    const run = await runAction({
      action: 'validate',
      workspace: dir,
      eventName: 'merge_group',
      event: { merge_group: { base_sha: base, head_sha: head } },
      apiUrl: NO_API,
    });
    expect(run.code).toBe(1);
    const failures = errorLines(run).filter((line) => line.startsWith('::error::'));
    expect(failures).toEqual(['::error::modelreg: the change is not ready; see the annotations and the job summary']);
    expect(errorLines(run).length).toBeGreaterThan(1);
    expect(run.stdout).not.toContain('error[');
    expect(run.outputs.verdict).toBe('fail');
    expect(JSON.parse(run.outputs.changes!)).not.toEqual([]);
    expect(run.outputs.released).toBeUndefined();
  });
});
