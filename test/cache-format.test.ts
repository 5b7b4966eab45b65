import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PARSE_CODE_VERSION } from '../src/snapshot/parse-cache-format.js';

/** The code whose output the caches in .git/modelreg keep: what a file reads as, and what the checks report. */
const CHECK_SOURCES = [
  'src/yaml',
  'src/contract',
  'src/validate',
  'src/snapshot/registry-snapshot.ts',
  'src/domain/findings.ts',
  // The name patterns the schemas check (they were in src/contract until the domain layer took them).
  'src/domain/names.ts',
];

/**
 * The digest of CHECK_SOURCES for each PARSE_CODE_VERSION. After changing any
 * of them, bump PARSE_CODE_VERSION in src/snapshot/parse-cache-format.ts
 * and add the new number with the digest this test prints; never edit an
 * existing line.
 */
const DIGESTS: Record<number, string> = {
  4: '095d4daae4ac8a4ef53675e0e6c2ada5144338c14862b5d0c652b49c2fe30f13',
  5: 'fefd39f43bb8949af1e0c69e45dc05cd0c198ffeb637084140cb611afda510c6',
  6: 'c0947f182ff55eec9c60555d917fb4dfc96a86f303be50020c1df2220e203c00',
  7: '8821a50d229dacc0984d44d3f5c681b6c4751fba0f662eff1bb84c49361745ac',
  8: 'b18a95eebcfc2f2946f04bde3e69678114422b13069edec4298147b77e5630f2',
  9: '890d5863253fc378ee45892abfc0074671eaac35a2f4f75366f27578fbfd0a60',
  10: '0e16600aa58bc0ae6bf267eadc3b14b970727af7e9c37504c07536cb80428ed8',
  11: 'fa395150f1db76ec9299ae046ed8d9f40d3517a16c4e9d8d58565eea901cb382',
  12: '53d8a09b4d59247c613db0a492f8a40baf421b0ee4160b5a47af61e242a8732b',
  13: '910d6395e6cafa2d3cbf06681a4f3119c8a1636b2fc85b5f11e26cf10ab3cf18',
  14: '0842ce03e515239fd0263a197f5b7f13b20cfb964f4eb3af173f9c1c4e328277',
  15: '4bc52dc0ee298e81a65852be7082b42313270450edc0e07d18d6d1bfee4ec3b9',
  16: '5221399c0e2346f924a236b330b13efb94dd00b740c0c88d8d52aff012d19785',
};

function sourceDigest(): string {
  const files: string[] = [];
  const walk = (path: string) => {
    if (statSync(path).isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
    else if (path.endsWith('.ts')) files.push(path);
  };
  CHECK_SOURCES.forEach(walk);
  const hash = createHash('sha256');
  for (const file of files.sort()) hash.update(`${file}\0${readFileSync(file, 'utf8').replace(/\r\n/g, '\n')}\0`);
  return hash.digest('hex');
}

describe('cache keys follow the checking code', () => {
  it('reading or checking code has not changed without a PARSE_CODE_VERSION bump', () => {
    const digest = sourceDigest();
    expect(
      DIGESTS[PARSE_CODE_VERSION],
      `src/yaml, src/contract or src/validate changed: bump PARSE_CODE_VERSION (now ${PARSE_CODE_VERSION}) and record ${digest} for the new number`,
    ).toBe(digest);
  });

  it('every recorded digest is of its own number, and the current number is the newest', () => {
    expect(Math.max(...Object.keys(DIGESTS).map(Number))).toBe(PARSE_CODE_VERSION);
    expect(new Set(Object.values(DIGESTS)).size).toBe(Object.keys(DIGESTS).length);
  });
});
