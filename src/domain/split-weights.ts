/**
 * The holders of a split stage with their weights, and the deterministic
 * choice of one holder for a key (`resolve --pick`), which routers in other
 * languages reproduce from the description in docs/lifecycle.md.
 */
import semver from 'semver';
import { nodeCrypto } from './lazy-crypto.js';

export interface WeightedVersion {
  readonly version: string;
  readonly stage: string;
  readonly weight?: number | undefined;
}

export interface SplitHolder {
  readonly version: string;
  /** Percent of the stage's traffic; a sole holder without `weight:` takes 100. */
  readonly weight: number;
}

/** The versions holding `stage`, lowest version first, each with its weight (undefined: written without one, beside others). */
export function splitHolders(
  versions: readonly WeightedVersion[],
  stage: string,
): { version: string; weight: number | undefined }[] {
  const holders = versions.filter((v) => v.stage === stage).sort((a, b) => semver.compare(a.version, b.version));
  return holders.map((v) => ({ version: v.version, weight: v.weight ?? (holders.length === 1 ? 100 : undefined) }));
}

/** version → weight in `stage`; a version outside the stage is absent (weight 0). */
export function weightMap(versions: readonly WeightedVersion[], stage: string): Map<string, number> {
  return new Map(splitHolders(versions, stage).map((h) => [h.version, h.weight ?? 0]));
}

/**
 * The holder a key is sent to: the first 4 bytes of sha256(key as UTF-8), read
 * as a big-endian unsigned integer, modulo 100, give a bucket 0–99; the
 * holders, lowest version first, take consecutive ranges of buckets as wide
 * as their weights. The same key always gets the same holder while the
 * weights stay; raising a canary's weight only moves keys towards it.
 */
export function pickHolder(holders: readonly SplitHolder[], key: string): SplitHolder {
  const bucket = pickBucket(key);
  const ordered = [...holders].sort((a, b) => semver.compare(a.version, b.version));
  let cumulative = 0;
  for (const holder of ordered) {
    cumulative += holder.weight;
    if (bucket < cumulative) return holder;
  }
  // Weights that do not reach 100 (an invalid registry) leave the last buckets to the last holder.
  return ordered[ordered.length - 1]!;
}

/** 0–99: see pickHolder. */
export function pickBucket(key: string): number {
  const hash = nodeCrypto().createHash('sha256').update(key, 'utf8').digest();
  return hash.readUInt32BE(0) % 100;
}
