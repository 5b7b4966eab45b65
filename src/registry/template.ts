/**
 * Where the shipped registry template is. The same code runs from src/
 * (tests), lib/ (the library) and lib/cli-bundle/ (the CLI), so the package
 * root is found by walking up rather than by a fixed relative path.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let found: string | undefined;

export function templateDir(): string {
  if (found) return found;
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const candidate = join(dir, 'registry-template');
    if (existsSync(join(candidate, 'registry.yaml'))) return (found = `${candidate}/`);
    if (dirname(dir) === dir) throw new Error('modelreg is installed without its registry-template/ directory');
  }
}
