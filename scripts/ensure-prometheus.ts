/**
 * The guardrail tests start Debian's Prometheus at /usr/bin/prometheus on
 * loopback and query it for real. `npm test` must work on a fresh machine, so
 * this installs it when missing and the user can (root with apt-get);
 * otherwise it stops at once with the command to run. Those tests are never
 * skipped silently.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const PROMETHEUS = '/usr/bin/prometheus';
const INSTALL = 'apt-get update && apt-get install -y --no-install-recommends prometheus';

function version(): string | undefined {
  try {
    return execFileSync(PROMETHEUS, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
      .split('\n')[0]!
      .trim();
  } catch {
    return undefined;
  }
}

if (!existsSync(PROMETHEUS)) {
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    console.error(
      `The guardrail tests need Debian's Prometheus at ${PROMETHEUS}. Install it with:\n  sudo sh -c '${INSTALL}'`,
    );
    process.exit(1);
  }
  console.log(`Installing Debian's Prometheus for the guardrail tests (${INSTALL}) …`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'prometheus'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  });
}
const found = version();
if (!found) {
  console.error(
    `${PROMETHEUS} is there but does not run (\`${PROMETHEUS} --version\` failed); reinstall it: ${INSTALL}`,
  );
  process.exit(1);
}
console.log(`Prometheus for guardrail tests: ${found}`);
