/**
 * Lookups in objects whose keys come from files. `record[key]` finds
 * inherited members (`constructor`, `toString`) for keys the file never
 * wrote, and `key in record` says yes to them; these see own keys only.
 */

/** The value stored under `key` by the file itself, or undefined. */
export function ownValue<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Whether the file itself wrote `key`. */
export function hasOwnKey(record: object | undefined, key: string): boolean {
  return record !== undefined && Object.hasOwn(record, key);
}
