/** modelreg register <model>: write a version file, validate it as CI will, commit it. */
import { Command } from 'commander';
import { resolve } from 'node:path';
import type { Artifact } from '../../contract/version-schema.js';
import { UserError } from '../../domain/errors.js';
import {
  digestFile,
  metricsInputSchema,
  paramsInputSchema,
  readInputFile,
  signatureInputSchema,
} from '../../registry/local-inputs.js';
import { registerVersion, type RegistrationRequest } from '../../lifecycle/register-version.js';
import { digestFromStore } from '../../artifacts/store-digest.js';
import { storeOptionsFrom, timeoutOption } from './pull.js';
import { EXIT, type Io, type Runner } from '../io.js';
import { parseGoals } from './model.js';
import {
  addPullRequestOptions,
  gitHubTargetIfAsked,
  openPullRequestIfAsked,
  reportApplied,
  type CommitTargetOptions,
} from '../commit-target.js';
import { registrationBody } from '../../github/pull-request-body.js';
import {
  addRegistryOption,
  choice,
  collect,
  openRegistryToWrite,
  parseAssignments,
  type RegistryOption,
} from '../options.js';

interface RegisterOptions extends RegistryOption, CommitTargetOptions {
  readonly version?: string;
  readonly bump?: 'major' | 'minor' | 'patch';
  readonly artifact?: string[];
  readonly digest?: string[];
  readonly file?: string[];
  readonly metrics?: string;
  readonly params?: string;
  readonly signature?: string;
  readonly parent?: string;
  readonly data?: string[];
  readonly codeCommit?: string;
  readonly codeRepo?: string;
  readonly run?: string;
  readonly stage?: string;
  readonly owner?: string[];
  readonly task?: string;
  readonly goal?: string[];
  readonly newModel?: boolean;
  readonly description?: string;
  readonly tag?: string[];
  readonly createdBy?: string;
  readonly timeout?: string;
  readonly commit: boolean;
  readonly json?: boolean;
}

export function registerCommand(io: Io, run: Runner): Command {
  return addRegistryOption(
    addPullRequestOptions(new Command('register'))
      .description(
        'register a new version of a model (creating the model when --owner is given), validate it and commit it',
      )
      .argument('<model>', 'model name')
      .option('--version <semver>', 'the version to register, e.g. 1.2.0')
      .addOption(
        choice('--bump <part>', 'next version after the highest registered one', ['major', 'minor', 'patch'] as const),
      )
      .option(
        '--artifact <role=uri>',
        'an artifact pointer (repeatable), e.g. model=s3://bucket/fraud/1.2.0/model.onnx',
        collect,
      )
      .option('--digest <role=sha256:hex>', "the artifact's sha256 digest (repeatable)", collect)
      .option(
        '--file <role=path>',
        'a local copy of the artifact: digest and size are computed from it (repeatable; without --file or --digest they are computed by reading the URI)',
        collect,
      )
      .addOption(timeoutOption())
      .option('--metrics <file>', 'JSON or YAML map of metric name → number')
      .option('--params <file>', 'JSON or YAML map of training parameters')
      .option('--signature <file>', 'JSON or YAML {inputs: [{name, type}], outputs: [...]}')
      .option('--parent <version>', 'the version this one was derived from (lineage.parent)')
      .option('--data <uri[@sha256:hex]>', 'a data set it was trained on (repeatable)', collect)
      .option('--code-commit <sha>', 'the training code commit (lineage.code.commit)')
      .option('--code-repo <url>', 'the training code repository (lineage.code.repo)')
      .option('--run <uri>', 'the training run, e.g. an experiment tracker URL')
      .option('--stage <stage>', 'initial stage (default: the first of registry.yaml initial_stages)')
      .option('--owner <owner>', 'owner of a new model: GitHub user or @org/team (repeatable)', collect)
      .option('--task <task>', "a new model's task, e.g. binary-classification (later: modelreg model set)")
      .option(
        '--goal <metric=goal>',
        "a new model's metric goal: auc=maximize, latency_ms=minimize (repeatable; later: modelreg model set)",
        collect,
      )
      .option('--new-model', 'confirm creating a new model whose name is one edit away from an existing one')
      .option('--description <text>', 'what is new in this version')
      .option('--tag <tag>', 'a tag (repeatable)', collect)
      .option('--created-by <who>', 'recorded as created_by (default: git user.email)')
      .option('--no-commit', 'write the files into the working tree without committing')
      .option('--branch <name>', 'commit on this new branch instead of the current one')
      .option('--json', 'print the result as JSON'),
  ).action((model: string, options: RegisterOptions) =>
    run(async () => {
      const registry = await openRegistryToWrite(options, io);
      const request = await buildRequest(model, options, io, registry.dir);
      if (!options.commit && (options.pr || options.branch !== undefined)) {
        throw new UserError(
          'USAGE',
          '--no-commit cannot be combined with --branch or --pr',
          'A branch or a pull request needs a commit.',
        );
      }
      const github = await gitHubTargetIfAsked(registry, options);
      const branch = options.branch ?? (options.pr ? 'auto' : undefined);
      const result = await registerVersion(registry, request, {
        commit: options.commit,
        ...(branch !== undefined ? { branch } : {}),
      });
      const { plan } = result;
      const url = result.applied
        ? await openPullRequestIfAsked(registry, github, result.applied, async () => ({
            title: plan.message.split('\n')[0]!,
            body: registrationBody(plan.model, plan.version, plan.stage, [...plan.files.keys()]),
          }))
        : undefined;
      if (options.json) {
        io.out(
          `${JSON.stringify({ model: plan.model, version: plan.version, stage: plan.stage, newModel: plan.newModel, files: [...plan.files.keys()], commit: result.commit ?? null }, null, 2)}\n`,
        );
        return EXIT.ok;
      }
      for (const finding of result.report.findings.filter((f) => f.severity === 'warning')) {
        io.err(`${finding.file}:${finding.line}:${finding.column}: warning ${finding.code} ${finding.message}\n`);
      }
      io.out(`registered ${plan.model}@${plan.version} in ${plan.stage}${plan.newModel ? ' (new model)' : ''}\n`);
      for (const file of plan.files.keys()) io.out(`  ${result.commit ? 'committed' : 'wrote'} ${file}\n`);
      if (result.applied && (url || result.applied.branch !== result.applied.baseBranch))
        reportApplied(io, result.applied, url);
      else if (result.commit) io.out(`  commit ${result.commit.slice(0, 7)}\n`);
      return EXIT.ok;
    }),
  );
}

async function buildRequest(
  model: string,
  options: RegisterOptions,
  io: Io,
  registryDir: string,
): Promise<RegistrationRequest> {
  const uris = parseAssignments(options.artifact, '--artifact');
  const digests = parseAssignments(options.digest, '--digest');
  const files = parseAssignments(options.file, '--file');
  if (uris.size === 0) {
    throw new UserError(
      'USAGE',
      'at least one --artifact <role>=<uri> is required',
      'e.g. --artifact model=s3://bucket/fraud/1.2.0/model.onnx --file model=./model.onnx',
    );
  }
  for (const role of [...digests.keys(), ...files.keys()]) {
    if (!uris.has(role))
      throw new UserError(
        'USAGE',
        `--digest/--file name role "${role}" but no --artifact ${role}=<uri> is given`,
        `Add --artifact ${role}=<uri>.`,
      );
  }
  const artifacts: Record<string, Artifact> = {};
  for (const [role, uri] of uris) {
    const given = digests.get(role);
    const path = files.get(role);
    // Without a local copy or a digest, the content is pinned by reading it from its store once.
    const computed =
      path !== undefined
        ? await digestFile(resolve(io.cwd, path))
        : given === undefined
          ? await digestFromStore(uri, storeOptionsFrom(registryDir, options.timeout))
          : undefined;
    if (given !== undefined && computed !== undefined && given !== computed.digest) {
      throw new UserError(
        'DIGEST_MISMATCH',
        `--digest ${role}=${given} does not match ${path}, whose sha256 is ${computed.digest}`,
        'Check that the local file is the artifact at the URI, or drop --digest to use the computed one.',
      );
    }
    const format = formatOf(uri);
    artifacts[role] = {
      uri,
      digest: given ?? computed!.digest,
      ...(computed ? { size: computed.size } : {}),
      ...(format ? { format } : {}),
    };
  }
  if (options.codeCommit !== undefined && options.codeRepo === undefined) {
    throw new UserError(
      'USAGE',
      '--code-commit needs --code-repo',
      'e.g. --code-repo https://github.com/acme/fraud --code-commit <40-hex sha>.',
    );
  }
  const read = <T>(path: string | undefined, schema: import('zod/mini').ZodMiniType<T>, what: string) =>
    path === undefined ? undefined : readInputFile(resolve(io.cwd, path), path, schema, what);
  return {
    model,
    version: options.version,
    bump: options.bump,
    artifacts,
    stage: options.stage,
    description: options.description,
    metrics: await read(options.metrics, metricsInputSchema, 'metrics'),
    params: await read(options.params, paramsInputSchema, 'params'),
    signature: await read(options.signature, signatureInputSchema, 'signature'),
    parent: options.parent,
    data: options.data?.map(parseDataOption),
    code: options.codeCommit !== undefined ? { repo: options.codeRepo!, commit: options.codeCommit } : undefined,
    run: options.run,
    tags: options.tag,
    owners: options.owner,
    modelFields: { task: options.task, goals: parseGoals(options.goal) },
    confirmNewModel: options.newModel,
    createdBy: options.createdBy,
    now: io.now(),
  };
}

function parseDataOption(value: string): { uri: string; digest?: string } {
  const at = value.lastIndexOf('@sha256:');
  return at < 0 ? { uri: value } : { uri: value.slice(0, at), digest: value.slice(at + 1) };
}

const KNOWN_FORMATS = new Set([
  'onnx',
  'safetensors',
  'pt',
  'pth',
  'pkl',
  'pickle',
  'joblib',
  'h5',
  'keras',
  'pb',
  'tflite',
  'gguf',
  'bin',
  'json',
  'parquet',
  'zip',
  'tar',
  'gz',
  'mlmodel',
  'xgb',
  'ubj',
  'cbm',
  'txt',
]);

/** The format named by the URI's file extension, when it is a well-known one. */
function formatOf(uri: string): string | undefined {
  const path = uri.replace(/[?#].*$/, '');
  const dot = path.lastIndexOf('.');
  if (dot < 0 || dot < path.lastIndexOf('/')) return undefined;
  const extension = path.slice(dot + 1).toLowerCase();
  return KNOWN_FORMATS.has(extension) ? extension : undefined;
}
