/**
 * The catalog's browser tests drive Debian's Chromium at /usr/bin/chromium.
 * `npm test` must work on a fresh machine, so this installs it when missing
 * and the user can (root with apt-get); otherwise it stops at once with the
 * command to run. The browser tests are never skipped silently.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';
const INSTALL = 'apt-get update && apt-get install -y chromium';

function version(): string | undefined {
  try {
    return execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

if (!existsSync(CHROMIUM)) {
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    console.error(
      `The catalog's browser tests need Debian's Chromium at ${CHROMIUM}. Install it with:\n  sudo sh -c '${INSTALL}'`,
    );
    process.exit(1);
  }
  console.log(`Installing Debian's Chromium for the catalog's browser tests (${INSTALL}) …`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: ['ignore', 'ignore', 'inherit'], env });
}
const found = version();
if (!found) {
  console.error(`${CHROMIUM} is there but does not run (\`${CHROMIUM} --version\` failed); reinstall it: ${INSTALL}`);
  process.exit(1);
}
console.log(`Chromium for browser tests: ${found}`);
