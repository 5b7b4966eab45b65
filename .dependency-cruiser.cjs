/**
 * The architecture, checked (`npm run arch`, part of `npm test`; docs/architecture.md explains it).
 *
 * LAYERS is the one ordered list, bottom first: a module imports only its own layer and the layers below it.
 * Type-only imports count too: a type is as much a dependency of the design as a function. The rules below
 * are derived from the list, so moving a folder up or down is one line here.
 */

/** Bottom first. A path ending in "/" is a folder; a longer path claims its files from a shorter one. */
const LAYERS = [
  { name: 'domain', paths: ['src/domain/', 'src/version.ts'] },
  { name: 'yaml', paths: ['src/yaml/'] },
  { name: 'contract', paths: ['src/contract/'] },
  { name: 'git', paths: ['src/git/'] },
  { name: 'snapshot', paths: ['src/snapshot/'] },
  { name: 'validate', paths: ['src/validate/'] },
  { name: 'history', paths: ['src/history/'] },
  { name: 'governance', paths: ['src/governance/'] },
  { name: 'read-api', paths: ['src/read-api/'] },
  { name: 'registry', paths: ['src/registry/'] },
  { name: 'model-docs', paths: ['src/model-docs/'] },
  { name: 'lifecycle', paths: ['src/lifecycle/'] },
  { name: 'guard', paths: ['src/guard/'] },
  { name: 'artifacts', paths: ['src/artifacts/'] },
  { name: 'catalog', paths: ['src/catalog/'] },
  { name: 'github', paths: ['src/github/'] },
  {
    name: 'entries',
    // The model worker thread is started by URL (validate/parallel-models.ts), not imported: an entry point too.
    paths: ['src/cli/', 'src/actions/', 'src/index.ts', 'src/failure-report.ts', 'src/validate/parallel-worker.ts'],
  },
];

/** Pure: computed from what is passed in. They import no I/O (files, processes, network, git, GitHub, SDKs). */
const PURE = [
  'src/domain/',
  'src/yaml/',
  'src/contract/',
  'src/validate/rules/',
  'src/validate/validation-input.ts',
  'src/governance/',
  'src/history/holder-changes.ts',
  'src/history/audit-report.ts',
  'src/lifecycle/plan-promotion.ts',
  'src/lifecycle/plan-split-promotion.ts',
  'src/validate/split-changes.ts',
  'src/lifecycle/plan-model-edit.ts',
  'src/lifecycle/render-entry.ts',
  'src/lifecycle/rollback-guard.ts',
  'src/lifecycle/three-way-merge.ts',
  'src/guard/guardrail-verdicts.ts',
  'src/guard/observation-document.ts',
  'src/model-docs/render-model-doc.ts',
  'src/artifacts/pull-plan.ts',
  'src/catalog/read-api-documents.ts',
  'src/catalog/render-pages.ts',
  'src/catalog/lineage-svg.ts',
  'src/catalog/timeline-svg.ts',
  'src/catalog/metric-chart-svg.ts',
  'src/catalog/time-axis.ts',
  'src/catalog/html.ts',
  'src/github/render-report.ts',
  'src/github/render-setup.ts',
  'src/github/pull-request-body.ts',
];

/** As depcruise resolves them: Node's own modules by name, packages by their path under node_modules. */
const IO_MODULES = [
  '^(node:)?(fs|fs/promises|child_process|net|http|https|http2|dgram|tls|worker_threads)$',
  '(^|/)node_modules/(isomorphic-git|@octokit/[^/]+|@actions/[^/]+|@aws-sdk/[^/]+|@azure/[^/]+)/',
];

/** Only src/git/ talks to git: it alone imports isomorphic-git or starts processes. */
const GIT_MODULES = ['^(node:)?child_process$', '(^|/)node_modules/isomorphic-git/'];

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const pattern = (path) => `^${escape(path)}${path.endsWith('/') ? '' : '$'}`;
const anyOf = (paths) => paths.map(pattern).join('|');
const allPaths = LAYERS.flatMap((layer) => layer.paths);
/** Paths of other layers inside this layer's folders (a file a higher or lower layer claims). */
const carvedOut = (layer) =>
  allPaths.filter((inner) => !layer.paths.includes(inner) && layer.paths.some((outer) => inner.startsWith(outer)));
const memberOf = (layer) => ({ path: anyOf(layer.paths), ...orNot(carvedOut(layer)) });
const orNot = (paths) => (paths.length > 0 ? { pathNot: anyOf(paths) } : {});

const layerRules = LAYERS.slice(0, -1).map((layer, index) => {
  const above = LAYERS.slice(index + 1);
  const belowOrHere = LAYERS.slice(0, index + 1);
  const abovePaths = above.flatMap((l) => l.paths);
  // A lower layer's file inside a higher layer's folder is not above.
  const inside = belowOrHere.flatMap((l) => l.paths).filter((p) => abovePaths.some((outer) => p.startsWith(outer)));
  return {
    name: `layer-${layer.name}`,
    comment:
      `${layer.name} imports only the layers below it (${
        LAYERS.slice(0, index)
          .map((l) => l.name)
          .join(', ') || 'none'
      }): ` + `not ${above.map((l) => l.name).join(', ')}. Order: .dependency-cruiser.cjs LAYERS.`,
    severity: 'error',
    from: memberOf(layer),
    to: { path: anyOf(abovePaths), ...orNot(inside) },
  };
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No module imports itself through others: layers are a strict order, and so are the files in a layer.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'pure-no-io',
      comment:
        'Pure modules compute from what they are given: no files, processes, network, git, GitHub or SDKs (PURE in .dependency-cruiser.cjs).',
      severity: 'error',
      from: { path: anyOf(PURE) },
      to: { path: IO_MODULES.join('|') },
    },
    {
      name: 'only-git-runs-git',
      comment: 'Only src/git/ imports isomorphic-git or node:child_process: everything else goes through the GitPort.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/git/' },
      to: { path: GIT_MODULES.join('|') },
    },
    {
      name: 'entries-apart',
      comment:
        'The CLI, the actions and the library entry are separate entry points: none imports another (shared code sits in a layer below).',
      severity: 'error',
      from: { path: '^src/(cli|actions)/' },
      // $1: the importer's own entry (depcruise's group matching).
      to: { path: '^src/(index\\.ts$|cli/|actions/)', pathNot: '^src/$1/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    skipAnalysisNotInRules: true,
    // node_modules may be a link (a git worktree's): name packages by the path the importer sees.
    preserveSymlinks: true,
  },
};
