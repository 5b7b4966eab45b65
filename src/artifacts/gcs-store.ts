/**
 * gs://bucket/object through Cloud Storage's JSON API over https (no SDK:
 * two GETs are all a read needs). A bearer token from
 * GOOGLE_OAUTH_ACCESS_TOKEN (e.g. `gcloud auth print-access-token`), else
 * anonymous (a public bucket); STORAGE_EMULATOR_HOST points it at another
 * endpoint, as Google's own client libraries do.
 */
import {
  accessDenied,
  nothingFrom,
  notFound,
  storeConfig,
  unreachable,
  type ArtifactStore,
  type StoreOptions,
} from './artifact-store.js';
import { HttpClient, type HttpAnswer } from './http-client.js';

const PUBLIC_ENDPOINT = 'https://storage.googleapis.com';
const MAX_METADATA_BYTES = 1024 * 1024;

export function parseGcsUri(uri: string): { bucket: string; object: string } {
  const match = /^gs:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match)
    throw storeConfig(
      `${uri} is not gs://<bucket>/<object>`,
      'Name the bucket and the object, e.g. gs://models/fraud/1.2.0/model.onnx.',
    );
  return { bucket: match[1]!, object: match[2]! };
}

export function createGcsStore(options: StoreOptions): ArtifactStore {
  const client = new HttpClient(options);
  const emulator = options.env.STORAGE_EMULATOR_HOST;
  const endpoint = emulator
    ? (/^https?:\/\//.test(emulator) ? emulator : `http://${emulator}`).replace(/\/$/, '')
    : PUBLIC_ENDPOINT;
  const token = options.env.GOOGLE_OAUTH_ACCESS_TOKEN;
  const headers = token ? { authorization: `Bearer ${token}` } : undefined;
  const objectUrl = (uri: string) => {
    const { bucket, object } = parseGcsUri(uri);
    return `${endpoint}/storage/v1/b/${encodeURIComponent(bucket)}/o/${encodeURIComponent(object)}`;
  };
  return {
    supportsRanges: true,
    async stat(uri) {
      const answer = await client.send({
        method: 'GET',
        url: objectUrl(uri),
        endpoint: true,
        ...(headers ? { headers } : {}),
      });
      refuseGcsFailure(uri, answer);
      const metadata = parseMetadata(uri, await readCapped(answer));
      const size = Number(metadata.size);
      return { size: Number.isSafeInteger(size) ? size : undefined, etag: metadata.etag };
    },
    async read(uri, offset = 0) {
      const answer = await client.send({
        method: 'GET',
        url: `${objectUrl(uri)}?alt=media`,
        endpoint: true,
        offset,
        ...(headers ? { headers } : {}),
      });
      if (answer.status === 416 && offset > 0) {
        answer.body.destroy();
        return nothingFrom(offset);
      }
      refuseGcsFailure(uri, answer);
      return { stream: answer.body, offset: answer.status === 206 ? offset : 0 };
    },
  };
}

function refuseGcsFailure(uri: string, answer: HttpAnswer): void {
  if (answer.status === 200 || answer.status === 206) return;
  answer.body.destroy();
  if (answer.status === 404) throw notFound(uri, 'HTTP 404');
  if (answer.status === 401 || answer.status === 403) {
    throw accessDenied(
      uri,
      `HTTP ${answer.status}`,
      'Set GOOGLE_OAUTH_ACCESS_TOKEN to a token with storage.objects.get on the bucket (gcloud auth print-access-token).',
    );
  }
  throw unreachable(uri, `HTTP ${answer.status}`);
}

function parseMetadata(uri: string, text: string): { size?: string; etag?: string } {
  try {
    return JSON.parse(text) as { size?: string; etag?: string };
  } catch {
    throw unreachable(uri, 'the object metadata is not JSON (is STORAGE_EMULATOR_HOST a Cloud Storage endpoint?)');
  }
}

async function readCapped(answer: HttpAnswer): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of answer.body) {
    length += (chunk as Buffer).length;
    if (length > MAX_METADATA_BYTES) {
      answer.body.destroy();
      throw unreachable(answer.url.href, 'object metadata over 1 MiB');
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
