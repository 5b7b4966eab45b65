/**
 * `engines` is a promise to users: every Node version it admits must satisfy
 * every installed package's own engines (else `npm ci` prints EBADENGINE on a
 * version we claim), and the Node running the tests must be one we claim.
 */
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
  packages: Record<string, { engines?: Record<string, string> | string[] }>;
};

describe('engines', () => {
  it('admits only Node versions every locked package supports', () => {
    const claimed = manifest.engines.node;
    const conflicts = Object.entries(lock.packages)
      .filter(([path]) => path !== '')
      .flatMap(([path, entry]) => {
        const node = !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
        return node && !semver.subset(claimed, node) ? [`${path} needs node ${node}`] : [];
      });
    expect(conflicts).toEqual([]);
  });

  it('is tested on a Node version it claims', () => {
    expect(semver.satisfies(process.version, manifest.engines.node)).toBe(true);
  });
});
