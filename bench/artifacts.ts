/**
 * The artifact part of `npm run bench`: `modelreg pull` of one artifact from
 * s3rver (the S3 protocol, in its own process on loopback) and from a local
 * file, against `curl` + `sha256sum` and `cp` + `sha256sum` on the same bytes,
 * at 256 MB and 32 MB so that the peak RSS of the two can be compared (a
 * streaming pull stays flat); and `resolve` of an s3 version, whose start-up
 * must not pay for the store SDKs, against `node -e 0`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import type { Scenario } from './scenarios.js';

const MB = 1024 * 1024;
export const ARTIFACT_SIZES_MB = [256, 32] as const;

export interface ArtifactBench {
  /** The registry the commands run in. */
  readonly dir: string;
  /** Label and scenarios, one group per artifact size. */
  readonly groups: readonly { readonly label: string; readonly scenarios: readonly Scenario[] }[];
  /** Set while the scenarios run: the endpoint and keys of the S3 server. */
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

export async function artifactBench(work: string, bin: string): Promise<ArtifactBench> {
  const dir = join(work, 'artifacts-registry');
  const objects = join(work, 'artifacts-objects');
  mkdirSync(join(dir, 'models', 'big', 'versions'), { recursive: true });
  mkdirSync(objects, { recursive: true });
  const s3 = await startS3rverProcess(join(work, 's3rver'));
  const versions: string[] = [];
  const groups = [];
  const m = ['node', bin];
  for (const size of ARTIFACT_SIZES_MB) {
    const file = join(objects, `model-${size}.bin`);
    const digest = await writeRandom(file, size * MB);
    const key = `bench/model-${size}.bin`;
    const put = spawnSync('curl', ['-sf', '-T', file, `${s3.endpoint}/${key}`]);
    if (put.status !== 0) throw new Error(`uploading ${key} to s3rver failed: ${put.stderr.toString()}`);
    const s3Version = `${size}.0.0`;
    const fileVersion = `${size}.1.0`;
    versions.push(
      // One production holder (the default policy's production is exclusive): the 256 MB one, which resolve reads.
      versionFile(s3Version, size === 256 ? 'production' : 'development', `s3://${key}`, digest, size * MB),
      versionFile(fileVersion, 'staging', `file://${file}`, digest, size * MB),
    );
    writeFileSync(join(dir, 'models', 'big', 'versions', `${s3Version}.yaml`), versions.at(-2)!);
    writeFileSync(join(dir, 'models', 'big', 'versions', `${fileVersion}.yaml`), versions.at(-1)!);
    const out = `../pulled-${size}`;
    const reset = ['rm', '-rf', out];
    groups.push({
      label: `artifact ${size} MB`,
      scenarios: [
        {
          ours: [...m, 'pull', `big@${s3Version}`, '--out', out],
          native: ['sh', '-c', `mkdir -p ${out} && curl -sf ${s3.endpoint}/${key} -o ${out}/a && sha256sum ${out}/a`],
          reset,
        },
        {
          ours: [...m, 'pull', `big@${fileVersion}`, '--out', out],
          native: [
            'sh',
            '-c',
            `mkdir -p ${out} && cp ../artifacts-objects/model-${size}.bin ${out}/a && sha256sum ${out}/a`,
          ],
          reset,
        },
      ],
    });
  }
  groups.push({
    label: 'artifact start-up',
    scenarios: [{ ours: [...m, 'resolve', 'big@production', '--json'], native: ['node', '-e', '0'] }],
  });
  writeFileSync(join(dir, 'registry.yaml'), 'name: bench-artifacts\nartifacts:\n  schemes: [s3, file]\n');
  writeFileSync(join(dir, 'models', 'big', 'model.yaml'), 'name: big\nowners: [alice]\n');
  for (const [cmd, ...args] of [
    ['git', 'init', '-q', '-b', 'main'],
    ['git', 'add', '-A'],
    ['git', '-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-qm', 'artifacts'],
  ] as const) {
    const result = spawnSync(cmd, args, { cwd: dir });
    if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${result.stderr.toString()}`);
  }
  return {
    dir,
    groups,
    env: {
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_REGION: 'us-east-1',
      MODELREG_ALLOW_INSECURE_LOOPBACK: '1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    close: s3.close,
  };
}

function versionFile(version: string, stage: string, uri: string, digest: string, size: number): string {
  return `version: ${version}\nstage: ${stage}\ncreated: 2026-11-30T00:00:00Z\ncreated_by: bench\nartifacts:\n  model:\n    uri: ${uri}\n    digest: ${digest}\n    size: ${size}\n`;
}

/** `bytes` random bytes into `path`, written in 1 MiB blocks; their sha256. */
async function writeRandom(path: string, bytes: number): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(path);
  for (let written = 0; written < bytes; written += MB) {
    const block = randomBytes(Math.min(MB, bytes - written));
    hash.update(block);
    if (!out.write(block)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return `sha256:${hash.digest('hex')}`;
}

/**
 * s3rver in a child process: the bench times with spawnSync, which blocks this
 * process's event loop, so a server in it could not answer.
 */
async function startS3rverProcess(directory: string): Promise<{ endpoint: string; close: () => Promise<void> }> {
  const script = `
    import { createRequire } from 'node:module';
    const require = createRequire(${JSON.stringify(resolve('package.json'))});
    const S3rver = require('s3rver');
    const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: ${JSON.stringify(directory)}, configureBuckets: [{ name: 'bench' }] });
    const { port } = await server.run();
    console.log(port);`;
  const child: ChildProcess = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  const port = Number(chunk.toString().trim());
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: async () => {
      child.kill();
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}
