/**
 * `modelreg history <model> [--format <f>]` answered from the history cache
 * alone, before the command line, git, YAML or the schemas are loaded: a
 * warm run then costs little more than Node's start.
 *
 * The answer is the one the full command gives at a cache hit, because the
 * entry it reads is the one that run would read: written by `history <model>`
 * at the same head commit (which checked the model and the policy there, and
 * both are functions of that commit), for the same repository path, in the
 * current cache format (modelreg's version and parsing code included). It
 * answers only a run whose outcome nothing else can change: exactly those
 * arguments, the registry at the top of the repository (registry.yaml beside
 * `.git`), HEAD read by plainHeadCommit. Otherwise it returns undefined and
 * main.ts runs the full command, which reads the same cache the ordinary way.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { modelDir, POLICY_PATH } from '../domain/layout.js';
import { plainHeadCommit } from '../git/plain-head.js';
import { HistoryCacheDirectory } from '../history/history-cache.js';
import { EXIT, type Io } from './io.js';
import { renderHistory, type HistoryFormat } from './render/history.js';

const FORMATS: readonly string[] = ['table', 'json', 'csv', 'md'] satisfies HistoryFormat[];

/** `history <model>`, `--format <f>` or `--format=<f>` before or after it, and nothing else; undefined for any other arguments. */
export function plainHistoryRequest(argv: readonly string[]): { model: string; format: HistoryFormat } | undefined {
  if (argv[0] !== 'history') return undefined;
  let model: string | undefined;
  let format: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    const value =
      arg === '--format' ? argv[++i] : arg.startsWith('--format=') ? arg.slice('--format='.length) : undefined;
    if (value !== undefined) {
      if (format !== undefined) return undefined;
      format = value;
    } else if (arg.startsWith('-') || arg === '' || model !== undefined || arg === '--format') return undefined;
    else model = arg;
  }
  if (model === undefined || (format !== undefined && !FORMATS.includes(format))) return undefined;
  return { model, format: (format ?? 'table') as HistoryFormat };
}

/** The exit code after printing the cached answer, or undefined when the full command must run. */
export async function historyFromCache(
  argv: readonly string[],
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number | undefined> {
  const request = plainHistoryRequest(argv);
  if (!request) return undefined;
  const workTree = resolve(io.cwd);
  // Registry.discover's answer when registry.yaml sits at the top of the repository: the registry's root is ''.
  if (!existsSync(join(workTree, POLICY_PATH))) return undefined;
  const head = plainHeadCommit(workTree, env);
  if (head === undefined) return undefined;
  const cache = new HistoryCacheDirectory(join(workTree, '.git', 'modelreg', 'history'));
  // An entry this code cannot render (edited by hand, or damaged) is no answer: the full command decides.
  try {
    const events = await cache.checkedHistory(modelDir(request.model), head);
    if (events === undefined) return undefined;
    const text = renderHistory(events, request.format);
    io.out(text);
    return events.length === 0 ? EXIT.rejected : EXIT.ok;
  } catch {
    return undefined;
  }
}
