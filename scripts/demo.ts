/**
 * `npm run demo`: the registry's life cycle so far, end to end, on a local
 * registry in a temp dir, using the built `modelreg` command exactly as a
 * user would. Each step says what it shows; a step that behaves otherwise
 * stops the demo with exit 1.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'modelreg.js');
const work = mkdtempSync(join(tmpdir(), 'modelreg-demo-'));
// Named like a team's registry: init titles the audit report and the catalog after the directory.
const registry = join(work, 'acme-models');
const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Ada Example',
  GIT_AUTHOR_EMAIL: 'ada@example.com',
  GIT_COMMITTER_NAME: 'Ada Example',
  GIT_COMMITTER_EMAIL: 'ada@example.com',
  GIT_CONFIG_GLOBAL: join(work, 'gitconfig'),
};
writeFileSync(env.GIT_CONFIG_GLOBAL, '');

function step(title: string): void {
  console.log(`\n\x1b[1m== ${title}\x1b[0m`);
}

function modelreg(args: string[], expectExit = 0): string {
  console.log(`$ modelreg ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}`);
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: registry, env, encoding: 'utf8' });
  const output = `${result.stdout}${result.stderr}`.replace(/\n$/, '');
  if (output) console.log(output.replace(/^/gm, '  '));
  if (result.status !== expectExit) {
    console.error(`\ndemo failed: expected exit ${expectExit}, got ${result.status}`);
    process.exit(1);
  }
  console.log(`  (exit ${result.status})`);
  return result.stdout;
}

function git(args: string[]): void {
  console.log(`$ git ${args.join(' ')}`);
  const result = spawnSync('git', args, { cwd: registry, env, encoding: 'utf8' });
  if (result.status !== 0) {
    console.error(`demo failed: git ${args.join(' ')}: ${result.stderr}`);
    process.exit(1);
  }
  console.log(result.stdout.trimEnd().replace(/^/gm, '  '));
}

function file(name: string, content: string): string {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
}

step('Create a registry from the template (a git repository with a first commit)');
console.log(`$ modelreg init ${registry}`);
{
  const result = spawnSync(process.execPath, [bin, 'init', registry], { env, encoding: 'utf8' });
  process.stdout.write(`${result.stdout}${result.stderr}`.replace(/^/gm, '  '));
  if (result.status !== 0) process.exit(1);
}

step('Register fraud-detection 1.0.0: the digest and size come from the local artifact');
const weights1 = file('model-1.0.0.onnx', 'pretend these are ONNX weights, version 1.0.0');
const metrics1 = file('metrics-1.0.0.json', JSON.stringify({ auc: 0.91, latency_p99_ms: 38 }));
const signature = file(
  'signature.yaml',
  'inputs:\n  - {name: amount, type: float32}\n  - {name: merchant, type: string}\noutputs:\n  - {name: fraud_score, type: float32}\n',
);
modelreg([
  'register',
  'fraud-detection',
  '--version',
  '1.0.0',
  '--owner',
  'ada',
  '--owner',
  '@acme/fraud-ml',
  '--artifact',
  'model=s3://acme-models/fraud-detection/1.0.0/model.onnx',
  '--file',
  `model=${weights1}`,
  '--metrics',
  metrics1,
  '--signature',
  signature,
  '--data',
  `s3://acme-data/transactions/2026-10/@sha256:${'1'.repeat(64)}`,
  '--description',
  'Gradient-boosted baseline',
]);

step('Register the next version with --bump minor and lineage to 1.0.0');
const weights2 = file('model-1.1.0.onnx', 'pretend these are ONNX weights, version 1.1.0');
const metrics2 = file('metrics-1.1.0.json', JSON.stringify({ auc: 0.935, latency_p99_ms: 41 }));
modelreg([
  'register',
  'fraud-detection',
  '--bump',
  'minor',
  '--parent',
  '1.0.0',
  '--artifact',
  'model=s3://acme-models/fraud-detection/1.1.0/model.onnx',
  '--file',
  `model=${weights2}`,
  '--metrics',
  metrics2,
  '--signature',
  signature,
  '--description',
  'More features',
]);

step('The model owners define what the metrics mean and what production requires');
const modelFile = join(registry, 'models/fraud-detection/model.yaml');
writeFileSync(
  modelFile,
  readFileSync(modelFile, 'utf8') +
    'description: Scores card transactions for fraud\n' +
    'metrics:\n  auc: {goal: maximize}\n  latency_p99_ms: {goal: minimize, unit: ms}\n' +
    'artifacts:\n  required: [model]\n' +
    'acceptance:\n  production:\n    metrics:\n      auc: {min: 0.9, max_drop: 0.01}\n      latency_p99_ms: {max: 45}\n    require: [signature]\n',
);
modelreg(['validate']);
git(['commit', '-q', '-am', 'fraud-detection: metric goals and the production gate']);

step('What is registered');
modelreg(['list']);
modelreg(['show', 'fraud-detection']);

step('What a deploy job asks');
modelreg(['resolve', 'fraud-detection@1.1.0', '--json']);
modelreg(['resolve', 'fraud-detection@production'], 1);

step('Editing a registered artifact is refused, on the exact line');
const versionFile = join(registry, 'models/fraud-detection/versions/1.0.0.yaml');
const original = readFileSync(versionFile, 'utf8');
writeFileSync(
  versionFile,
  original
    .replace(/digest: sha256:[0-9a-f]{64}/, `digest: sha256:${'f'.repeat(64)}`)
    .replace('stage: development', 'stage: production'),
);
modelreg(['validate'], 1);
modelreg(['validate', '--format', 'json'], 1);
writeFileSync(versionFile, original);
modelreg(['validate']);

step('A registration that breaks the contract writes nothing');
modelreg(
  [
    'register',
    'fraud-detection',
    '--version',
    '1.2.0',
    '--artifact',
    'model=ftp://old-server/model.onnx',
    '--digest',
    `model=sha256:${'a'.repeat(64)}`,
  ],
  1,
);

step('The whole registry at HEAD is healthy');
modelreg(['validate', '--all']);

step('Promote 1.0.0 through staging to production (--here: this demo registry is used without pull requests)');
modelreg(['promote', 'fraud-detection@1.0.0', '--to', 'staging', '--here']);
modelreg([
  'promote',
  'fraud-detection@1.0.0',
  '--to',
  'production',
  '--here',
  '-m',
  'Baseline approved by the risk team',
]);
modelreg(['resolve', 'fraud-detection@production']);

step('Without --here, a promotion is a branch ready for a pull request; main is untouched');
modelreg(['promote', 'fraud-detection@1.1.0', '--to', 'staging']);

step('Promote 1.1.0: it replaces 1.0.0, which moves to archived; each file changes by one line');
modelreg(['promote', 'fraud-detection@1.1.0', '--to', 'staging', '--here']);
modelreg(['compare', 'fraud-detection', '1.0.0', '1.1.0']);
modelreg(['promote', 'fraud-detection@1.1.0', '--to', 'production', '--here']);
git(['diff', '--numstat', 'HEAD~1', 'HEAD']);
modelreg(['resolve', 'fraud-detection@production', '--json']);

step('A bad promotion is refused: 1.0.0 is archived, and archived → production is not a transition');
modelreg(['promote', 'fraud-detection@1.0.0', '--to', 'production', '--here'], 1);

step('The production gate refuses a version whose AUC is too low');
const weights3 = file('model-1.2.0.onnx', 'pretend these are ONNX weights, version 1.2.0');
const metrics3 = file('metrics-1.2.0.json', JSON.stringify({ auc: 0.89, latency_p99_ms: 30 }));
modelreg([
  'register',
  'fraud-detection',
  '--bump',
  'minor',
  '--parent',
  '1.1.0',
  '--artifact',
  'model=s3://acme-models/fraud-detection/1.2.0/model.onnx',
  '--file',
  `model=${weights3}`,
  '--metrics',
  metrics3,
  '--signature',
  signature,
]);
modelreg(['promote', 'fraud-detection@1.2.0', '--to', 'staging', '--here']);
modelreg(['promote', 'fraud-detection@1.2.0', '--to', 'production', '--here'], 1);

step('Roll production back: the promotion is reverted for this model only');
modelreg(['rollback', 'fraud-detection', '--here', '-m', 'Latency regression in production']);
modelreg(['resolve', 'fraud-detection@production']);
modelreg(['validate', '--base', 'HEAD~1', '--head', 'HEAD']);

step('History records it all, and the audit report is ready for an auditor');
modelreg(['history', 'fraud-detection']);
modelreg(['audit']);
modelreg(['lineage', 'fraud-detection@1.1.0']);
modelreg([
  'deprecate',
  'fraud-detection@1.1.0',
  '--reason',
  'Latency regression; superseded by the next release',
  '--here',
]);

step('A catalog people can look at: a static site of the registry');
modelreg(['docs']);
modelreg(['catalog', 'build', '--out', join(work, 'catalog')]);

console.log(`\nDone. The demo registry is at ${registry} (git log there shows every change).`);
console.log(`The catalog is at ${join(work, 'catalog', 'index.html')} (open it in a browser; no server needed).`);
