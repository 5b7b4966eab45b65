/** The text `modelreg github doctor` and `setup` print (pure). */
import type { RepositoryRef } from './github-port.js';
import type { Gap, PlannedCall } from './repository-setup.js';

export interface CallOutcome {
  readonly call: PlannedCall;
  /** undefined: done. */
  readonly failure?: { readonly status: number | undefined; readonly message: string };
}

export function renderCall(call: PlannedCall): string {
  return `${call.method} ${call.path}\n${JSON.stringify(call.body, null, 2)}\n`;
}

export function renderPlannedCalls(calls: readonly PlannedCall[]): string {
  if (calls.length === 0) return 'dry run: no API call is needed.\n';
  return `dry run: the API calls setup would make (nothing was sent):\n\n${calls.map((c) => `# ${c.purpose}\n${renderCall(c)}`).join('\n')}\n`;
}

export function renderOutcomes(outcomes: readonly CallOutcome[]): string {
  return outcomes
    .map(({ call, failure }) =>
      failure
        ? `could not ${call.purpose}: ${call.method} ${call.path} was refused${failure.status ? ` with ${failure.status}` : ''} (${failure.message}). ${permissionHint(failure.status, call.permission)}\n`
        : `done: ${call.purpose} (${call.method} ${call.path})\n`,
    )
    .join('');
}

function permissionHint(status: number | undefined, permission: string): string {
  if (status === 403 || status === 404)
    return `The token needs ${permission} on the repository (a classic token: the repo scope, from a repository admin).`;
  if (status === 422)
    return 'GitHub refused the settings (a feature this plan or GitHub Enterprise version lacks, or settings it cannot take): set it in the repository settings.';
  return 'Run it again, or set it in the repository settings.';
}

export function renderGaps(
  repository: RepositoryRef,
  branch: string,
  gaps: readonly Gap[],
  notes: readonly string[],
): string {
  const name = `${repository.owner}/${repository.repo}`;
  const lines =
    gaps.length === 0
      ? [`${name} (default branch ${branch}) is ready for the registry.`]
      : [`${name} (default branch ${branch}): ${gaps.length} ${gaps.length === 1 ? 'gap' : 'gaps'}`];
  gaps.forEach((gap, i) => {
    lines.push(`  ✗ ${gap.area}: ${gap.message}`);
    // Said once under the last gap it fixes (the CODEOWNERS gaps share theirs).
    if (gap.fix && gaps[i + 1]?.fix !== gap.fix) lines.push(`    fix: ${gap.fix}`);
  });
  for (const note of notes) lines.push(`note: ${note}`);
  return `${lines.join('\n')}\n`;
}

export function renderCodeOwnersFile(text: string): string {
  return (
    '\nThe CODEOWNERS the registry needs. Save it as .github/CODEOWNERS, commit it on a branch and merge it through a pull request\n' +
    "(a change to .github/ needs the code owners' review, so setup does not push it past them):\n\n" +
    text
      .split('\n')
      .map((line) => (line === '' ? '' : `    ${line}`))
      .join('\n')
  );
}
