/**
 * The bench's pure parts: what a row is called (exactly the command that
 * ran), the order runs are taken in (modelreg and native git alternately, so
 * both see the same load), and the table printed and pasted into
 * docs/performance.md. bench/run.ts does the measuring.
 */

export type Side = 'ours' | 'native';

/** One timed run of one side: the whole sequence a scenario is measured in. */
export interface Step {
  readonly side: Side;
  readonly run: number;
}

/**
 * A B A B …: each modelreg run followed by its native run, so that a burst of
 * load on the shared machine lands on both sides rather than on a block of one.
 */
export function alternation(runs: number): Step[] {
  return Array.from({ length: runs }, (_, run) => [
    { side: 'ours' as const, run },
    { side: 'native' as const, run },
  ]).flat();
}

/**
 * A command as a user would type it: `modelreg validate --all --head HEAD`,
 * `git grep -c '^stage:' HEAD -- models`. The modelreg CLI is named
 * `modelreg` rather than `node <path>/bin/modelreg.js`; an argument the shell
 * would split or expand is single-quoted.
 */
export function commandLabel(argv: readonly string[], modelregBin: string): string {
  const words = argv[0] === 'node' && argv[1] === modelregBin ? ['modelreg', ...argv.slice(2)] : [...argv];
  return words.map(shellWord).join(' ');
}

function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Measurement {
  readonly ms: number;
  readonly rssMb: number;
}

export interface Row {
  readonly size: string;
  /** The modelreg command, exactly as it ran. */
  readonly command: string;
  /** Where the first run (no .git/modelreg) is reported apart from the median of the others. */
  readonly phase?: 'cold' | 'warm';
  /** The command and its phase: `modelreg list --json (cold)`. */
  readonly scenario: string;
  /** The native command timed against it. */
  readonly native: string;
  readonly oursMs: number;
  readonly nativeMs: number;
  readonly ratio: number;
  readonly oursRssMb: number;
  readonly nativeRssMb: number;
  /** The machine's 1-minute load average when the scenario started and when it ended. */
  readonly load: readonly [number, number];
}

export function rowOf(
  size: string,
  command: string,
  native: string,
  ours: readonly Measurement[],
  theirs: readonly Measurement[],
  load: readonly [number, number],
  phase?: 'cold' | 'warm',
): Row {
  const oursMs = median(ours.map((m) => m.ms));
  const nativeMs = median(theirs.map((m) => m.ms));
  return {
    size,
    command,
    ...(phase ? { phase } : {}),
    scenario: phase ? `${command} (${phase})` : command,
    native,
    oursMs,
    nativeMs,
    ratio: oursMs / nativeMs,
    oursRssMb: Math.max(...ours.map((m) => m.rssMb)),
    nativeRssMb: Math.max(...theirs.map((m) => m.rssMb)),
    load,
  };
}

/** Rows whose commands share one cold run and the median of the warm ones. */
/** The first run (cold) and the median of the others (warm), each against the native runs taken beside them. */
export function coldWarmRows(
  size: string,
  command: string,
  native: string,
  ours: readonly Measurement[],
  theirs: readonly Measurement[],
  load: readonly [number, number],
): Row[] {
  return [
    rowOf(size, command, native, ours.slice(0, 1), theirs.slice(0, 1), load, 'cold'),
    rowOf(size, command, native, ours.slice(1), theirs.slice(1), load, 'warm'),
  ];
}

/** The Markdown table; commands in code spans (a `|` inside one is escaped so the table holds). */
export function renderTable(rows: readonly Row[]): string {
  const code = (text: string) => `\`${text.replace(/\|/g, '\\|')}\``;
  return [
    '| size | modelreg command | modelreg (median ms) | native command | native (median ms) | ratio | modelreg peak RSS (MB) | native peak RSS (MB) | load (1 min) |',
    '| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.size} | ${code(r.command)}${r.phase ? ` (${r.phase})` : ''} | ${r.oursMs.toFixed(0)} | ${code(r.native)} | ${r.nativeMs.toFixed(0)} | ${r.ratio.toFixed(1)} | ${r.oursRssMb.toFixed(0)} | ${r.nativeRssMb.toFixed(0)} | ${r.load[0].toFixed(1)}–${r.load[1].toFixed(1)} |`,
    ),
  ].join('\n');
}
