/**
 * The store for a URI, by scheme. Each adapter is imported when its scheme
 * is first used, so no command pays at start-up for an SDK it does not
 * need (the AWS and Azure SDKs are large); one store per scheme per run.
 */
import type { ArtifactStore, StoreOptions } from './artifact-store.js';
import { unsupportedScheme } from './http-client.js';

type StoreKind = 'file' | 'http' | 's3' | 'azure' | 'gcs';

/** Which adapter reads `uri`, or undefined when none does (hf://, runs:/, …). */
export function storeKindOf(uri: string): StoreKind | undefined {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(uri)?.[1]?.toLowerCase();
  if (scheme === undefined) return 'file';
  switch (scheme) {
    case 'file':
      return 'file';
    case 's3':
      return 's3';
    case 'gs':
      return 'gcs';
    case 'az':
      return 'azure';
    case 'http':
    case 'https':
      return /^https:\/\/[a-z0-9]{3,24}\.blob\.core\.windows\.net\//i.test(uri) ? 'azure' : 'http';
    default:
      return undefined;
  }
}

export class ArtifactStores {
  private readonly stores = new Map<StoreKind, Promise<ArtifactStore>>();

  constructor(readonly options: StoreOptions) {}

  /** The store that reads `uri`; ARTIFACT_STORE_UNSUPPORTED for a scheme none does. */
  async for(uri: string): Promise<ArtifactStore> {
    const kind = storeKindOf(uri);
    if (kind === undefined) throw unsupportedScheme(uri);
    let store = this.stores.get(kind);
    if (!store) {
      store = this.create(kind);
      this.stores.set(kind, store);
      store.catch(() => this.stores.delete(kind));
    }
    return store;
  }

  private async create(kind: StoreKind): Promise<ArtifactStore> {
    switch (kind) {
      case 'file':
        return (await import('./file-store.js')).createFileStore(this.options);
      case 'http':
        return (await import('./http-store.js')).createHttpStore(this.options);
      case 's3':
        return (await import('./s3-store.js')).createS3Store(this.options);
      case 'azure':
        return (await import('./azure-store.js')).createAzureStore(this.options);
      case 'gcs':
        return (await import('./gcs-store.js')).createGcsStore(this.options);
    }
  }
}
