/**
 * The model page's lineage graph: each version, the version it was derived from, and the data
 * sets and code commits it came from, laid out top to bottom in layers by dagre so that edges run between
 * nodes rather than through them, with every box sized to its measured label (pure).
 */
import { Graph, layout, type EdgeLabel, type GraphLabel, type NodeLabel, type Point } from '@dagrejs/dagre';
import type { VersionEntry } from '../contract/version-schema.js';
import { escapeHtml } from './html.js';
import { SVG_FONT_FAMILY, fitText, textWidth, type FontWeight } from './text-width.js';

type NodeKind = 'version' | 'data' | 'code';
type EdgeKind = 'parent' | 'data' | 'code';

interface LineageNode {
  readonly id: string;
  readonly kind: NodeKind;
  /** The bold first line and the smaller second line, each already fitted to the box. */
  readonly title: string;
  readonly detail: string;
  /** The full text when a line had to be shortened, for the tooltip. */
  readonly full: string;
  readonly width: number;
  readonly height: number;
  readonly href?: string;
}

const TITLE = { size: 12, weight: 'bold' as FontWeight };
const DETAIL = { size: 11, weight: 'normal' as FontWeight };
const PAD_X = 10;
const HEIGHT = 38;
/** Longest line in a box; longer URIs and versions are shortened in the middle (the tooltip has them whole). */
const MAX_LINE = 300;

export function lineageSvg(versions: readonly VersionEntry[]): string {
  if (versions.length === 0) return '<p>No versions.</p>';
  const { nodes, edges } = lineageGraph(versions);
  const graph = new Graph<GraphLabel, NodeLabel, EdgeLabel>();
  graph.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 56, edgesep: 20, marginx: 6, marginy: 6 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes.values()) graph.setNode(node.id, { width: node.width, height: node.height });
  // A heavier parent edge keeps each line of descent straight; data and code gather around it.
  for (const edge of edges) graph.setEdge(edge.from, edge.to, { minlen: 1, weight: edge.kind === 'parent' ? 4 : 1 });
  layout(graph);

  const parts = [
    '<defs><marker id="lineage-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,1 L9,5 L0,9 z" class="arrow"/></marker></defs>',
  ];
  const bands = rankBands([...nodes.values()].map((node) => ({ y: graph.node(node.id).y!, height: node.height })));
  const routes = edges.map((edge) => ({
    edge,
    route: routeEdge(graph.node(edge.from), graph.node(edge.to), graph.edge(edge.from, edge.to)?.points ?? [], bands),
  }));
  for (const { edge, route } of routes) {
    const d = route.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
    parts.push(
      `<path class="edge ${edge.kind === 'parent' ? 'parent-edge' : `source-edge ${edge.kind}`}" data-kind="${edge.kind}" data-from="${escapeHtml(edge.from)}" data-to="${escapeHtml(edge.to)}" d="${d}" fill="none" marker-end="url(#lineage-arrow)"/>`,
    );
  }
  for (const node of nodes.values()) {
    const placed = graph.node(node.id);
    const x = placed.x! - node.width / 2;
    const y = placed.y! - node.height / 2;
    const box = `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${node.width}" height="${node.height}" rx="${node.kind === 'data' ? 10 : 4}"/>`;
    const lines =
      `<text x="${(x + PAD_X).toFixed(1)}" y="${(y + 16).toFixed(1)}" font-size="${TITLE.size}" font-weight="${TITLE.weight}" class="node-label">${escapeHtml(node.title)}</text>` +
      `<text x="${(x + PAD_X).toFixed(1)}" y="${(y + 31).toFixed(1)}" font-size="${DETAIL.size}" class="node-detail">${escapeHtml(node.detail)}</text>`;
    const attributes = `class="node ${node.kind}" data-node="${escapeHtml(node.id)}"`;
    parts.push(
      node.href
        ? `<a href="${escapeHtml(node.href)}" ${attributes} aria-label="${escapeHtml(node.full)}"><title>${escapeHtml(node.full)}</title>${box}${lines}</a>`
        : `<g ${attributes}><title>${escapeHtml(node.full)}</title>${box}${lines}</g>`,
    );
  }
  // dagre's size leaves out edge bends outside the nodes' extent: the view box takes in both.
  const xs = [...nodes.values()]
    .flatMap((n) => [graph.node(n.id).x! - n.width / 2, graph.node(n.id).x! + n.width / 2])
    .concat(routes.flatMap((r) => r.route.map((p) => p.x)));
  const ys = [...nodes.values()]
    .flatMap((n) => [graph.node(n.id).y! - n.height / 2, graph.node(n.id).y! + n.height / 2])
    .concat(routes.flatMap((r) => r.route.map((p) => p.y)));
  const [left, top] = [Math.floor(Math.min(...xs)) - 6, Math.floor(Math.min(...ys)) - 6];
  const [width, height] = [Math.ceil(Math.max(...xs)) + 6 - left, Math.ceil(Math.max(...ys)) + 6 - top];
  // A group, not an image: its version boxes are links.
  const svg = `<svg class="lineage" role="group" aria-label="Lineage: each version, the version it was derived from, and its data and code" viewBox="${left} ${top} ${width} ${height}" width="${width}" height="${height}" font-family="${SVG_FONT_FAMILY}">${parts.join('')}</svg>`;
  return `<div class="scroll-x lineage-figure">${svg}</div>
<p class="meta lineage-key">Arrows point down from what a version came from to the version: solid from its parent version, dashed from a data set, dotted from a code commit.</p>`;
}

interface Band {
  readonly top: number;
  readonly bottom: number;
}

/** The y extent of each layer: its nodes share a centre, and the tallest one sets its edges. */
function rankBands(nodes: readonly { y: number; height: number }[]): Band[] {
  const byCentre = new Map<number, Band>();
  for (const node of nodes) {
    const centre = Math.round(node.y);
    const band = byCentre.get(centre);
    const top = node.y - node.height / 2;
    const bottom = node.y + node.height / 2;
    byCentre.set(
      centre,
      band ? { top: Math.min(band.top, top), bottom: Math.max(band.bottom, bottom) } : { top, bottom },
    );
  }
  return [...byCentre.values()];
}

/**
 * An edge's path. dagre gives one point per layer an edge passes (a dummy node placed clear of
 * that layer's nodes), and straight lines between them cut the corners of nodes beside them; so
 * the path runs straight down through each layer at its dummy's place and slants only in the
 * gaps between layers, where there are no nodes. It leaves its source's bottom and enters its
 * target's top, each within the node's width, so the arrowhead points into the target.
 */
function routeEdge(from: NodeLabel, to: NodeLabel, points: readonly Point[], bands: readonly Band[]): Point[] {
  const bandAt = (y: number) => bands.find((b) => y >= b.top - 0.5 && y <= b.bottom + 0.5);
  const within = (node: NodeLabel, x: number) =>
    Math.min(node.x! + node.width / 2 - 8, Math.max(node.x! - node.width / 2 + 8, x));
  const inner = points.slice(1, -1);
  const route: Point[] = [{ x: within(from, inner[0]?.x ?? to.x!), y: from.y! + from.height / 2 }];
  for (const p of inner) {
    const band = bandAt(p.y);
    if (band) route.push({ x: p.x, y: band.top }, { x: p.x, y: band.bottom });
    else route.push(p);
  }
  route.push({ x: within(to, inner[inner.length - 1]?.x ?? from.x!), y: to.y! - to.height / 2 });
  return route;
}

/** The nodes (versions, then data sets and code commits in first-use order) and edges of a model's lineage. */
function lineageGraph(versions: readonly VersionEntry[]): {
  nodes: Map<string, LineageNode>;
  edges: { from: string; to: string; kind: EdgeKind }[];
} {
  const nodes = new Map<string, LineageNode>();
  const edges: { from: string; to: string; kind: EdgeKind }[] = [];
  const add = (id: string, kind: NodeKind, title: string, detail: string, href?: string) => {
    if (nodes.has(id)) return;
    const shortTitle = fitText(title, MAX_LINE, TITLE.size, TITLE.weight);
    const shortDetail = fitText(detail, MAX_LINE, DETAIL.size, DETAIL.weight);
    const width =
      Math.max(textWidth(shortTitle, TITLE.size, TITLE.weight), textWidth(shortDetail, DETAIL.size, DETAIL.weight)) +
      2 * PAD_X;
    nodes.set(id, {
      id,
      kind,
      title: shortTitle,
      detail: shortDetail,
      full: `${title}, ${detail}`,
      width,
      height: HEIGHT,
      ...(href ? { href } : {}),
    });
  };
  const versionId = (v: string) => `version:${v}`;
  for (const v of versions) add(versionId(v.version), 'version', v.version, v.stage, `${v.version}.html`);
  const known = new Set(versions.map((v) => v.version));
  for (const v of versions) {
    const parent = v.lineage?.parent;
    if (parent && known.has(parent) && parent !== v.version)
      edges.push({ from: versionId(parent), to: versionId(v.version), kind: 'parent' });
    for (const data of v.lineage?.data ?? []) {
      const id = `data:${data.uri}`;
      add(id, 'data', 'data set', data.uri);
      edges.push({ from: id, to: versionId(v.version), kind: 'data' });
    }
    const code = v.lineage?.code;
    if (code) {
      const id = `code:${code.repo}@${code.commit}`;
      add(id, 'code', `code ${code.commit.slice(0, 10)}`, code.repo.replace(/^https?:\/\/(www\.)?/, ''));
      edges.push({ from: id, to: versionId(v.version), kind: 'code' });
    }
  }
  return { nodes, edges: dedupe(edges) };
}

/** A version listing one data set twice gets one edge. */
function dedupe<T extends { from: string; to: string }>(edges: readonly T[]): T[] {
  const seen = new Set<string>();
  return edges.filter((e) => {
    const key = `${e.from}\n${e.to}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
