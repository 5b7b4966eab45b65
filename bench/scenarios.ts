/**
 * What the bench times on a generated registry: each modelreg command
 * against the native git command that does the nearest equivalent work. Rows
 * are labelled by the commands themselves (bench-table.ts), so every command
 * here is written as it runs, relative to the registry's directory.
 */
import { HOT_MODEL, type GeneratedRegistry } from './generate-registry.js';

export interface Scenario {
  readonly ours: string[];
  readonly native: string[];
  /** Report the first run (without .git/modelreg) apart from the median of the others. */
  readonly coldWarm?: boolean;
  /** Run before each measured run, not timed (e.g. undo the previous promotion). */
  readonly reset?: string[];
  /** Where the command writes a static site, to weigh it afterwards. */
  readonly site?: string;
}

/** The floor of every table: a bare Node start against a bare git start. */
export const FLOOR: Scenario = { ours: ['node', '-e', '0'], native: ['git', '--version'] };

export function scenarios(r: GeneratedRegistry, size: string, bin: string, withCatalog = size !== 'L'): Scenario[] {
  const m = ['node', bin];
  const site = `../catalog-${size}`;
  return [
    FLOOR,
    {
      ours: [...m, 'validate', '--base', 'main', '--head', r.prBranch],
      native: ['git', 'diff', '--name-only', 'main', r.prBranch],
    },
    {
      ours: [...m, 'validate', '--all', '--head', 'HEAD'],
      native: ['git', 'grep', '-c', '^stage:', 'HEAD', '--', 'models'],
      coldWarm: true,
    },
    // The whole working tree, as people run it before committing.
    { ours: [...m, 'validate', '--all'], native: ['git', 'grep', '-c', '^stage:', '--', 'models'], coldWarm: true },
    {
      ours: [...m, 'resolve', `${HOT_MODEL}@production`, '--json'],
      native: ['git', 'grep', '-l', 'stage: production', 'HEAD', '--', `models/${HOT_MODEL}`],
    },
    {
      ours: [...m, 'list', '--json'],
      native: ['git', 'ls-tree', '-r', '--name-only', 'HEAD', 'models'],
      coldWarm: true,
    },
    // The long history (m0000 changes production holder about 20 times) and a short one in the same long log.
    {
      ours: [...m, 'history', HOT_MODEL, '--format', 'json'],
      native: ['git', 'log', '--format=%H', '--', `models/${HOT_MODEL}`],
      coldWarm: true,
    },
    {
      ours: [...m, 'history', r.quietModel, '--format', 'json'],
      native: ['git', 'log', '--format=%H', '--', `models/${r.quietModel}`],
      coldWarm: true,
    },
    {
      ours: [...m, 'show', `${HOT_MODEL}@production`, '--at', r.middleDate],
      native: ['git', 'rev-list', '--first-parent', '-1', `--until=${r.middleDate}T23:59:59Z`, 'HEAD'],
    },
    // A site of 110,000 pages for L is not a question anyone waits on interactively: S and M unless asked.
    ...(!withCatalog
      ? []
      : [
          {
            ours: [...m, 'catalog', 'build', '--out', site],
            native: ['git', 'log', '--format=%H', '--', 'models'],
            site,
          },
        ]),
    {
      // The check people run before committing: one edited file in the working tree against HEAD.
      ours: [...m, 'validate'],
      native: ['git', 'status', '--porcelain'],
      reset: [
        'sh',
        '-c',
        `git reset -q --hard ${r.head} && sed -i 's/^stage: staging$/stage: development/' models/${HOT_MODEL}/versions/${r.promotable}.yaml`,
      ],
    },
    {
      ours: [...m, 'promote', `${HOT_MODEL}@${r.promotable}`, '--to', 'production', '--here'],
      native: [
        'sh',
        '-c',
        `sed -i 's/^stage: staging$/stage: production/' models/${HOT_MODEL}/versions/${r.promotable}.yaml && git commit -qam promote`,
      ],
      reset: ['git', 'reset', '-q', '--hard', r.head],
    },
  ];
}

/**
 * On a merge-heavy registry (every change merged with --no-ff after main
 * changed the same model): the commands that read history, where such merges
 * are the work.
 */
export function mergeHeavyScenarios(r: GeneratedRegistry, bin: string): Scenario[] {
  const m = ['node', bin];
  return [
    FLOOR,
    {
      ours: [...m, 'history', HOT_MODEL, '--format', 'json'],
      native: ['git', 'log', '--format=%H', '--', `models/${HOT_MODEL}`],
      coldWarm: true,
    },
    {
      ours: [...m, 'history', r.quietModel, '--format', 'json'],
      native: ['git', 'log', '--format=%H', '--', `models/${r.quietModel}`],
      coldWarm: true,
    },
    {
      ours: [...m, 'validate', '--all', '--head', 'HEAD'],
      native: ['git', 'grep', '-c', '^stage:', 'HEAD', '--', 'models'],
      coldWarm: true,
    },
  ];
}
