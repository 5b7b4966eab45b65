/**
 * The fixed inputs of the renderer snapshots (render-snapshots.test.ts): the YAML registry under
 * test/fixtures/render/, a pull request against it, and a history of its stage changes. No clock,
 * no temp path, no git: the same bytes in gives the same page out.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { HistoryEvent } from '../../src/history/read-history.js';
import { memorySource } from './memory-registry.js';
import type { Files } from './temp-repo.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'render');

/** Every file below test/fixtures/render/<name>/, keyed by its path inside that directory. */
export function fixtureFiles(name: 'registry' | 'pull-request'): Files {
  const root = join(FIXTURES, name);
  const files: Files = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[relative(root, path).split('\\').join('/')] = readFileSync(path, 'utf8');
    }
  };
  walk(root);
  return files;
}

/** The registry before the pull request, and with it. */
export function fixtureSnapshots() {
  const base = memorySource(fixtureFiles('registry'));
  const head = memorySource(fixtureFiles('pull-request'), base);
  return { base, head };
}

/** The pull request's head commit: reviews of it count, reviews of anything else do not. */
export const HEAD_SHA = 'c0ffee0000000000000000000000000000000001';

/** The id of the fixture history's commit number `n`. */
export function fixtureCommit(n: number): string {
  return createHash('sha1').update(`fixture commit ${n}`).digest('hex');
}

type Move = [version: string, type: HistoryEvent['type'], from: string | null, to: string | null];

/** One commit's stage changes of a model, in the order history lists them. */
function landed(
  n: number,
  model: string,
  date: string,
  author: string,
  moves: Move[],
  how: { pr?: number; emergency?: string } = {},
): HistoryEvent[] {
  const authored = new Date(Date.parse(date) - 3 * 3600_000).toISOString().replace('.000Z', 'Z');
  return moves.map(([version, type, from, to]) => ({
    commit: fixtureCommit(n),
    date,
    authored,
    author,
    model,
    version,
    type,
    from,
    to,
    pr: how.pr ?? null,
    landedBy: fixtureCommit(n),
    subject: `${type} ${model}@${version}`,
    emergency: how.emergency ?? null,
    guardrail: null,
  }));
}

/** The registry's history, newest first as read-history returns it; its end state is the fixture registry's. */
export const FIXTURE_HISTORY: readonly HistoryEvent[] = [
  ...landed(12, 'churn', '2026-03-19T09:00:00Z', 'bob@example.com', [['0.1.0', 'demote', 'staging', 'development']], {
    pr: 21,
  }),
  ...landed(11, 'fraud', '2026-03-16T07:40:00Z', 'bob@example.com', [['1.2.0', 'promote', 'development', 'staging']], {
    emergency: 'chargeback spike: need the February model in staging tonight',
  }),
  ...landed(10, 'fraud', '2026-03-15T08:15:00Z', 'bob@example.com', [['1.2.0', 'register', null, 'development']], {
    pr: 18,
  }),
  ...landed(9, 'churn', '2026-03-10T17:00:00Z', 'bob@example.com', [['0.1.0', 'promote', 'development', 'staging']], {
    emergency: 'demo for the board',
  }),
  ...landed(8, 'churn', '2026-03-01T10:00:00Z', 'bob@example.com', [['0.1.0', 'register', null, 'development']], {
    pr: 16,
  }),
  ...landed(
    7,
    'fraud',
    '2026-03-01T09:00:00Z',
    'alice@example.com',
    [
      ['1.1.0', 'promote', 'staging', 'production'],
      ['1.0.0', 'demote', 'production', 'archived'],
    ],
    { pr: 15 },
  ),
  ...landed(
    6,
    'fraud',
    '2026-02-22T21:30:00Z',
    'alice@example.com',
    [
      ['1.1.0', 'rollback', 'production', 'staging'],
      ['1.0.0', 'rollback', 'archived', 'production'],
    ],
    { pr: 14 },
  ),
  ...landed(
    5,
    'fraud',
    '2026-02-20T15:00:00Z',
    'alice@example.com',
    [
      ['1.1.0', 'promote', 'staging', 'production'],
      ['1.0.0', 'demote', 'production', 'archived'],
    ],
    { pr: 12 },
  ),
  ...landed(4, 'fraud', '2026-02-12T11:00:00Z', 'alice@example.com', [['1.1.0', 'promote', 'development', 'staging']], {
    pr: 9,
  }),
  ...landed(3, 'fraud', '2026-02-10T14:00:00Z', 'alice@example.com', [['1.1.0', 'register', null, 'development']], {
    pr: 8,
  }),
  ...landed(2, 'fraud', '2026-01-12T09:00:00Z', 'alice@example.com', [['1.0.0', 'promote', 'staging', 'production']], {
    pr: 4,
  }),
  ...landed(1, 'fraud', '2026-01-08T09:00:00Z', 'alice@example.com', [['1.0.0', 'promote', 'development', 'staging']], {
    pr: 3,
  }),
  ...landed(0, 'fraud', '2026-01-05T09:30:00Z', 'alice@example.com', [['1.0.0', 'register', null, 'development']], {
    pr: 2,
  }),
];

/** The release note the push check wrote for the fraud emergency push; churn's has none. */
export const FIXTURE_EMERGENCIES = new Map([
  [fixtureCommit(11), { reason: 'chargeback spike: need the February model in staging tonight', by: 'bob' }],
]);
