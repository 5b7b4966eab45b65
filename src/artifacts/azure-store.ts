/**
 * Azure Blob Storage through @azure/storage-blob: az://<account>/<container>/<blob>
 * and https://<account>.blob.core.windows.net/<container>/<blob>. Credentials
 * from AZURE_STORAGE_CONNECTION_STRING (also how Azurite and other endpoints
 * are named), else AZURE_STORAGE_KEY or AZURE_STORAGE_SAS_TOKEN for the
 * URI's account, else anonymous (a public container). Loaded only when such
 * a URI is read.
 */
import {
  AnonymousCredential,
  BlobServiceClient,
  StorageSharedKeyCredential,
  type StoragePipelineOptions,
} from '@azure/storage-blob';
import type { Readable } from 'node:stream';
import { UserError } from '../domain/errors.js';
import {
  accessDenied,
  DEFAULT_RETRIES,
  DEFAULT_TIMEOUT_MS,
  nothingFrom,
  notFound,
  storeConfig,
  timedOut,
  unreachable,
  type ArtifactStore,
  type StoreOptions,
} from './artifact-store.js';
import { refusePlainHttp } from './http-client.js';

const CREDENTIALS_HINT =
  'Set AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_KEY (the account key) or AZURE_STORAGE_SAS_TOKEN for the account the URI names.';
const BLOB_HOST = /^([a-z0-9]{3,24})\.blob\.core\.windows\.net$/;

/** Whether `uri` is an Azure Blob URI this store reads (the https form is routed here by host). */
export function isAzureBlobUri(uri: string): boolean {
  if (uri.startsWith('az://')) return true;
  try {
    const url = new URL(uri);
    return url.protocol === 'https:' && BLOB_HOST.test(url.hostname);
  } catch {
    return false;
  }
}

export function parseAzureUri(uri: string): { account: string; container: string; blob: string } {
  const url = URL.canParse(uri) ? new URL(uri) : undefined;
  const account = url?.protocol === 'az:' ? url.hostname : url && BLOB_HOST.exec(url.hostname)?.[1];
  const path = url && /^\/([a-z0-9-]{3,63})\/(.+)$/.exec(url.pathname);
  if (!account || !/^[a-z0-9]{3,24}$/.test(account) || !path) {
    throw storeConfig(
      `${uri} is not az://<account>/<container>/<blob>`,
      'e.g. az://acmemodels/models/fraud/1.2.0/model.onnx, or https://acmemodels.blob.core.windows.net/models/fraud/1.2.0/model.onnx.',
    );
  }
  return { account, container: path[1]!, blob: decodeURIComponent(path[2]!) };
}

export function createAzureStore(options: StoreOptions): ArtifactStore {
  const { env } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const pipeline: StoragePipelineOptions = {
    // tryTimeoutInMs ends at the response headers; pull's own watchdog covers a stalled body.
    retryOptions: {
      maxTries: (options.retries ?? DEFAULT_RETRIES) + 1,
      tryTimeoutInMs: timeoutMs,
      retryDelayInMs: 200,
      maxRetryDelayInMs: 2000,
    },
  };
  const services = new Map<string, BlobServiceClient>();
  const serviceFor = (account: string): BlobServiceClient => {
    let service = services.get(account);
    if (!service) {
      service = newService(account, env, pipeline);
      services.set(account, service);
    }
    return service;
  };
  const blobOf = (uri: string) => {
    const { account, container, blob } = parseAzureUri(uri);
    return serviceFor(account).getContainerClient(container).getBlobClient(blob);
  };
  const call = async <T>(uri: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw azureFailure(uri, error, timeoutMs);
    }
  };
  return {
    supportsRanges: true,
    stat: (uri) =>
      call(uri, async () => {
        const properties = await blobOf(uri).getProperties();
        return { size: properties.contentLength, etag: properties.etag };
      }),
    read: (uri, offset = 0) =>
      call(uri, async () => {
        // Resuming is pull's job (it knows what it has written): no hidden re-requests here.
        try {
          const download = await blobOf(uri).download(offset, undefined, { maxRetryRequests: 0 });
          return { stream: download.readableStreamBody as Readable, offset };
        } catch (error) {
          if (offset > 0 && (error as { statusCode?: number }).statusCode === 416) return nothingFrom(offset);
          throw error;
        }
      }),
    put: (uri, body: Readable) =>
      call(uri, async () => {
        await blobOf(uri).getBlockBlobClient().uploadStream(body);
      }),
  };
}

function newService(account: string, env: NodeJS.ProcessEnv, pipeline: StoragePipelineOptions): BlobServiceClient {
  const connection = env.AZURE_STORAGE_CONNECTION_STRING;
  if (connection) {
    const named = /(?:^|;)AccountName=([^;]+)/i.exec(connection)?.[1];
    if (named !== undefined && named !== account) {
      throw storeConfig(
        `AZURE_STORAGE_CONNECTION_STRING is for account ${named}, but the URI names ${account}`,
        'Use a connection string for the account the URI names, or AZURE_STORAGE_KEY / AZURE_STORAGE_SAS_TOKEN.',
      );
    }
    const endpoint = /(?:^|;)BlobEndpoint=([^;]+)/i.exec(connection)?.[1];
    if (endpoint) refusePlainHttp(new URL(endpoint), env);
    else if (/DefaultEndpointsProtocol=http(;|$)/i.test(connection))
      refusePlainHttp(new URL(`http://${account}.blob.core.windows.net`), env);
    try {
      return BlobServiceClient.fromConnectionString(connection, pipeline);
    } catch (error) {
      throw storeConfig(
        `AZURE_STORAGE_CONNECTION_STRING is not a valid connection string (${(error as Error).message})`,
        "Copy it from the storage account's Access keys page, or unset it.",
      );
    }
  }
  const url = `https://${account}.blob.core.windows.net`;
  if (env.AZURE_STORAGE_KEY)
    return new BlobServiceClient(url, new StorageSharedKeyCredential(account, env.AZURE_STORAGE_KEY), pipeline);
  if (env.AZURE_STORAGE_SAS_TOKEN)
    return new BlobServiceClient(
      `${url}?${env.AZURE_STORAGE_SAS_TOKEN.replace(/^\?/, '')}`,
      new AnonymousCredential(),
      pipeline,
    );
  return new BlobServiceClient(url, new AnonymousCredential(), pipeline);
}

function azureFailure(uri: string, error: unknown, timeoutMs: number): UserError {
  if (error instanceof UserError) return error;
  const e = error as { name?: string; code?: string; statusCode?: number; message?: string };
  if (e.statusCode === 404) return notFound(uri, e.code ?? 'HTTP 404');
  if (e.statusCode === 401 || e.statusCode === 403)
    return accessDenied(uri, e.code ?? `HTTP ${e.statusCode}`, CREDENTIALS_HINT);
  if (e.name === 'AbortError' || e.code === 'ETIMEDOUT') return timedOut(uri, timeoutMs);
  return unreachable(uri, e.code ?? e.message ?? String(error));
}
