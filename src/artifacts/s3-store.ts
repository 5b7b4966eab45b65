/**
 * s3://bucket/key through the AWS SDK v3: the standard credential chain
 * (environment, profiles, SSO, web identity, instance and container roles),
 * the region from AWS_REGION or the profile, and a custom endpoint for
 * S3-compatible stores (MinIO, R2, Ceph) from AWS_ENDPOINT_URL_S3 or
 * AWS_ENDPOINT_URL, addressed path-style. Loaded only when an s3:// URI is read.
 */
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
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
  'modelreg uses the standard AWS credential chain: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, SSO, web identity or the instance/container role. For MinIO, R2 or Ceph set AWS_ENDPOINT_URL_S3 too.';

export function createS3Store(options: StoreOptions): ArtifactStore {
  const { env } = options;
  const endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  if (endpoint !== undefined) {
    try {
      refusePlainHttp(new URL(endpoint), env);
    } catch (error) {
      if (error instanceof UserError) throw error;
      throw storeConfig(
        `AWS_ENDPOINT_URL_S3 is not a URL: ${endpoint}`,
        "Set it to the store's endpoint, e.g. https://minio.internal:9000.",
      );
    }
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const client = new S3Client({
    ...(region ? { region } : endpoint ? { region: 'us-east-1' } : {}),
    // S3-compatible stores: path-style addressing, and checksums only where the API requires them (the SDK's default
    // CRC trailers use aws-chunked uploads, which s3rver stores verbatim and older MinIO and Ceph refuse).
    ...(endpoint
      ? {
          endpoint,
          forcePathStyle: env.MODELREG_S3_PATH_STYLE !== '0',
          requestChecksumCalculation: 'WHEN_REQUIRED' as const,
          responseChecksumValidation: 'WHEN_REQUIRED' as const,
        }
      : {}),
    // Keys given in `env` (the library's option) win; otherwise the SDK's own chain reads process.env, profiles and roles.
    ...(env !== process.env && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? {
          credentials: {
            accessKeyId: env.AWS_ACCESS_KEY_ID,
            secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
            ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
          },
        }
      : {}),
    maxAttempts: (options.retries ?? DEFAULT_RETRIES) + 1,
    requestHandler: { requestTimeout: timeoutMs, connectionTimeout: timeoutMs },
  });
  const call = async <T>(uri: string, send: (bucket: string, key: string) => Promise<T>): Promise<T> => {
    const { bucket, key } = parseS3Uri(uri);
    try {
      return await send(bucket, key);
    } catch (error) {
      throw s3Failure(uri, error, timeoutMs);
    }
  };
  return {
    supportsRanges: true,
    stat: (uri) =>
      call(uri, async (Bucket, Key) => {
        const head = await client.send(new HeadObjectCommand({ Bucket, Key }));
        return { size: head.ContentLength, etag: head.ETag };
      }),
    read: (uri, offset = 0) =>
      call(uri, async (Bucket, Key) => {
        try {
          const object = await client.send(
            new GetObjectCommand({ Bucket, Key, ...(offset > 0 ? { Range: `bytes=${offset}-` } : {}) }),
          );
          return { stream: object.Body as Readable, offset: object.ContentRange ? offset : 0 };
        } catch (error) {
          if (offset > 0 && (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 416)
            return nothingFrom(offset);
          throw error;
        }
      }),
    put: (uri, body: Readable, size: number) =>
      call(uri, async (Bucket, Key) => {
        await client.send(new PutObjectCommand({ Bucket, Key, Body: body, ContentLength: size }));
      }),
  };
}

export function parseS3Uri(uri: string): { bucket: string; key: string } {
  // Keys are taken as written (aws s3 cp does the same): no percent-decoding.
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match)
    throw storeConfig(
      `${uri} is not s3://<bucket>/<key>`,
      'Name the bucket and the object key, e.g. s3://models/fraud/1.2.0/model.onnx.',
    );
  return { bucket: match[1]!, key: match[2]! };
}

function s3Failure(uri: string, error: unknown, timeoutMs: number): UserError {
  if (error instanceof UserError) return error;
  const e = error as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  const name = e.name ?? '';
  if (status === 404 || name === 'NotFound' || name === 'NoSuchKey' || name === 'NoSuchBucket')
    return notFound(uri, name || 'HTTP 404');
  if (
    status === 401 ||
    status === 403 ||
    /AccessDenied|InvalidAccessKeyId|SignatureDoesNotMatch|ExpiredToken|InvalidToken/.test(name)
  ) {
    return accessDenied(uri, name && name !== 'Unknown' ? name : `HTTP ${status}`, CREDENTIALS_HINT);
  }
  if (name === 'CredentialsProviderError') return accessDenied(uri, 'no AWS credentials found', CREDENTIALS_HINT);
  if (/Region is missing/i.test(e.message ?? '')) {
    return storeConfig(
      `no AWS region for ${uri}`,
      'Set AWS_REGION (or a region in the AWS profile), e.g. AWS_REGION=eu-west-1.',
    );
  }
  if (name === 'TimeoutError' || name === 'RequestTimeout' || e.code === 'ETIMEDOUT') return timedOut(uri, timeoutMs);
  return unreachable(
    uri,
    name && name !== 'Error' ? `${name}: ${e.message ?? ''}`.trim() : (e.code ?? e.message ?? String(error)),
  );
}
