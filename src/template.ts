/** Where the shipped registry template is, from src/ (tests) and lib/ (installed) alike. */
import { fileURLToPath } from 'node:url';

export function templateDir(): string {
  return fileURLToPath(new URL('../registry-template/', import.meta.url));
}
