/** The catalog's stylesheet and its one small script (filtering the index), shipped with the pages. */
import { VERSION_PALETTE } from './timeline-svg.js';

export const CATALOG_CSS = `:root { color-scheme: light; --ink: #1b1f24; --muted: #4a5560; --line: #d0d7de; --accent: #0b5cad; --bg-alt: #f3f5f7; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #fff; overflow-wrap: break-word; }
header { background: #14212e; padding: 10px 24px; }
header .brand { color: #fff; font-weight: 600; text-decoration: none; }
main { padding: 16px 24px 48px; max-width: 1200px; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; }
h1 { margin: 8px 0 4px; font-size: 26px; } h2 { margin-top: 28px; font-size: 19px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
a { color: var(--accent); } a:focus-visible, input:focus-visible, select:focus-visible, .scroll-x:focus-visible, pre:focus-visible { outline: 3px solid #f0b400; outline-offset: 2px; }
@media (max-width: 600px) { main { padding: 12px 14px 40px; } header { padding: 10px 14px; } }
.scroll-x { overflow-x: auto; max-width: 100%; }
.meta { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 14px; }
caption { text-align: left; color: var(--muted); padding: 4px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
thead th { background: var(--bg-alt); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.none { color: var(--muted); }
.filters { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
.field { display: flex; flex-direction: column; font-size: 13px; color: var(--muted); }
.field input, .field select { font: inherit; color: var(--ink); padding: 5px 8px; border: 1px solid #8c959f; border-radius: 4px; min-width: 160px; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
figure.chart { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 6px; max-width: 100%; min-width: 0; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: 13px; color: var(--muted); text-align: center; }
figure.timeline-figure { margin: 0; } figure.timeline-figure figcaption { text-align: left; }
.scroll-x > svg.timeline { display: block; width: 100%; max-width: 720px; min-width: 520px; height: auto; }
.timeline-legend { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 14px; padding: 0; margin: 6px 0 0; color: var(--ink); }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
${VERSION_PALETTE.map((colour, i) => `.version-colour-${i} { fill: ${colour}; background-color: ${colour}; }`).join('\n')}
svg .axis { stroke: #8c959f; } svg .grid { stroke: #eaeef2; } svg .axis-label { fill: var(--muted); }
svg .trend { stroke: var(--accent); stroke-width: 2; } svg .point { fill: var(--accent); }
svg .span-label { fill: #fff; } svg .span-label.outside { fill: var(--ink); }
.lineage-figure svg { display: block; } .lineage-key { font-size: 13px; }
svg .edge { stroke: #57606a; stroke-width: 1.5; } svg .edge.data { stroke-dasharray: 5 3; } svg .edge.code { stroke-dasharray: 1.5 3; } svg .arrow { fill: #57606a; }
svg .node rect { fill: var(--bg-alt); stroke: #8c959f; } svg .node.data rect { fill: #eef4fb; stroke: #6e7781; } svg .node.code rect { fill: #fff; stroke: #6e7781; }
svg .node-label { fill: var(--ink); } svg .node-detail { fill: var(--muted); } svg a:focus-visible rect { stroke: #f0b400; stroke-width: 3; }
pre.entry { background: var(--bg-alt); padding: 10px; overflow-x: auto; font-size: 13px; }
code.digest { font-size: 12px; } .deprecated { color: #8a1c13; } .better { color: #1e6b2a; } .worse { color: #8a1c13; }
.holders { list-style: none; padding: 0; display: flex; gap: 18px; flex-wrap: wrap; }
`;

export const CATALOG_JS = `(function () {
  var text = document.getElementById('filter-text');
  var stage = document.getElementById('filter-stage');
  var owner = document.getElementById('filter-owner');
  var tag = document.getElementById('filter-tag');
  var count = document.getElementById('filter-count');
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.model-row'));
  function has(list, value) { return !value || (' ' + list + ' ').indexOf(' ' + value + ' ') >= 0; }
  function apply() {
    var q = text.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (!q || row.dataset.text.indexOf(q) >= 0) && has(row.dataset.stages, stage.value) && has(row.dataset.owners, owner.value) && has(row.dataset.tags, tag.value);
      row.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = shown + ' of ' + rows.length + ' models shown';
  }
  [text, stage, owner, tag].forEach(function (el) { el.addEventListener('input', apply); el.addEventListener('change', apply); });
})();
`;
