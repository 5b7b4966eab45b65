/**
 * Runs a bundled action the way the Actions runner does: `node dist/<name>/index.mjs`
 * with the GITHUB_* and INPUT_* environment, an event payload file, and files
 * for outputs and the job summary.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp-repo.js';

export const NODE24 = join(process.cwd(), '.cache', 'node24', 'bin', 'node');

export interface ActionRun {
  readonly code: number;
  readonly stdout: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
}

export async function runAction(options: {
  action: string;
  workspace: string;
  eventName: string;
  event: object;
  apiUrl: string;
  inputs?: Record<string, string>;
  node?: string;
  sha?: string;
  /** The fake API and git server speak plain http on 127.0.0.1; false runs without the opt-in that allows it. */
  allowInsecureLoopback?: boolean;
  /** More environment, e.g. MODELREG_DEBUG or ACTIONS_STEP_DEBUG. */
  env?: Record<string, string>;
}): Promise<ActionRun> {
  const dir = tempDir('modelreg-runner-');
  const eventPath = join(dir, 'event.json');
  const outputPath = join(dir, 'output');
  const summaryPath = join(dir, 'summary');
  writeFileSync(eventPath, JSON.stringify(options.event));
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    GIT_CONFIG_GLOBAL: process.env.GIT_CONFIG_GLOBAL ?? '',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: 'acme/registry',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_API_URL: options.apiUrl,
    GITHUB_SERVER_URL: 'https://github.invalid',
    GITHUB_SHA: options.sha ?? '',
    RUNNER_TEMP: dir,
    'INPUT_GITHUB-TOKEN': 'test-token',
  };
  if (options.allowInsecureLoopback !== false) env.MODELREG_ALLOW_INSECURE_LOOPBACK = '1';
  // Retries of failed API calls stay, without the seconds of backoff between them.
  env.MODELREG_GITHUB_RETRY_UNIT_MS = '0';
  Object.assign(env, options.env);
  for (const [name, value] of Object.entries(options.inputs ?? {})) env[`INPUT_${name.toUpperCase()}`] = value;
  const node = options.node ?? process.execPath;
  if (!existsSync(node))
    throw new Error(`${node} is missing: npm test installs Node 24 first (scripts/ensure-node24.ts)`);
  const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(
      node,
      [join(process.cwd(), 'dist', options.action, 'index.mjs')],
      { env, cwd: options.workspace },
      (error, out, err) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout: `${out}${err}` }),
    );
  });
  return {
    code,
    stdout,
    outputs: parseOutputs(readFileSync(outputPath, 'utf8')),
    summary: readFileSync(summaryPath, 'utf8'),
  };
}

/** GITHUB_OUTPUT's `name<<DELIMITER … DELIMITER` records. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (!match) continue;
    const end = lines.indexOf(match[2]!, i + 1);
    outputs[match[1]!] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return outputs;
}
