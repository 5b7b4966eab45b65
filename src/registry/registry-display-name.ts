/**
 * The name a registry goes by where people see it: the title of the audit
 * report and of the catalog. A registry titled "models" (the template's old
 * placeholder) says nothing about whose registry it is, so init names a new
 * registry after its repository's directory, and a registry.yaml without a
 * `name` gets the same default.
 */
import { basename } from 'node:path';
import { parse } from 'yaml';

/** registry.yaml's `name`, else the name of the repository's directory. */
export function registryDisplayName(policy: { readonly name: string | undefined }, repositoryDir: string): string {
  return policy.name?.trim() || basename(repositoryDir) || 'Model registry';
}

/** Names init can write as a registry's name: printable letters, digits, spaces, ".", "_" and "-". */
const WRITABLE_NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u;

/**
 * The template's registry.yaml with its top-level `name:` set to `name`
 * (pure; one line changes). Quoted when YAML would read the bare text as
 * something else (`2026`, `true`); left as it is for a name init should not
 * write at all (control characters, slashes, quotes).
 */
export function withRegistryName(policyText: string, name: string): string {
  if (!WRITABLE_NAME.test(name)) return policyText;
  let plain: unknown;
  try {
    plain = parse(`name: ${name}`)?.name;
  } catch {
    plain = undefined;
  }
  const value = plain === name ? name : JSON.stringify(name);
  return policyText.replace(/^name:[^\n]*$/m, `name: ${value}`);
}
