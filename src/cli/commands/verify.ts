/** modelreg verify: do the artifact pointers still lead to the registered bytes? Findings as validate prints them. */
import { Command } from 'commander';
import { sortFindings } from '../../domain/findings.js';
import { countOf } from '../../domain/plural.js';
import { verifyVersions, type VersionToVerify } from '../../artifacts/verify.js';
import { parseModelRef } from '../../domain/model-ref.js';
import type { Registry } from '../../registry/registry.js';
import type { RegistryView } from '../../registry/registry-view.js';
import { classifyPath } from '../../domain/layout.js';
import { diffSnapshots } from '../../validate/change-set.js';
import { EXIT, type Io, type Runner } from '../io.js';
import { addRegistryOption, choice, openRegistryFrom, viewAt, type RegistryOption } from '../options.js';
import { renderFindings, summaryLine, type FindingsFormat } from '../render/findings.js';
import { UserError } from '../../domain/errors.js';
import { storeOptionsFrom, timeoutOption } from './pull.js';

interface VerifyOptions extends RegistryOption {
  readonly changed?: boolean;
  readonly base?: string;
  readonly head?: string;
  readonly all?: boolean;
  readonly quick?: boolean;
  readonly format: FindingsFormat;
  readonly timeout?: string;
}

export function verifyCommand(io: Io, run: Runner): Command {
  return addRegistryOption(
    new Command('verify')
      .description(
        'check that artifact pointers resolve and match their sha256: a model or version, the versions a change touches (default: the working tree against HEAD), or --all',
      )
      .argument('[ref]', '<model>, <model>@<version> or <model>@<stage>')
      .option(
        '--changed',
        'the versions added or changed between --base and --head (the default without <ref> or --all)',
      )
      .option('--base <ref>', 'with --changed: the state before the change (default: HEAD)')
      .option('--head <ref>', 'the state to read (default: the working tree)')
      .option('--all', 'every version of every model')
      .option('--quick', 'ask each store for the size only (existence and size; no content read)')
      .addOption(timeoutOption())
      .addOption(choice('--format <format>', 'output format', ['text', 'json', 'github'] as const, 'text')),
  ).action((reference: string | undefined, options: VerifyOptions) =>
    run(async () => {
      const modes = [reference !== undefined, options.all === true, options.changed === true].filter(Boolean).length;
      if (modes > 1)
        throw new UserError(
          'USAGE',
          'verify takes one of <ref>, --all or --changed',
          'e.g. modelreg verify fraud@1.2.0, modelreg verify --all, or modelreg verify --changed --base origin/main --head HEAD.',
        );
      if (options.base !== undefined && (reference !== undefined || options.all)) {
        throw new UserError(
          'USAGE',
          '--base is for --changed',
          'Use --head <ref> to choose the snapshot a <ref> or --all reads.',
        );
      }
      const registry = await openRegistryFrom(options, io);
      const head = await headView(registry, options.head);
      const versions =
        reference !== undefined
          ? await versionsOfReference(head, reference)
          : options.all
            ? await allVersions(head)
            : await changedVersions(registry, head, options.base);
      const shown = versions.map((file) => ({ file, displayPath: registry.pathInRepository(file.path) }));
      const { findings, checked } = await verifyVersions(shown, {
        ...storeOptionsFrom(registry.dir, options.timeout),
        quick: options.quick,
      });
      const sorted = sortFindings(findings);
      const ok = !sorted.some((f) => f.severity === 'error');
      io.out(renderFindings(sorted, options.format, ok));
      if (options.format === 'text') {
        const what = `${countOf(checked, 'artifact')} of ${countOf(versions.length, 'version')}`;
        io.out(
          sorted.length === 0
            ? `ok: ${what} checked${options.quick ? ' (size only)' : ''}, each as registered\n`
            : summaryLine(sorted),
        );
      }
      return ok ? EXIT.ok : EXIT.rejected;
    }),
  );
}

type VersionFile = VersionToVerify['file'];

async function headView(registry: Registry, head: string | undefined): Promise<RegistryView> {
  if (head !== undefined) return viewAt(registry, head, '--head');
  await registry.requireInWorktree();
  return registry.worktree();
}

async function versionsOfReference(view: RegistryView, reference: string): Promise<VersionFile[]> {
  const ref = parseModelRef(reference, { model: true });
  if (ref.kind === 'model') {
    await view.requireModel(ref.model);
    return filesOf(view, ref.model, await view.snapshot.versionNames(ref.model));
  }
  const { version } = await view.resolve(ref);
  return filesOf(view, ref.model, [version]);
}

async function allVersions(view: RegistryView): Promise<VersionFile[]> {
  const files: VersionFile[] = [];
  for (const model of await view.modelNames())
    files.push(...(await filesOf(view, model, await view.snapshot.versionNames(model))));
  return files;
}

/** Version files added or modified between `base` (default HEAD) and the head view: what a pull request brings. */
async function changedVersions(
  registry: Registry,
  head: RegistryView,
  base: string | undefined,
): Promise<VersionFile[]> {
  const baseView = await viewAt(registry, base ?? 'HEAD', '--base');
  const files: VersionFile[] = [];
  for (const change of await diffSnapshots(baseView.source, head.source)) {
    const path = classifyPath(change.path);
    if (change.kind !== 'deleted' && path.kind === 'version')
      files.push(...(await filesOf(head, path.model, [path.version])));
  }
  return files;
}

/** Well-formed version files only: validate reports the others. */
async function filesOf(view: RegistryView, model: string, versions: readonly string[]): Promise<VersionFile[]> {
  const files = await Promise.all(versions.map((version) => view.snapshot.versionFile(model, version)));
  return files.filter((file): file is VersionFile => file?.value !== undefined);
}
