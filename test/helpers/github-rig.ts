/**
 * The GitHub a test file talks to: a fake REST API checked against GitHub's
 * OpenAPI description and a smart-HTTP origin, started once per file, with
 * every request of a test checked when it ends.
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { ALLOW_INSECURE_LOOPBACK } from '../../src/domain/token-transport.js';
import { FakeGitHub } from './fake-github.js';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './fixtures.js';
import { GitHttpServer } from './git-http-server.js';
import { createRepo } from './temp-repo.js';

export interface GitHubRig {
  readonly fake: FakeGitHub;
  readonly server: GitHttpServer;
  /** A checkout of a new origin repository holding fraud 1.0.0 (production) and 1.1.0 (staging). */
  fraudRegistry(): { dir: string; bare: string; repo: string };
}

export function useGitHubRig(token: string, repoPrefix: string): GitHubRig {
  let fake: FakeGitHub | undefined;
  let server: GitHttpServer | undefined;
  let counter = 0;
  beforeAll(async () => {
    fake = await FakeGitHub.start();
    server = await GitHttpServer.start(token);
    // Both servers speak plain http on 127.0.0.1: the documented opt-in lets a token go there.
    process.env[ALLOW_INSECURE_LOOPBACK] = '1';
  });
  afterAll(async () => {
    delete process.env[ALLOW_INSECURE_LOOPBACK];
    await fake?.close();
    await server?.close();
  });
  afterEach(() => {
    fake!.pulls.clear();
    fake!.requests.length = 0;
    expect(fake!.violations.splice(0)).toEqual([]);
  });
  return {
    get fake() {
      return fake!;
    },
    get server() {
      return server!;
    },
    fraudRegistry() {
      const source = createRepo({
        'registry.yaml': templatePolicy(),
        'models/fraud/model.yaml': modelYaml('fraud', 'metrics:\n  auc: {goal: maximize}\n'),
        [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', { stage: 'production', metrics: { auc: 0.9 } }),
        [versionPath('fraud', '1.1.0')]: versionYaml('1.1.0', { stage: 'staging', metrics: { auc: 0.93 } }),
      });
      const repo = `${repoPrefix}${++counter}`;
      return { ...server!.checkout(source, repo), repo };
    },
  };
}
