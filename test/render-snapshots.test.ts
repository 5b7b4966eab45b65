/**
 * Renderers, fixture in and snapshot out: the pull request report, a model's page, the audit report
 * and the catalog's three drawings, from the YAML registry under test/fixtures/render/ read into
 * memory (helpers/render-fixtures.ts). The files under test/__snapshots__/render/ are each renderer's
 * exact output, for a reviewer to read; the drawings are HTML fragments (an inline SVG in a figure)
 * that a browser opens. After an intended change of output: `npx vitest run -u test/render-snapshots.test.ts`,
 * then read the diff.
 */
import { describe, expect, it } from 'vitest';
import { lineageSvg } from '../src/catalog/lineage-svg.js';
import { holderSpans } from '../src/catalog/catalog-data.js';
import { metricChartSvg } from '../src/catalog/metric-chart-svg.js';
import { timelineFigure } from '../src/catalog/timeline-svg.js';
import { renderReport, type ValidationReportView } from '../src/github/render-report.js';
import {
  approvalRequirements,
  countableApprovals,
  evaluateApprovals,
  type Membership,
  type Review,
} from '../src/governance/approvals.js';
import { classifyChange } from '../src/governance/classify-change.js';
import { renderAuditMarkdown } from '../src/history/audit-report.js';
import { renderModelPage } from '../src/model-docs/model-page.js';
import { compareVersions } from '../src/lifecycle/compare-versions.js';
import { RegistryView } from '../src/registry/registry-view.js';
import { validateChange } from '../src/validate/validate-change.js';
import { validateSnapshot } from '../src/validate/validate-snapshot.js';
import {
  FIXTURE_EMERGENCIES,
  FIXTURE_HISTORY,
  HEAD_SHA,
  fixtureCommit,
  fixtureFiles,
  fixtureSnapshots,
} from './helpers/render-fixtures.js';
import { memorySource } from './helpers/memory-registry.js';

const snapshot = (name: string) => `./__snapshots__/render/${name}`;

describe('the fixture registry', () => {
  it('is valid, so the snapshots show a real registry', async () => {
    const { base } = fixtureSnapshots();
    expect((await validateSnapshot(base)).findings).toEqual([]);
  });
});

/** The pull request check's view, assembled as validate-pull-request.ts does, GitHub's answers given as data. */
async function pullRequestView(): Promise<ValidationReportView> {
  const { base, head } = fixtureSnapshots();
  const report = await validateChange({ base, head });
  const changes = classifyChange(report.input);
  const reviews: Review[] = [
    { user: 'alice', state: 'APPROVED', commitId: HEAD_SHA },
    { user: 'frank', state: 'APPROVED', commitId: HEAD_SHA },
    { user: 'dave', state: 'APPROVED', commitId: HEAD_SHA },
    { user: 'erin', state: 'APPROVED', commitId: fixtureCommit(12) },
    { user: 'bob', state: 'APPROVED', commitId: HEAD_SHA },
  ];
  const teams: Record<string, string[]> = { '@acme/ml': ['frank'] };
  const membership = async (team: string, user: string): Promise<Membership> =>
    teams[team]?.includes(user) ? 'member' : 'not-member';
  const approvals = await evaluateApprovals(
    approvalRequirements(report.input),
    countableApprovals(reviews, 'bob', HEAD_SHA),
    membership,
  );
  const baseView = new RegistryView(base, undefined);
  const comparisons = [];
  for (const entering of changes.filter((c) => c.type === 'promote')) {
    const replaced = changes.find((c) => c.model === entering.model && c.from === entering.to);
    if (replaced?.version && entering.version)
      comparisons.push(await compareVersions(baseView, entering.model!, replaced.version, entering.version));
  }
  return {
    verdict: report.ok && approvals.every((a) => a.missing === 0) ? 'pass' : 'fail',
    changes,
    findings: report.findings,
    approvals,
    comparisons,
    notes: [],
    blobUrl: `https://github.com/acme/registry/blob/${HEAD_SHA}`,
  };
}

describe('the pull request report', () => {
  it('shows changes, the diagram, approvals, the comparison and the findings', async () => {
    const markdown = renderReport(await pullRequestView());
    await expect(markdown).toMatchFileSnapshot(snapshot('pull-request-report.md'));
  });

  it('cuts the findings, never the verdict, to stay under the limit (a merge queue report)', async () => {
    const view = await pullRequestView();
    const markdown = renderReport(
      {
        ...view,
        approvals: undefined,
        comparisons: [],
        notes: ['Merge queue: the contract is checked on each commit of the group and on the combined change.'],
        blobUrl: undefined,
      },
      1_600,
    );
    expect(markdown.length).toBeLessThanOrEqual(1_600);
    await expect(markdown).toMatchFileSnapshot(snapshot('pull-request-report-cut.md'));
  });
});

describe('model pages', () => {
  it('renders a model with holders, metrics, a deprecation, a rollback plan and its lineage', async () => {
    const { base } = fixtureSnapshots();
    const page = await renderModelPage(new RegistryView(base, undefined), 'fraud', async (stage) =>
      stage === 'production' ? { restores: [{ version: '1.0.0', weight: undefined }] } : undefined,
    );
    await expect(page).toMatchFileSnapshot(snapshot('model-page-fraud.md'));
  });

  it('renders a stage whose latest change was a rollback: restore by name, not by reverting it', async () => {
    const { base } = fixtureSnapshots();
    const page = await renderModelPage(new RegistryView(base, undefined), 'fraud', async (stage) =>
      stage === 'production'
        ? { restores: [{ version: '1.2.0', weight: undefined }], undoesRollback: ['1.2.0'] }
        : undefined,
    );
    await expect(page).toMatchFileSnapshot(snapshot('model-page-fraud-after-rollback.md'));
  });

  it('renders a split stage: each holder with its weight, and a rollback that reverts the latest ramp step', async () => {
    const { base } = fixtureSnapshots();
    const files = fixtureFiles('registry');
    const text = (path: string) => {
      const content = files[path];
      if (typeof content !== 'string') throw new Error(`no fixture text ${path}`);
      return content;
    };
    const weighted = (path: string, stage: string, weight: number) =>
      text(path).replace(/^stage: .*$/m, `stage: ${stage}\nweight: ${weight}`);
    const split = memorySource(
      {
        'registry.yaml': text('registry.yaml').replace('    exclusive: true\n', '    split: true\n'),
        'models/fraud/versions/1.1.0.yaml': weighted('models/fraud/versions/1.1.0.yaml', 'production', 50),
        'models/fraud/versions/1.2.0.yaml': weighted('models/fraud/versions/1.2.0.yaml', 'production', 50),
      },
      base,
    );
    const page = await renderModelPage(new RegistryView(split, undefined), 'fraud', async (stage) =>
      stage === 'production'
        ? {
            restores: [
              { version: '1.1.0', weight: 90 },
              { version: '1.2.0', weight: 10 },
            ],
          }
        : undefined,
    );
    await expect(page).toMatchFileSnapshot(snapshot('model-page-fraud-split.md'));
  });

  it('renders a model that holds no exclusive stage', async () => {
    const { base } = fixtureSnapshots();
    const page = await renderModelPage(new RegistryView(base, undefined), 'churn', async () => undefined);
    await expect(page).toMatchFileSnapshot(snapshot('model-page-churn.md'));
  });
});

describe('the audit report', () => {
  it('lists governed stage changes, rollbacks and emergency pushes with and without a release record', async () => {
    const view = new RegistryView(fixtureSnapshots().base, undefined);
    const models = new Map(
      await Promise.all((await view.modelNames()).map(async (name) => [name, (await view.model(name)).entry] as const)),
    );
    const markdown = renderAuditMarkdown({
      registryName: 'acme models',
      branch: 'main',
      commit: fixtureCommit(12),
      generated: new Date('2026-04-05T12:00:00.000Z'),
      since: new Date('2026-01-01T00:00:00Z'),
      until: undefined,
      policy: await view.policy(),
      models,
      events: FIXTURE_HISTORY,
      emergencies: FIXTURE_EMERGENCIES,
    });
    await expect(markdown).toMatchFileSnapshot(snapshot('audit-report.md'));
  });
});

describe('catalog drawings', () => {
  async function fraudVersions() {
    const view = new RegistryView(fixtureSnapshots().base, undefined);
    const details = await view.model('fraud');
    return Promise.all(details.versions.map((v) => view.version('fraud', v.version)));
  }

  it('draws the lineage: parents, data sets and code commits', async () => {
    await expect(lineageSvg(await fraudVersions())).toMatchFileSnapshot(snapshot('lineage-fraud.html'));
  });

  it('draws the timeline of stage holders, as of the model’s last change', async () => {
    const fraud = FIXTURE_HISTORY.filter((e) => e.model === 'fraud');
    const figure = timelineFigure(
      ['development', 'staging', 'production', 'archived'],
      holderSpans(fraud),
      fraud[0]!.date,
    );
    await expect(figure).toMatchFileSnapshot(snapshot('timeline-fraud.html'));
  });

  it('charts a metric to maximize and one to minimize across versions', async () => {
    const versions = await fraudVersions();
    await expect(metricChartSvg('auc', 'maximize', versions)).toMatchFileSnapshot(snapshot('metric-fraud-auc.html'));
    await expect(metricChartSvg('latency_ms', 'minimize', versions)).toMatchFileSnapshot(
      snapshot('metric-fraud-latency_ms.html'),
    );
  });
});
