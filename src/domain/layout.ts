/** Where things live in a registry repository. */
import { MODEL_NAME, SEMVER } from './names.js';

export const POLICY_PATH = 'registry.yaml';
export const MODELS_DIR = 'models';
export const MODEL_FILE = 'model.yaml';
export const VERSIONS_DIR = 'versions';
export const VERSION_SUFFIX = '.yaml';
/** Files a model directory may hold besides model.yaml and versions/: generated docs. */
const MODEL_DOC_FILES = new Set(['README.md']);

export type RegistryPath =
  | { readonly kind: 'policy' }
  | { readonly kind: 'model'; readonly model: string }
  | { readonly kind: 'version'; readonly model: string; readonly version: string }
  | { readonly kind: 'model-doc'; readonly model: string }
  /** Inside models/ but not a file the layout allows. */
  | { readonly kind: 'unexpected'; readonly reason: string; readonly model?: string }
  /** Outside the catalog (README, schemas, .github, …): not the contract's business. */
  | { readonly kind: 'outside' };

/**
 * A registry-relative path as its repository names it: a registry may sit in
 * a directory (`root`) of a repository that holds other things too.
 */
export function inRepository(root: string, path: string): string {
  if (root === '') return path;
  return path === '' ? root : `${root}/${path}`;
}

/** The registry-relative path of a repository path, or undefined when it is outside the registry's directory. */
export function inRegistry(root: string, repositoryPath: string): string | undefined {
  if (root === '') return repositoryPath;
  if (repositoryPath === root) return '';
  return repositoryPath.startsWith(`${root}/`) ? repositoryPath.slice(root.length + 1) : undefined;
}

export function modelDir(model: string): string {
  return `${MODELS_DIR}/${model}`;
}
export function modelFilePath(model: string): string {
  return `${MODELS_DIR}/${model}/${MODEL_FILE}`;
}
export function versionsDir(model: string): string {
  return `${MODELS_DIR}/${model}/${VERSIONS_DIR}`;
}
export function versionFilePath(model: string, version: string): string {
  return `${MODELS_DIR}/${model}/${VERSIONS_DIR}/${version}${VERSION_SUFFIX}`;
}

export function isValidModelName(name: string): boolean {
  return MODEL_NAME.test(name);
}
export function isValidVersionName(version: string): boolean {
  return SEMVER.test(version);
}

export function classifyPath(path: string): RegistryPath {
  if (path === POLICY_PATH) return { kind: 'policy' };
  const parts = path.split('/');
  if (parts[0] !== MODELS_DIR) return { kind: 'outside' };
  const model = parts[1];
  if (model === undefined || parts.length === 2) {
    return { kind: 'unexpected', reason: 'files directly under models/ are not part of the layout' };
  }
  if (!isValidModelName(model)) {
    return { kind: 'unexpected', reason: `"${model}" is not a valid model directory name`, model };
  }
  if (parts.length === 3 && parts[2] === MODEL_FILE) return { kind: 'model', model };
  if (parts.length === 3 && MODEL_DOC_FILES.has(parts[2]!)) return { kind: 'model-doc', model };
  if (parts.length === 4 && parts[2] === VERSIONS_DIR && parts[3]!.endsWith(VERSION_SUFFIX)) {
    const version = parts[3]!.slice(0, -VERSION_SUFFIX.length);
    if (!isValidVersionName(version)) {
      return { kind: 'unexpected', reason: `"${parts[3]}" is not named <semantic version>.yaml`, model };
    }
    return { kind: 'version', model, version };
  }
  return { kind: 'unexpected', reason: 'not part of the registry layout', model };
}
