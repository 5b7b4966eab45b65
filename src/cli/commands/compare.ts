/** modelreg compare <model> <v1> <v2>. */
import { Command } from 'commander';
import { compareVersions, type Comparison } from '../../lifecycle/compare-versions.js';
import { EXIT, type Io, type Runner } from '../io.js';
import { addRegistryOption, atOption, openRegistryFrom, viewAt, type RegistryOption } from '../options.js';
import { renderTable } from '../render/table.js';

interface CompareOptions extends RegistryOption {
  readonly json?: boolean;
  readonly at: string;
}

export function compareCommand(io: Io, run: Runner): Command {
  return addRegistryOption(
    new Command('compare')
      .description(
        "compare two versions: metrics by goal, params, artifacts, signature, and whether v2 passes the gate of v1's stage",
      )
      .argument('<model>', 'the model')
      .argument('<v1>', 'the version to compare against (usually the current holder)')
      .argument('<v2>', 'the candidate')
      .addOption(atOption())
      .option('--json', 'print JSON'),
  ).action((model: string, v1: string, v2: string, options: CompareOptions) =>
    run(async () => {
      const view = await viewAt(await openRegistryFrom(options, io), options.at);
      const comparison = await compareVersions(view, model, v1, v2);
      io.out(options.json ? `${JSON.stringify(comparison, null, 2)}\n` : renderComparison(comparison));
      return EXIT.ok;
    }),
  );
}

const ARROW = { better: '▲ better', worse: '▼ worse', same: '= same', unknown: '? no goal' } as const;

export function renderComparison(c: Comparison): string {
  const out = [`${c.model}: ${c.a.version} (${c.a.stage}) → ${c.b.version} (${c.b.stage})`, ''];
  const num = (n: number | null) => (n === null ? '-' : String(n));
  out.push(
    renderTable(
      ['METRIC', c.a.version, c.b.version, 'DELTA', 'VERDICT'],
      c.metrics.map((m) => [
        m.name,
        num(m.a),
        num(m.b),
        m.delta === null ? '-' : `${m.delta > 0 ? '+' : ''}${m.delta}`,
        m.delta === null ? '-' : ARROW[m.verdict] + (m.goal ? ` (${m.goal})` : ''),
      ]),
    ).trimEnd(),
    '',
  );
  out.push(
    `params: ${c.params.length === 0 ? 'unchanged' : c.params.map((p) => `${p.name} ${JSON.stringify(p.a)} → ${JSON.stringify(p.b)}`).join(', ')}`,
  );
  for (const art of c.artifacts) {
    const size =
      art.sizeDelta !== null
        ? `, size ${art.a!.size} → ${art.b!.size} bytes (${art.sizeDelta >= 0 ? '+' : ''}${art.sizeDelta})`
        : '';
    const state = !art.a
      ? 'only in ' + c.b.version
      : !art.b
        ? 'only in ' + c.a.version
        : art.sameContent
          ? 'same content'
          : 'different content';
    out.push(`artifact ${art.role}: ${state}${size}`);
  }
  out.push(
    `signature: ${c.signature === null ? 'not recorded on both' : c.signature.compatible ? 'compatible' : `breaking (${c.signature.breaking.join('; ')})`}`,
  );
  if (c.gate) {
    out.push(`gate of ${c.gate.stage}: ${c.gate.passes ? `${c.b.version} passes` : `${c.b.version} fails`}`);
    for (const f of c.gate.findings) out.push(`  ${f.code} ${f.message}`);
  } else {
    out.push(`gate: both versions are in ${c.a.stage}`);
  }
  return `${out.join('\n')}\n`;
}
