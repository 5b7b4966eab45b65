/**
 * Tests must not see the machine's git identity or config: every repository
 * a test makes sets its own. An empty global config file stands in for ~/.gitconfig.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'modelreg-gitconfig-'));
const globalConfig = join(dir, 'gitconfig');
writeFileSync(globalConfig, '');
process.env.GIT_CONFIG_GLOBAL = globalConfig;
process.env.GIT_CONFIG_NOSYSTEM = '1';
delete process.env.GIT_AUTHOR_NAME;
delete process.env.GIT_AUTHOR_EMAIL;
delete process.env.GIT_COMMITTER_NAME;
delete process.env.GIT_COMMITTER_EMAIL;
// Nor the machine's GitHub credentials: --pr tests set their own.
delete process.env.GITHUB_TOKEN;
delete process.env.GH_TOKEN;
delete process.env.GITHUB_API_URL;
// Nor opt-ins that change what modelreg allows or prints.
delete process.env.MODELREG_ALLOW_INSECURE_LOOPBACK;
delete process.env.MODELREG_DEBUG;
// Failed GitHub calls are still retried, without seconds of backoff between tries.
process.env.MODELREG_GITHUB_RETRY_UNIT_MS = '0';
