/**
 * Reading one object to the end, hashing as it goes: the part pull and
 * verify share. A failure mid-stream (reset, stall, early end) resumes from
 * the byte reached when the store takes ranges, so a dropped connection
 * costs a request, not the download. A stream that goes beyond the size
 * the registry records is cut off there: a wrong or hostile store cannot
 * fill the disk.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { UserError } from '../domain/errors.js';
import { DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS, timedOut, type ArtifactStore } from './artifact-store.js';
import { asStoreFailure, retryable } from './http-client.js';

export interface TransferOptions {
  readonly timeoutMs?: number;
  readonly retries?: number;
  /** Stop reading beyond this many bytes (the size the registry records). */
  readonly maxBytes?: number;
  /** Each chunk, in order, after it is hashed (pull writes it to the partial file). */
  readonly sink?: (chunk: Buffer) => Promise<void>;
  /** Called when the store sent the whole object instead of the rest: the sink must start over. */
  readonly restart?: () => Promise<void>;
  /** Bytes as they arrive (progress). */
  readonly onBytes?: (count: number) => void;
  readonly signal?: AbortSignal;
}

export interface Transferred {
  readonly digest: string;
  readonly size: number;
  /** More bytes arrived than maxBytes allows; reading stopped there. */
  readonly overflow: boolean;
}

/** A hash and byte count that a resumed transfer continues from. */
export interface TransferStart {
  readonly hash: Hash;
  readonly offset: number;
}

export function freshStart(): TransferStart {
  return { hash: createHash('sha256'), offset: 0 };
}

/** The hash state after the bytes already in `path` (a partial download being resumed). */
export async function startFromFile(path: string): Promise<TransferStart> {
  const hash = createHash('sha256');
  let offset = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    offset += (chunk as Buffer).length;
  }
  return { hash, offset };
}

export async function transfer(
  store: ArtifactStore,
  uri: string,
  start: TransferStart,
  options: TransferOptions = {},
): Promise<Transferred> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retries = options.retries ?? DEFAULT_RETRIES;
  let { hash, offset } = start;
  for (let attempt = 0; ; attempt++) {
    const before = offset;
    try {
      if (options.maxBytes !== undefined && offset >= options.maxBytes && offset > 0) break;
      const body = await store.read(uri, store.supportsRanges ? offset : 0);
      if (body.offset !== offset) {
        hash = createHash('sha256');
        offset = 0;
        await options.restart?.();
      }
      for await (const chunk of idleTimeout(body.stream, timeoutMs, () => timedOut(uri, timeoutMs), options.signal)) {
        const bytes = chunk as Buffer;
        if (options.maxBytes !== undefined && offset + bytes.length > options.maxBytes) {
          const fits = bytes.subarray(0, options.maxBytes - offset);
          hash.update(fits);
          await options.sink?.(fits);
          body.stream.destroy();
          return { digest: `sha256:${hash.digest('hex')}`, size: options.maxBytes, overflow: true };
        }
        hash.update(bytes);
        await options.sink?.(bytes);
        offset += bytes.length;
        options.onBytes?.(bytes.length);
      }
      // A clean end short of the recorded size may be a dropped connection: ask for the rest while that brings bytes.
      const short = options.maxBytes !== undefined && offset < options.maxBytes;
      if (!short || offset === before || attempt >= retries || !store.supportsRanges) break;
    } catch (error) {
      if (options.signal?.aborted) throw error;
      if (attempt >= retries || !retryable(error)) throw asStoreFailure(error, uri, timeoutMs);
    }
    await sleep(200 * 2 ** attempt);
  }
  return { digest: `sha256:${hash.digest('hex')}`, size: offset, overflow: false };
}

/** The stream's chunks; fails when none arrives for `ms` (and destroys the stream), or when `signal` aborts. */
async function* idleTimeout(
  stream: Readable,
  ms: number,
  onTimeout: () => UserError,
  signal: AbortSignal | undefined,
): AsyncGenerator<unknown> {
  const iterator = stream[Symbol.asyncIterator]();
  try {
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      let timer: NodeJS.Timeout | undefined;
      const stalled = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(onTimeout()), ms);
      });
      try {
        const next = await Promise.race([iterator.next(), stalled]);
        if (next.done) return;
        yield next.value;
      } finally {
        clearTimeout(timer);
      }
    }
  } finally {
    stream.destroy();
  }
}
