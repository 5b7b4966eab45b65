/** A version's lineage as text, Mermaid, Graphviz DOT or JSON. */
import type { Lineage } from '../../registry/lineage.js';

export type LineageFormat = 'text' | 'mermaid' | 'dot' | 'json';

export function renderLineage(lineage: Lineage, format: LineageFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(lineage, null, 2)}\n`;
    case 'mermaid':
      return renderGraph(lineage, mermaid);
    case 'dot':
      return renderGraph(lineage, dot);
    case 'text':
      return renderText(lineage);
  }
}

function renderText(l: Lineage): string {
  const lines = [`${l.model}@${l.version} (${l.stage})`];
  lines.push(
    `  parents:  ${l.ancestors.map((a) => `${a.version}${a.stage ? ` (${a.stage})` : ' (not registered)'}`).join(' ← ') || '-'}`,
  );
  lines.push(`  children: ${l.children.map((c) => `${c.version} (${c.stage})`).join(', ') || '-'}`);
  lines.push(
    `  data:     ${l.data.map((d) => `${d.uri}${d.digest ? ` ${d.digest}` : ''}`).join('\n            ') || '-'}`,
  );
  lines.push(`  code:     ${l.code ? `${l.code.repo} @ ${l.code.commit}` : '-'}`);
  if (l.run) lines.push(`  run:      ${l.run}`);
  lines.push('  stages:');
  for (const span of l.stages) lines.push(`    ${span.stage.padEnd(12)} ${span.since} → ${span.until ?? 'now'}`);
  return `${lines.join('\n')}\n`;
}

interface GraphSyntax {
  header: string;
  footer: string;
  node(id: string, label: string, kind: 'version' | 'focus' | 'data' | 'code'): string;
  edge(from: string, to: string, dashed: boolean): string;
}

const mermaid: GraphSyntax = {
  header: 'graph LR',
  footer: '',
  node: (id, label, kind) => {
    const text = JSON.stringify(label).replace(/\\n/g, '<br/>');
    if (kind === 'data') return `  ${id}[(${text})]`;
    if (kind === 'code') return `  ${id}{{${text}}}`;
    return `  ${id}[${text}]${kind === 'focus' ? `\n  style ${id} stroke-width:3px` : ''}`;
  },
  edge: (from, to, dashed) => `  ${from} ${dashed ? '-.->' : '-->'} ${to}`,
};

const dot: GraphSyntax = {
  header: 'digraph lineage {\n  rankdir=LR;',
  footer: '}',
  node: (id, label, kind) => {
    const shape = kind === 'data' ? 'cylinder' : kind === 'code' ? 'hexagon' : 'box';
    return `  ${id} [label=${JSON.stringify(label)}, shape=${shape}${kind === 'focus' ? ', penwidth=3' : ''}];`;
  },
  edge: (from, to, dashed) => `  ${from} -> ${to}${dashed ? ' [style=dashed]' : ''};`,
};

function renderGraph(l: Lineage, syntax: GraphSyntax): string {
  const id = (version: string) => `v_${version.replace(/[^A-Za-z0-9]/g, '_')}`;
  const lines = [syntax.header];
  lines.push(syntax.node(id(l.version), `${l.model}@${l.version}\n${l.stage}`, 'focus'));
  let child = l.version;
  for (const ancestor of l.ancestors) {
    lines.push(
      syntax.node(
        id(ancestor.version),
        `${l.model}@${ancestor.version}\n${ancestor.stage ?? 'not registered'}`,
        'version',
      ),
    );
    lines.push(syntax.edge(id(ancestor.version), id(child), false));
    child = ancestor.version;
  }
  for (const c of l.children) {
    lines.push(syntax.node(id(c.version), `${l.model}@${c.version}\n${c.stage}`, 'version'));
    lines.push(syntax.edge(id(l.version), id(c.version), false));
  }
  l.data.forEach((d, i) => {
    lines.push(syntax.node(`data_${i}`, d.uri, 'data'));
    lines.push(syntax.edge(`data_${i}`, id(l.version), true));
  });
  if (l.code) {
    lines.push(syntax.node('code', `${l.code.repo}\n${l.code.commit.slice(0, 12)}`, 'code'));
    lines.push(syntax.edge('code', id(l.version), true));
  }
  if (syntax.footer) lines.push(syntax.footer);
  return `${lines.join('\n')}\n`;
}
