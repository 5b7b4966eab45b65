import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MODELREG_VERSION } from '../src/version.js';
import { runCli } from './helpers/run-cli.js';

describe('the version', () => {
  it("is package.json's, in the code and on the command line", async () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(MODELREG_VERSION).toBe(pkg.version);
    expect((await runCli(process.cwd(), ['--version'])).stdout.trim()).toBe(pkg.version);
  });
});
