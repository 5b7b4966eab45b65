/** sha256 and size of an object read from its store: register's digest when no local copy is given. */
import { UserError } from '../domain/errors.js';
import { displayUri, type StoreOptions } from './artifact-store.js';
import { ArtifactStores } from './stores.js';
import { freshStart, transfer } from './transfer.js';

/**
 * Streams `uri` once, hashing it. The size the store reports first bounds the
 * read and must be what arrives: a connection that ends early is resumed, and
 * an object that still comes up short is refused rather than pinned.
 */
export async function digestFromStore(
  uri: string,
  options: StoreOptions,
  stores = new ArtifactStores(options),
): Promise<{ digest: string; size: number }> {
  const store = await stores.for(uri);
  const { size: expected } = await store.stat(uri);
  const received = await transfer(store, uri, freshStart(), {
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    maxBytes: expected,
  });
  if (expected !== undefined && (received.size !== expected || received.overflow)) {
    throw new UserError(
      'ARTIFACT_SIZE_MISMATCH',
      `${displayUri(uri)}: the store reports ${expected} bytes but ${received.overflow ? 'sent more' : `sent ${received.size}`}`,
      'The object changed while it was read, or the store is misbehaving: try again, or pass --file <role>=<local copy>.',
    );
  }
  return { digest: received.digest, size: received.size };
}
