/** What `resolve` prints: the version and its artifacts (or the JSON document), with notes on stderr. */
import { countOf } from '../../domain/plural.js';
import { resolutionJson } from '../../registry/json-shapes.js';
import type { Resolution } from '../../registry/registry-view.js';
import { EXIT, type Io } from '../io.js';

export function printResolution(
  resolved: Resolution,
  options: { readonly json?: boolean; readonly pick?: string },
  io: Io,
): number {
  if (resolved.otherHolders.length > 0) {
    io.err(
      `note: ${resolved.stage} is not exclusive and also held by ${resolved.otherHolders.join(', ')}; ` +
        `resolved to the highest version, ${resolved.version}\n`,
    );
  }
  if (resolved.split && !options.json) {
    io.err(
      `note: ${resolved.stage} is split: ${resolved.split.map((h) => `${h.version} ${h.weight}%`).join(' / ')}; ` +
        (options.pick !== undefined
          ? `--pick chose ${resolved.version}\n`
          : `resolved to the holder with the most weight, ${resolved.version} (--pick <key> routes by key)\n`),
    );
  }
  if (options.json) {
    io.out(`${JSON.stringify(resolutionJson(resolved), null, 2)}\n`);
    return EXIT.ok;
  }
  io.out(`${resolved.model}@${resolved.version} (${resolved.stage})\n`);
  for (const [role, artifact] of Object.entries(resolved.artifacts)) {
    const size = artifact.size !== undefined ? `  ${countOf(artifact.size, 'byte')}` : '';
    io.out(`  ${role}: ${artifact.uri}\n    ${artifact.digest}${size}\n`);
  }
  return EXIT.ok;
}
