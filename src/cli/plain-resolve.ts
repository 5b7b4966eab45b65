/**
 * `modelreg resolve <model>@<stage|version> [--json]`, what a deploy job runs,
 * without the command-line parser: the arguments are read here, and the
 * registry, the answer and any failure go through the same code as the full
 * command (commands/resolve.ts), so both print the same. Any other arguments
 * (--at, --pick, --from-url, --registry, help, a second reference…) return
 * undefined and main.ts runs the full command line.
 */
import { Registry } from '../registry/registry.js';
import type { Io } from './io.js';
import { printResolution } from './render/resolution.js';
import { reportCommandFailure } from './report-failure.js';
import { viewAt } from './view-at.js';

/** `resolve <reference>` with `--json` before or after it, or not at all; undefined for any other arguments. */
export function plainResolveRequest(argv: readonly string[]): { reference: string; json: boolean } | undefined {
  if (argv[0] !== 'resolve') return undefined;
  let reference: string | undefined;
  let json = false;
  for (const arg of argv.slice(1)) {
    if (arg === '--json' && !json) json = true;
    else if (arg.startsWith('-') || arg === '' || reference !== undefined) return undefined;
    else reference = arg;
  }
  return reference === undefined ? undefined : { reference, json };
}

/** The exit code after answering, or undefined when the full command line must run. */
export async function resolvePlainly(argv: readonly string[], io: Io): Promise<number | undefined> {
  const request = plainResolveRequest(argv);
  if (!request) return undefined;
  try {
    // As the full command: no --registry, the nearest registry; --at's default, HEAD.
    const view = await viewAt(await Registry.discover(io.cwd), 'HEAD');
    return printResolution(await view.resolve(request.reference, {}), { json: request.json }, io);
  } catch (error) {
    return reportCommandFailure(error, io);
  }
}
