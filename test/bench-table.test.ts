import { describe, expect, it } from 'vitest';
import { alternation, coldWarmRows, commandLabel, renderTable, rowOf } from '../bench/bench-table.js';
import type { GeneratedRegistry } from '../bench/generate-registry.js';
import { FLOOR, mergeHeavyScenarios, scenarios } from '../bench/scenarios.js';

const BIN = '/work/main/bin/modelreg.js';
const registry: GeneratedRegistry = {
  dir: '/tmp/r',
  head: 'a'.repeat(40),
  prBranch: 'bench-pr',
  middleDate: '2024-02-08',
  promotable: '1.8.0',
  quietModel: 'm0500',
};

describe('bench rows are labelled exactly as the commands that ran', () => {
  it('names the CLI modelreg and quotes what a shell would split or expand', () => {
    expect(commandLabel(['node', BIN, 'validate', '--all', '--head', 'HEAD'], BIN)).toBe(
      'modelreg validate --all --head HEAD',
    );
    expect(commandLabel(['node', BIN, 'validate', '--all'], BIN)).toBe('modelreg validate --all');
    expect(commandLabel(['git', 'grep', '-c', '^stage:', 'HEAD', '--', 'models'], BIN)).toBe(
      "git grep -c '^stage:' HEAD -- models",
    );
    expect(commandLabel(['git', 'grep', '-l', 'stage: production', 'HEAD'], BIN)).toBe(
      "git grep -l 'stage: production' HEAD",
    );
    expect(commandLabel(['sh', '-c', "sed -i 's/a/b/' f && git commit -qam x"], BIN)).toBe(
      `sh -c 'sed -i '\\''s/a/b/'\\'' f && git commit -qam x'`,
    );
    expect(commandLabel(['node', '-e', '0'], BIN)).toBe('node -e 0');
  });

  it('keeps every label distinct, the working-tree validate --all apart from the one at HEAD', () => {
    const labels = scenarios(registry, 'M', BIN).map((s) => commandLabel(s.ours, BIN));
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels).toContain('modelreg validate --all');
    expect(labels).toContain('modelreg validate --all --head HEAD');
    expect(labels).toContain('modelreg history m0000 --format json');
    expect(labels).toContain('modelreg history m0500 --format json');
    // Commands run in the registry's directory: no temporary paths in a label.
    expect(labels.filter((l) => l.includes('/tmp'))).toEqual([]);
  });

  it('builds the catalog on S and M, on L only when asked (--catalog-on L)', () => {
    const builds = (list: ReturnType<typeof scenarios>) =>
      list.filter((s) => commandLabel(s.ours, BIN).startsWith('modelreg catalog build')).length;
    expect(builds(scenarios(registry, 'M', BIN))).toBe(1);
    expect(builds(scenarios(registry, 'L', BIN))).toBe(0);
    expect(builds(scenarios(registry, 'L', BIN, true))).toBe(1);
  });

  it('starts every table, merge-heavy ones included, with node -e 0 as the floor', () => {
    for (const list of [
      scenarios(registry, 'S', BIN),
      scenarios(registry, 'L', BIN),
      mergeHeavyScenarios(registry, BIN),
    ])
      expect(list[0]).toBe(FLOOR);
    expect(commandLabel(FLOOR.ours, BIN)).toBe('node -e 0');
  });
});

describe('bench runs alternate modelreg and native git', () => {
  it('takes A B A B …, so a burst of load falls on both sides', () => {
    expect(alternation(3).map((s) => `${s.side}${s.run}`)).toEqual([
      'ours0',
      'native0',
      'ours1',
      'native1',
      'ours2',
      'native2',
    ]);
    expect(alternation(0)).toEqual([]);
  });
});

describe('the bench table', () => {
  const m = (ms: number, rssMb = 50) => ({ ms, rssMb });
  const rows = [
    rowOf('S', 'node -e 0', 'git --version', [m(60), m(50), m(55)], [m(2), m(3), m(4)], [0.5, 0.7]),
    ...coldWarmRows(
      'S',
      'modelreg validate --all --head HEAD',
      "git grep -c '^stage:' HEAD -- models",
      [m(300, 70), m(100), m(110), m(90), m(120)],
      [m(10), m(12), m(8), m(9), m(11)],
      [1.25, 2],
    ),
    rowOf('S merge-heavy', 'modelreg show m0000@production --at 2024-01-04', "sh -c 'a | b'", [m(120)], [m(6)], [0, 0]),
  ];

  it('reports medians, the cold run apart from the warm median, and the load average around each command', () => {
    expect(rows[0]).toMatchObject({ oursMs: 55, nativeMs: 3, scenario: 'node -e 0' });
    expect(rows[1]).toMatchObject({
      phase: 'cold',
      oursMs: 300,
      nativeMs: 10,
      oursRssMb: 70,
      scenario: 'modelreg validate --all --head HEAD (cold)',
    });
    expect(rows[2]).toMatchObject({ phase: 'warm', oursMs: 105, nativeMs: 10, oursRssMb: 50 });
  });

  it('renders commands as code, the phase outside them, pipes escaped, and the load', () => {
    expect(renderTable(rows).split('\n')).toEqual([
      '| size | modelreg command | modelreg (median ms) | native command | native (median ms) | ratio | modelreg peak RSS (MB) | native peak RSS (MB) | load (1 min) |',
      '| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |',
      '| S | `node -e 0` | 55 | `git --version` | 3 | 18.3 | 50 | 50 | 0.5–0.7 |',
      "| S | `modelreg validate --all --head HEAD` (cold) | 300 | `git grep -c '^stage:' HEAD -- models` | 10 | 30.0 | 70 | 50 | 1.3–2.0 |",
      "| S | `modelreg validate --all --head HEAD` (warm) | 105 | `git grep -c '^stage:' HEAD -- models` | 10 | 10.5 | 50 | 50 | 1.3–2.0 |",
      "| S merge-heavy | `modelreg show m0000@production --at 2024-01-04` | 120 | `sh -c 'a \\| b'` | 6 | 20.0 | 50 | 50 | 0.0–0.0 |",
    ]);
  });
});
