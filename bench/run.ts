/**
 * `npm run bench`: generates synthetic registries (bench/generate-registry.ts)
 * and times whole-process runs of the modelreg CLI against the native git
 * command that does the nearest equivalent work, on the same repository in
 * the same run. Prints one table and writes the numbers to bench/results/.
 *
 *   npm run bench                       S and M
 *   npm run bench -- --sizes S,M,L      L too (large: several minutes)
 *   npm run bench -- --runs 7
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateRegistry, HOT_MODEL, SIZES, type GeneratedRegistry } from './generate-registry.js';
import { growthPlotSvg } from './plot.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : fallback;
};
const sizes = option('--sizes', 'S,M').split(',');
const runs = Number(option('--runs', '5'));
const bin = resolve('bin/modelreg.js');

interface Measurement {
  readonly ms: number;
  readonly rssMb: number;
}

/** One whole-process run: wall time measured here, peak RSS from /usr/bin/time. */
function measure(command: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Measurement {
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', ...command], { cwd, env, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const ms = performance.now() - started;
  const rssKb = Number(result.stderr.trim().split('\n').pop());
  if (result.status !== 0 && !command.includes('resolve-may-fail')) {
    throw new Error(`${command.join(' ')} exited ${result.status}: ${result.stderr.slice(0, 500)}`);
  }
  return { ms, rssMb: rssKb / 1024 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface Scenario {
  readonly name: string;
  readonly ours: string[];
  readonly native: string[];
  /** Report the first run separately (cold) from the median of the rest (warm). */
  readonly coldWarm?: boolean;
  /** Run before each measured run, not timed (e.g. undo the previous promotion). */
  readonly reset?: string[];
}

interface Row {
  readonly size: string;
  readonly scenario: string;
  readonly oursMs: number;
  readonly nativeMs: number;
  readonly ratio: number;
  readonly oursRssMb: number;
  readonly nativeRssMb: number;
}

function scenarios(r: GeneratedRegistry, size: string): Scenario[] {
  const m = ['node', bin];
  return [
    { name: 'validate PR (promote: 2 files)', ours: [...m, 'validate', '--base', 'main', '--head', r.prBranch], native: ['git', 'diff', '--name-only', 'main', r.prBranch] },
    { name: 'validate --all', ours: [...m, 'validate', '--all', '--head', 'HEAD'], native: ['git', 'grep', '-c', '^stage:', 'HEAD', '--', 'models'], coldWarm: true },
    { name: `resolve ${HOT_MODEL}@production`, ours: [...m, 'resolve', `${HOT_MODEL}@production`, '--json'], native: ['git', 'grep', '-l', 'stage: production', 'HEAD', '--', `models/${HOT_MODEL}`] },
    { name: 'list --json', ours: [...m, 'list', '--json'], native: ['git', 'ls-tree', '-r', '--name-only', 'HEAD', 'models'], coldWarm: true },
    { name: `history ${HOT_MODEL}`, ours: [...m, 'history', HOT_MODEL, '--format', 'json'], native: ['git', 'log', '--format=%H', '--', `models/${HOT_MODEL}`], coldWarm: true },
    { name: `show @production --at ${r.middleDate}`, ours: [...m, 'show', `${HOT_MODEL}@production`, '--at', r.middleDate], native: ['git', 'rev-list', '--first-parent', '-1', `--until=${r.middleDate}T23:59:59Z`, 'HEAD'] },
    // A site of 110,000 pages for L is not a question anyone waits on interactively: S and M only.
    ...(size === 'L'
      ? []
      : [
          {
            name: 'catalog build (static site)',
            ours: [...m, 'catalog', 'build', '--out', join(r.dir, '..', `catalog-${r.head.slice(0, 7)}`)],
            native: ['git', 'log', '--format=%H', '--', 'models'],
          },
        ]),
    {
      // The check people run before committing: one edited file in the working tree against HEAD.
      name: 'validate (working tree, one edit)',
      ours: [...m, 'validate'],
      native: ['git', 'status', '--porcelain'],
      reset: ['sh', '-c', `git reset -q --hard ${r.head} && sed -i 's/^stage: staging$/stage: development/' models/${HOT_MODEL}/versions/${r.promotable}.yaml`],
    },
    {
      name: 'promote --here (with commit)',
      ours: [...m, 'promote', `${HOT_MODEL}@${r.promotable}`, '--to', 'production', '--here'],
      native: ['sh', '-c', `sed -i 's/^stage: staging$/stage: production/' models/${HOT_MODEL}/versions/${r.promotable}.yaml && git commit -qam promote`],
      reset: ['git', 'reset', '-q', '--hard', r.head],
    },
  ];
}

const rows: Row[] = [];
const catalogs: { size: string; pages: number; siteKiB: number; indexKiB: number }[] = [];
const work = mkdtempSync(join(tmpdir(), 'modelreg-bench-'));
const baseline = median(Array.from({ length: runs }, () => measure(['node', '-e', '0'], work).ms));
console.log(`node -e 0: ${baseline.toFixed(0)} ms (start-up of a bare Node process)\n`);
try {
  for (const sizeName of sizes) {
    const size = SIZES[sizeName];
    if (!size) throw new Error(`unknown size ${sizeName}: use S, M or L`);
    const started = performance.now();
    const registry = await generateRegistry(join(work, size.name), size);
    // L lists over 3 MB of paths: without a larger buffer the output (and the count) is cut at 1 MB.
    const count = (cmd: string[]) =>
      spawnSync(cmd[0]!, cmd.slice(1), { cwd: registry.dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).stdout.trim().split('\n').length;
    console.log(
      `${size.name}: ${count(['git', 'rev-list', 'HEAD'])} commits (${count(['git', 'rev-list', '--merges', 'HEAD'])} merges), ` +
        `${count(['git', 'ls-files', 'models'])} files under models/, generated in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    for (const scenario of scenarios(registry, size.name)) {
      const ours: Measurement[] = [];
      const native: Measurement[] = [];
      for (let i = 0; i < runs; i++) {
        // Cold: without the on-disk parse cache an earlier scenario may have written.
        if (scenario.coldWarm && i === 0) rmSync(join(registry.dir, '.git', 'modelreg'), { recursive: true, force: true });
        if (scenario.reset) spawnSync(scenario.reset[0]!, scenario.reset.slice(1), { cwd: registry.dir });
        ours.push(measure(scenario.ours, registry.dir));
        if (scenario.reset) spawnSync(scenario.reset[0]!, scenario.reset.slice(1), { cwd: registry.dir });
        native.push(measure(scenario.native, registry.dir));
      }
      if (scenario.reset) spawnSync(scenario.reset[0]!, scenario.reset.slice(1), { cwd: registry.dir });
      if (scenario.name.startsWith('catalog')) {
        const site = join(registry.dir, '..', `catalog-${registry.head.slice(0, 7)}`);
        const weight = spawnSync('du', ['-sk', site], { encoding: 'utf8' }).stdout.split('\t')[0];
        const pages = spawnSync('sh', ['-c', `find ${site} -name '*.html' | wc -l`], { encoding: 'utf8' }).stdout.trim();
        const index = spawnSync('du', ['-k', join(site, 'index.html')], { encoding: 'utf8' }).stdout.split('\t')[0];
        console.log(`  catalog: ${pages} pages, ${weight} KiB on disk, index.html ${index} KiB`);
        catalogs.push({ size: size.name, pages: Number(pages), siteKiB: Number(weight), indexKiB: Number(index) });
      }
      const add = (label: string, o: Measurement[], n: Measurement[]) => {
        const oursMs = median(o.map((x) => x.ms));
        const nativeMs = median(n.map((x) => x.ms));
        rows.push({ size: size.name, scenario: label, oursMs, nativeMs, ratio: oursMs / nativeMs, oursRssMb: Math.max(...o.map((x) => x.rssMb)), nativeRssMb: Math.max(...n.map((x) => x.rssMb)) });
        const last = rows[rows.length - 1]!;
        console.log(`  ${label.padEnd(40)} ${last.oursMs.toFixed(0).padStart(7)} ms  git ${last.nativeMs.toFixed(0).padStart(6)} ms  ×${last.ratio.toFixed(1).padStart(6)}  ${last.oursRssMb.toFixed(0).padStart(5)} MB`);
      };
      if (scenario.coldWarm) {
        add(`${scenario.name} (cold)`, ours.slice(0, 1), native.slice(0, 1));
        add(`${scenario.name} (warm)`, ours.slice(1), native.slice(1));
      } else {
        add(scenario.name, ours, native);
      }
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const table = [
  '| size | scenario | modelreg (median ms) | native git (median ms) | ratio | modelreg peak RSS (MB) | git peak RSS (MB) |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.size} | ${r.scenario} | ${r.oursMs.toFixed(0)} | ${r.nativeMs.toFixed(0)} | ${r.ratio.toFixed(1)} | ${r.oursRssMb.toFixed(0)} | ${r.nativeRssMb.toFixed(0)} |`),
].join('\n');
console.log(`\n${table}\n\nnode -e 0: ${baseline.toFixed(0)} ms; runs per scenario: ${runs} (cold = the first run, warm = the median of the others)`);
mkdirSync('bench/results', { recursive: true });
const out = `bench/results/bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, runs, nodeStartMs: baseline, rows, catalogs }, null, 2)}\n`);
console.log(`wrote ${out}`);
if (sizes.length > 1) {
  const plot = out.replace(/\.json$/, '.svg');
  writeFileSync(plot, growthPlotSvg(rows, `modelreg, median ms per run (log scale), ${sizes.join(' / ')}; node -e 0: ${baseline.toFixed(0)} ms`));
  console.log(`wrote ${plot}`);
}
