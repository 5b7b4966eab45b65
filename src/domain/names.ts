/**
 * The names a registry gives things: models, stages, identifiers, versions.
 * Plain patterns, so that paths, references and the schemas (contract/) all
 * check a name the same way.
 */

/**
 * Names every JavaScript object inherits. A stage, metric or role named
 * `constructor` finds Object's own member in a plain-object lookup, and zod
 * drops a `__proto__` key without a word: such names are refused wherever a
 * name becomes a key.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  '__proto__',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'constructor',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'toString',
  'valueOf',
]);
// Written into the patterns (not a separate check) so that editors refuse them too.
export const NOT_RESERVED = `(?!(?:${[...RESERVED_NAMES].join('|')})$)`;

/** Device names Windows will not check out as a file or directory, with any extension (`aux.v2` too). */
const NOT_WINDOWS_DEVICE = '(?!(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\\.|$))';
/** No ".." anywhere: names become path components, which every checkout must be able to create. */
export const MODEL_NAME = new RegExp(
  `^${NOT_RESERVED}${NOT_WINDOWS_DEVICE}(?!.*\\.\\.)[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$`,
);
export const STAGE_NAME = new RegExp(`^${NOT_RESERVED}[a-z][a-z0-9_-]{0,31}$`);
/** Artifact roles, metric names, extension ids, param names: identifiers people type. */
export const IDENTIFIER = new RegExp(`^${NOT_RESERVED}[A-Za-z_][A-Za-z0-9_.-]{0,63}$`);
/** The semver.org grammar; written as a pattern so editors check it too. */
export const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
