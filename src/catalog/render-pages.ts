/** The catalog's pages as HTML strings (pure). */
import { stringify } from 'yaml';
import type { VersionEntry } from '../contract/version-schema.js';
import type { CatalogData, ModelCatalog } from './catalog-data.js';
import { escapeHtml as e, page, scrollRegion } from './html.js';
import { lineageSvg } from './lineage-svg.js';
import { metricChartSvg } from './metric-chart-svg.js';
import { timelineFigure } from './timeline-svg.js';

export function renderIndex(data: CatalogData): string {
  const stages = [...data.policy.stages.keys()];
  const owners = [...new Set(data.models.flatMap((m) => m.entry.owners))].sort();
  const tags = [...new Set(data.models.flatMap((m) => m.entry.tags ?? []))].sort();
  const rows = data.models.map((m) => {
    const holders = stages.map((s) => {
      const held = m.versions.filter((v) => v.stage === s).map((v) => v.version);
      return `<td>${held.length ? held.map((v) => `<a href="models/${e(m.entry.name)}/${e(v)}.html">${e(v)}</a>`).join(', ') : '<span class="none">—</span>'}</td>`;
    });
    const heldStages = stages.filter((s) => m.versions.some((v) => v.stage === s));
    const text = [m.entry.name, m.entry.description ?? '', m.entry.task ?? '', ...(m.entry.tags ?? [])]
      .join(' ')
      .toLowerCase();
    return `<tr class="model-row" data-stages="${e(heldStages.join(' '))}" data-owners="${e(m.entry.owners.join(' '))}" data-tags="${e((m.entry.tags ?? []).join(' '))}" data-text="${e(text)}">
<th scope="row"><a href="models/${e(m.entry.name)}/index.html">${e(m.entry.name)}</a></th><td>${e(m.entry.owners.join(', '))}</td><td>${e(m.entry.task ?? '—')}</td><td>${e((m.entry.tags ?? []).join(', ') || '—')}</td>${holders.join('')}<td>${m.lastChange ? e(m.lastChange.slice(0, 10)) : '—'}</td></tr>`;
  });
  const select = (id: string, label: string, values: readonly string[]) =>
    `<div class="field"><label for="${id}">${label}</label><select id="${id}"><option value="">All</option>${values.map((v) => `<option value="${e(v)}">${e(v)}</option>`).join('')}</select></div>`;
  const body = `<h1>${e(data.title)}</h1>
<p class="meta">${data.models.length} models · commit <code>${e(data.commit.slice(0, 12))}</code> · generated ${e(data.generated)}</p>
<form class="filters" role="search" aria-label="Filter models" onsubmit="return false">
<div class="field"><label for="filter-text">Search</label><input id="filter-text" type="search" placeholder="name, task, tag…" autocomplete="off"></div>
${select('filter-stage', 'Holds stage', stages)}
${select('filter-owner', 'Owner', owners)}
${select('filter-tag', 'Tag', tags)}
</form>
<p id="filter-count" aria-live="polite">${data.models.length} of ${data.models.length} models shown</p>
${scrollRegion(
  'Models',
  `<table class="models">
<caption>Models and the versions that hold each stage now</caption>
<thead><tr><th scope="col">Model</th><th scope="col">Owners</th><th scope="col">Task</th><th scope="col">Tags</th>${stages.map((s) => `<th scope="col">${e(s)}</th>`).join('')}<th scope="col">Last change</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`,
)}`;
  return page({ title: data.title, depth: 0, body, script: true });
}

export function renderModelPage(data: CatalogData, model: ModelCatalog): string {
  const m = model.entry;
  const stages = [...data.policy.stages.keys()];
  const metricNames = [...new Set(model.versions.flatMap((v) => Object.keys(v.metrics ?? {})))].sort();
  const commitLink = (oid: string) =>
    data.repositoryUrl
      ? `<a href="${e(data.repositoryUrl)}/commit/${e(oid)}"><code>${e(oid.slice(0, 7))}</code></a>`
      : `<code>${e(oid.slice(0, 7))}</code>`;
  const prLink = (pr: number | null) =>
    pr === null ? '—' : data.repositoryUrl ? `<a href="${e(data.repositoryUrl)}/pull/${pr}">#${pr}</a>` : `#${pr}`;
  const versionRows = [...model.versions]
    .reverse()
    .map(
      (v) =>
        `<tr><th scope="row"><a href="${e(v.version)}.html">${e(v.version)}</a></th><td>${e(v.stage)}</td><td>${e(v.created.slice(0, 10))}</td>${metricNames.map((n) => `<td class="num">${v.metrics?.[n] ?? '—'}</td>`).join('')}<td><code class="digest">${e(Object.values(v.artifacts)[0]?.digest.slice(0, 19) ?? '')}…</code></td><td>${v.deprecation ? `<span class="deprecated">deprecated${v.deprecation.end_of_life ? `, end of life ${e(v.deprecation.end_of_life)}` : ''}</span>` : ''}</td></tr>`,
    );
  const trail = model.events
    .filter((ev) => ev.version !== null && (ev.from !== null || ev.type === 'register' || ev.type === 'deprecate'))
    .map(
      (ev) =>
        `<tr><td>${e(ev.date.slice(0, 16).replace('T', ' '))}</td><td>${e(ev.version ?? '')}</td><td>${e(ev.type)}${ev.from !== null ? ` ${e(ev.from)} → ${e(ev.to ?? '')}` : ev.to ? ` into ${e(ev.to)}` : ''}</td><td>${e(ev.author)}</td><td>${prLink(ev.pr)}</td><td>${commitLink(ev.commit)}</td></tr>`,
    );
  const body = `<nav aria-label="Breadcrumb"><a href="../../index.html">All models</a> › ${e(m.name)}</nav>
<h1>${e(m.name)}</h1>
${m.description ? `<p>${e(m.description)}</p>` : ''}
<p class="meta">Owners: ${e(m.owners.join(', '))}${m.task ? ` · Task: ${e(m.task)}` : ''}${m.tags?.length ? ` · Tags: ${e(m.tags.join(', '))}` : ''}</p>
<h2>Stages now</h2>
<ul class="holders">${stages
    .map(
      (s) =>
        `<li><strong>${e(s)}</strong>: ${
          model.versions
            .filter((v) => v.stage === s)
            .map((v) => `<a href="${e(v.version)}.html">${e(v.version)}</a>`)
            .join(', ') || '—'
        }</li>`,
    )
    .join('')}</ul>
<h2>Timeline</h2>
${timelineFigure(stages, model.spans, modelAsOf(model))}
<h2>Metrics across versions</h2>
<div class="charts">${metricNames.map((n) => metricChartSvg(n, m.metrics?.[n]?.goal, model.versions)).join('') || '<p>No metrics recorded.</p>'}</div>
<h2>Versions</h2>
${scrollRegion('Versions', `<table><caption>Every version, newest first</caption><thead><tr><th scope="col">Version</th><th scope="col">Stage</th><th scope="col">Created</th>${metricNames.map((n) => `<th scope="col" class="num">${e(n)}</th>`).join('')}<th scope="col">Digest</th><th scope="col">Notes</th></tr></thead><tbody>${versionRows.join('')}</tbody></table>`)}
<h2>Lineage</h2>
${lineageSvg(model.versions)}
<h2>Audit trail</h2>
${scrollRegion('Audit trail', `<table><caption>Every registration, stage change and deprecation, newest first</caption><thead><tr><th scope="col">Effective (UTC)</th><th scope="col">Version</th><th scope="col">Change</th><th scope="col">Author</th><th scope="col">PR</th><th scope="col">Commit</th></tr></thead><tbody>${trail.join('')}</tbody></table>`)}`;
  return page({ title: `${m.name} · ${data.title}`, depth: 2, body });
}

/** The newest instant a model's history shows: its page is true as of then, whenever it is built. */
function modelAsOf(model: ModelCatalog): string {
  return model.events.reduce(
    (newest, e) => (e.date > newest ? e.date : newest),
    model.events[0]?.date ?? '1970-01-01T00:00:00Z',
  );
}

export function renderVersionPage(data: CatalogData, model: ModelCatalog, version: VersionEntry): string {
  const production =
    model.versions.find((v) => v.stage === 'production' && v.version !== version.version) ??
    model.versions.find((v) => data.policy.stages.get(v.stage)?.exclusive && v.version !== version.version);
  const goals = model.entry.metrics ?? {};
  const comparison = production
    ? `<h2>Compared with ${e(production.version)} (${e(production.stage)})</h2>
${scrollRegion(
  'Metric differences',
  `<table class="comparison"><caption>Metric differences; arrows by each metric's goal</caption><thead><tr><th scope="col">Metric</th><th scope="col" class="num">${e(production.version)}</th><th scope="col" class="num">${e(version.version)}</th><th scope="col" class="num">Δ</th><th scope="col">By its goal</th></tr></thead><tbody>${[
    ...new Set([...Object.keys(production.metrics ?? {}), ...Object.keys(version.metrics ?? {})]),
  ]
    .sort()
    .map((n) => {
      const a = production.metrics?.[n];
      const b = version.metrics?.[n];
      const delta = a !== undefined && b !== undefined ? Math.round((b - a) * 1e9) / 1e9 : undefined;
      const verdict =
        delta === undefined || !goals[n]
          ? '—'
          : delta === 0
            ? 'same'
            : delta > 0 === (goals[n]!.goal === 'maximize')
              ? '<span class="better">▲ better</span>'
              : '<span class="worse">▼ worse</span>';
      return `<tr><th scope="row">${e(n)}</th><td class="num">${a ?? '—'}</td><td class="num">${b ?? '—'}</td><td class="num">${delta === undefined ? '—' : `${delta > 0 ? '+' : ''}${delta}`}</td><td>${verdict}</td></tr>`;
    })
    .join('')}</tbody></table>`,
)}`
    : '';
  const artifacts = Object.entries(version.artifacts).map(
    ([role, a]) =>
      `<tr><th scope="row">${e(role)}</th><td><code>${e(a.uri)}</code></td><td><code class="digest">${e(a.digest)}</code></td><td class="num">${a.size ?? '—'}</td><td>${e(a.format ?? '—')}</td></tr>`,
  );
  const signature = version.signature
    ? `<h2>Signature</h2>${scrollRegion(
        'Signature',
        `<table><caption>Inputs and outputs</caption><thead><tr><th scope="col">Direction</th><th scope="col">Name</th><th scope="col">Type</th></tr></thead><tbody>${[
          ...version.signature.inputs.map(
            (f) =>
              `<tr><td>input</td><td>${e(f.name)}</td><td>${e(f.type)}${f.optional ? ' (optional)' : ''}</td></tr>`,
          ),
          ...version.signature.outputs.map((f) => `<tr><td>output</td><td>${e(f.name)}</td><td>${e(f.type)}</td></tr>`),
        ].join('')}</tbody></table>`,
      )}`
    : '';
  const lineage = version.lineage;
  const body = `<nav aria-label="Breadcrumb"><a href="../../index.html">All models</a> › <a href="index.html">${e(model.entry.name)}</a> › ${e(version.version)}</nav>
<h1>${e(model.entry.name)} ${e(version.version)}</h1>
<p class="meta">Stage: <strong>${e(version.stage)}</strong> · created ${e(version.created)} by ${e(version.created_by)}</p>
${version.description ? `<p>${e(version.description)}</p>` : ''}
${version.deprecation ? `<p class="deprecated">Deprecated: ${e(version.deprecation.reason)}${version.deprecation.end_of_life ? ` (end of life ${e(version.deprecation.end_of_life)})` : ''}</p>` : ''}
<h2>Artifacts</h2>
${scrollRegion('Artifacts', `<table><caption>Artifact pointers; the digest pins the content</caption><thead><tr><th scope="col">Role</th><th scope="col">URI</th><th scope="col">Digest</th><th scope="col" class="num">Size (bytes)</th><th scope="col">Format</th></tr></thead><tbody>${artifacts.join('')}</tbody></table>`)}
${comparison}
${signature}
<h2>Lineage</h2>
<ul>
<li>Parent: ${lineage?.parent ? `<a href="${e(lineage.parent)}.html">${e(lineage.parent)}</a>` : '—'}</li>
<li>Data: ${lineage?.data?.map((d) => `<code>${e(d.uri)}</code>`).join(', ') || '—'}</li>
<li>Code: ${lineage?.code ? `<code>${e(lineage.code.repo)}@${e(lineage.code.commit.slice(0, 12))}</code>` : '—'}</li>
</ul>
<h2>The whole entry</h2>
<pre class="entry" tabindex="0" aria-label="The version's YAML entry">${e(stringify(version, { lineWidth: 0 }))}</pre>`;
  return page({ title: `${model.entry.name} ${version.version} · ${data.title}`, depth: 2, body });
}
