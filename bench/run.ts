/**
 * `npm run bench`: generates synthetic registries (bench/generate-registry.ts)
 * and times whole-process runs of the modelreg CLI against the native git
 * command that does the nearest equivalent work (bench/scenarios.ts), on the
 * same repository in the same run, the two taken alternately so both see the
 * same load. Prints one table per run, labelled by the commands that ran, and
 * writes the numbers, with the machine's load average, to bench/results/.
 *
 *   npm run bench                       S and M, and S and M merge-heavy
 *   npm run bench -- --sizes S,M,L      L too (large: several minutes); none: no generated registry
 *   npm run bench -- --runs 7
 *   npm run bench -- --merge-heavy none merge-heavy registries off (or e.g. S)
 *   npm run bench -- --artifacts none   the artifact rows off (pull of 256 MB and 32 MB, bench/artifacts.ts)
 *   npm run bench -- --catalog-on L     the catalog build on L too (a site of 110,000 pages: minutes per run)
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  alternation,
  coldWarmRows,
  commandLabel,
  renderTable,
  rowOf,
  type Measurement,
  type Row,
} from './bench-table.js';
import { artifactBench } from './artifacts.js';
import { generateRegistry, SIZES, type GeneratedRegistry } from './generate-registry.js';
import { growthPlotSvg } from './plot.js';
import { FLOOR, mergeHeavyScenarios, scenarios, type Scenario } from './scenarios.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : fallback;
};
const sizes = option('--sizes', 'S,M')
  .split(',')
  .filter((s) => s !== 'none');
const mergeHeavySizes = option('--merge-heavy', 'S,M')
  .split(',')
  .filter((s) => s !== 'none');
const runs = Number(option('--runs', '5'));
const withArtifacts = option('--artifacts', 'all') !== 'none';
const catalogOn = option('--catalog-on', 'S,M')
  .split(',')
  .filter((s) => s !== 'none');
const work = mkdtempSync(join(tmpdir(), 'modelreg-bench-'));
const bin = snapshotCli(join(work, 'cli'));

/** The CLI as built when the bench started, copied aside: a rebuild of lib/ meanwhile cannot change or break what is timed. */
function snapshotCli(dir: string): string {
  cpSync(resolve('bin'), join(dir, 'bin'), { recursive: true });
  cpSync(resolve('lib/cli-bundle'), join(dir, 'lib', 'cli-bundle'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  return join(dir, 'bin', 'modelreg.js');
}

/** One whole-process run: wall time measured here, peak RSS from /usr/bin/time. */
function measure(command: readonly string[], cwd: string): Measurement {
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', ...command], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  const rssKb = Number(result.stderr.trim().split('\n').pop());
  if (result.status !== 0)
    throw new Error(`${command.join(' ')} exited ${result.status}: ${result.stderr.slice(0, 500)}`);
  return { ms, rssMb: rssKb / 1024 };
}

const loadNow = () => loadavg()[0]!;

/** Times one scenario, modelreg and native runs alternating; its rows. */
function timeScenario(size: string, dir: string, scenario: Scenario): Row[] {
  const taken: Record<'ours' | 'native', Measurement[]> = { ours: [], native: [] };
  const startLoad = loadNow();
  for (const step of alternation(runs)) {
    // Cold: without the caches an earlier scenario (or run) left in .git/modelreg.
    if (scenario.coldWarm && step.side === 'ours' && step.run === 0)
      rmSync(join(dir, '.git', 'modelreg'), { recursive: true, force: true });
    if (scenario.reset) spawnSync(scenario.reset[0]!, scenario.reset.slice(1), { cwd: dir });
    taken[step.side].push(measure(step.side === 'ours' ? scenario.ours : scenario.native, dir));
  }
  if (scenario.reset) spawnSync(scenario.reset[0]!, scenario.reset.slice(1), { cwd: dir });
  const load = [startLoad, loadNow()] as const;
  const ours = commandLabel(scenario.ours, bin);
  const native = commandLabel(scenario.native, bin);
  return scenario.coldWarm
    ? coldWarmRows(size, ours, native, taken.ours, taken.native, load)
    : [rowOf(size, ours, native, taken.ours, taken.native, load)];
}

function describeRegistry(name: string, registry: GeneratedRegistry, started: number): void {
  // L lists over 3 MB of paths: without a larger buffer the output (and the count) is cut at 1 MB.
  const count = (cmd: string[]) =>
    spawnSync(cmd[0]!, cmd.slice(1), { cwd: registry.dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
      .stdout.trim()
      .split('\n').length;
  console.log(
    `${name}: ${count(['git', 'rev-list', 'HEAD'])} commits (${count(['git', 'rev-list', '--merges', 'HEAD'])} merges), ` +
      `${count(['git', 'ls-files', 'models'])} files under models/, generated in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

function printRows(rows: readonly Row[]): void {
  for (const r of rows)
    console.log(
      `  ${r.scenario.padEnd(58)} ${r.oursMs.toFixed(0).padStart(7)} ms  native ${r.nativeMs.toFixed(0).padStart(6)} ms  ×${r.ratio.toFixed(1).padStart(6)}  ${r.oursRssMb.toFixed(0).padStart(5)} MB  load ${r.load[1].toFixed(1)}`,
    );
}

const rows: Row[] = [];
const catalogs: { size: string; pages: number; siteKiB: number; indexKiB: number }[] = [];
const startedAt = { date: new Date().toISOString(), load: loadavg() };
const benchStarted = performance.now();
try {
  const plan = [
    ...sizes.map((name) => ({ name, mergeHeavy: false })),
    ...mergeHeavySizes.map((name) => ({ name, mergeHeavy: true })),
  ];
  for (const { name, mergeHeavy } of plan) {
    const size = SIZES[name];
    if (!size) throw new Error(`unknown size ${name}: use S, M or L`);
    const label = mergeHeavy ? `${size.name} merge-heavy` : size.name;
    const started = performance.now();
    const registry = await generateRegistry(join(work, label.replace(' ', '-')), size, { mergeHeavy });
    describeRegistry(label, registry, started);
    for (const scenario of mergeHeavy
      ? mergeHeavyScenarios(registry, bin)
      : scenarios(registry, size.name, bin, catalogOn.includes(size.name))) {
      const measured = timeScenario(label, registry.dir, scenario);
      rows.push(...measured);
      printRows(measured);
      if (scenario.site) catalogs.push({ size: label, ...weighSite(join(registry.dir, scenario.site)) });
    }
  }
  if (withArtifacts) {
    const started = performance.now();
    const bench = await artifactBench(work, bin);
    console.log(
      `artifacts: 256 MB and 32 MB objects in s3rver and on disk, set up in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const saved = Object.fromEntries(Object.keys(bench.env).map((name) => [name, process.env[name]]));
    Object.assign(process.env, bench.env);
    try {
      for (const group of bench.groups)
        for (const scenario of group.scenarios) {
          const measured = timeScenario(group.label, bench.dir, scenario);
          rows.push(...measured);
          printRows(measured);
        }
    } finally {
      for (const [name, value] of Object.entries(saved))
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      await bench.close();
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

function weighSite(site: string): { pages: number; siteKiB: number; indexKiB: number } {
  const weight = spawnSync('du', ['-sk', site], { encoding: 'utf8' }).stdout.split('\t')[0];
  const pages = spawnSync('sh', ['-c', `find '${site}' -name '*.html' | wc -l`], { encoding: 'utf8' }).stdout.trim();
  const index = spawnSync('du', ['-k', join(site, 'index.html')], { encoding: 'utf8' }).stdout.split('\t')[0];
  console.log(`  catalog: ${pages} pages, ${weight} KiB on disk, index.html ${index} KiB`);
  return { pages: Number(pages), siteKiB: Number(weight), indexKiB: Number(index) };
}

const floorLabel = commandLabel(FLOOR.ours, bin);
const machine = { cpus: cpus().length, loadAtStart: startedAt.load, loadAtEnd: loadavg() };
console.log(`\n${renderTable(rows)}\n`);
console.log(
  `runs per command: ${runs}, modelreg and native alternating (cold = the first run, warm = the median of the others); ` +
    `\`${floorLabel}\` is each table's floor; ${machine.cpus} cores, load average (1/5/15 min) ${machine.loadAtStart.map((l) => l.toFixed(1)).join(' ')} at the start, ` +
    `${machine.loadAtEnd.map((l) => l.toFixed(1)).join(' ')} at the end; ${((performance.now() - benchStarted) / 1000).toFixed(0)} s in all`,
);
mkdirSync('bench/results', { recursive: true });
const out = `bench/results/bench-${startedAt.date.replace(/[:.]/g, '-')}.json`;
writeFileSync(
  out,
  `${JSON.stringify({ date: startedAt.date, node: process.version, runs, machine, rows, catalogs }, null, 2)}\n`,
);
console.log(`wrote ${out}`);
// The plot follows each command from S through M to L.
if (['S', 'M', 'L'].every((size) => sizes.includes(size))) {
  const plot = out.replace(/\.json$/, '.svg');
  const floor = rows.filter((r) => r.command === floorLabel && sizes.includes(r.size)).map((r) => r.oursMs);
  writeFileSync(
    plot,
    growthPlotSvg(
      rows,
      `modelreg, median ms per run (log scale), ${sizes.join(' / ')}; ${floorLabel}: ${floor.map((ms) => ms.toFixed(0)).join(' / ')} ms`,
    ),
  );
  console.log(`wrote ${plot}`);
}
