/**
 * What the catalog is made of, as types alone: the read API (part of the
 * library) builds its documents from it without loading the catalog's code.
 */
import type { ModelEntry } from '../contract/model-schema.js';
import type { Policy } from '../contract/policy.js';
import type { VersionEntry } from '../contract/version-schema.js';
import type { HistoryEvent } from '../history/read-history.js';

export interface HolderSpan {
  readonly stage: string;
  readonly version: string;
  readonly from: string;
  /** null while it still holds the stage. */
  readonly until: string | null;
  /** In a split stage: the weight it held during the span (a ramp step starts a new span). */
  readonly weight?: number;
}

export interface ModelCatalog {
  readonly entry: ModelEntry;
  /** Ascending by semver. */
  readonly versions: readonly VersionEntry[];
  readonly spans: readonly HolderSpan[];
  /** Newest first: registrations, stage changes, rollbacks, deprecations. */
  readonly events: readonly HistoryEvent[];
  readonly lastChange: string | null;
}

export interface CatalogData {
  readonly title: string;
  readonly commit: string;
  readonly generated: string;
  readonly policy: Policy;
  readonly models: readonly ModelCatalog[];
  /** e.g. https://github.com/acme/registry, for commit and PR links. */
  readonly repositoryUrl: string | undefined;
}
