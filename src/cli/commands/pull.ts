/** modelreg pull <model>@<stage|version> --out DIR: the artifacts, checked against their digests. */
import { Command, Option } from 'commander';
import { resolve } from 'node:path';
import { UserError } from '../../domain/errors.js';
import type { StoreOptions } from '../../artifacts/artifact-store.js';
import { pullArtifacts } from '../../artifacts/pull.js';
import { EXIT, type Io, type Runner } from '../io.js';
import { addRegistryOption, atOption, collect, openRegistryFrom, viewAt, type RegistryOption } from '../options.js';
import { progressLine } from '../render/progress.js';

interface PullOptions extends RegistryOption {
  readonly out: string;
  readonly role?: string[];
  readonly at: string;
  readonly json?: boolean;
  readonly timeout?: string;
}

/** --timeout: seconds a store may send nothing before the attempt fails. */
export function timeoutOption(): Option {
  return new Option('--timeout <seconds>', 'give up on a request that sends nothing for this long (default 30)');
}

/** Store options from the command line: the registry's directory for relative paths, the environment, --timeout. */
export function storeOptionsFrom(registryDir: string, timeout: string | undefined): StoreOptions {
  // The AWS SDK warns on Node 20 about its own future releases; a CLI user cannot act on that (the SDK is bundled).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const seconds = timeout === undefined ? undefined : Number(timeout);
  if (seconds !== undefined && !(Number.isFinite(seconds) && seconds > 0)) {
    throw new UserError('USAGE', `--timeout takes a number of seconds, got "${timeout}"`, 'e.g. --timeout 120');
  }
  return { registryDir, env: process.env, ...(seconds !== undefined ? { timeoutMs: seconds * 1000 } : {}) };
}

export function pullCommand(io: Io, run: Runner): Command {
  return addRegistryOption(
    new Command('pull')
      .description(
        "download a version's artifacts into a directory, each checked against its sha256 and size (nothing is left behind on a mismatch)",
      )
      .argument('<ref>', '<model>@<stage> or <model>@<version>')
      .requiredOption('--out <dir>', 'the directory to write the artifacts to')
      .option('--role <role>', 'only this artifact role (repeatable)', collect)
      .addOption(atOption())
      .addOption(timeoutOption())
      .option('--json', 'print the files written with their digests as JSON'),
  ).action((reference: string, options: PullOptions) =>
    run(async () => {
      const registry = await openRegistryFrom(options, io);
      const view = await viewAt(registry, options.at);
      // On a terminal only: piped or in CI, stderr stays quiet.
      const progress = process.stderr.isTTY === true ? new ProgressPrinter(io) : undefined;
      const result = await pullArtifacts(view, reference, resolve(io.cwd, options.out), {
        ...storeOptionsFrom(registry.dir, options.timeout),
        roles: options.role,
        onProgress: progress?.update,
      }).finally(() => progress?.done());
      if (options.json) {
        io.out(`${JSON.stringify(result, null, 2)}\n`);
        return EXIT.ok;
      }
      io.out(`pulled ${result.model}@${result.version} (${result.stage}) into ${options.out}\n`);
      for (const file of result.files)
        io.out(`  ${file.action.padEnd(10)} ${file.file}  ${file.digest}  ${file.size} bytes\n`);
      return EXIT.ok;
    }),
  );
}

/** A progress line on a terminal's stderr, redrawn at most ten times a second. */
class ProgressPrinter {
  private readonly started = Date.now();
  private last = 0;
  private shown = false;

  constructor(private readonly io: Io) {}

  readonly update = (progress: { bytes: number; total: number | undefined }): void => {
    const now = Date.now();
    if (now - this.last < 100 && progress.bytes !== progress.total) return;
    this.last = now;
    this.shown = true;
    this.io.err(`\r${progressLine(progress.bytes, progress.total, (now - this.started) / 1000)}\x1b[K`);
  };

  done(): void {
    if (this.shown) this.io.err('\r\x1b[K');
  }
}
